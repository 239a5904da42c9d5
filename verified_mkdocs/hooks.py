"""MkDocs hooks: make every failure stop the build with the page's name, and publish the claims.

Each workaround for a tool's default is here, with the upstream issue it works around.
"""

from __future__ import annotations

import functools
import json
import logging
import pickle
import re
import sys
from pathlib import Path

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from verified import claims, matrix
from verified_mkdocs import lab_runs, mermaid, notebook_bundle, notebook_html, preview_cache, search_worker, shared_runs
from verified_mkdocs.fences import FenceError, refuse_main_guard
from verified.render import ledger_html

log = logging.getLogger("mkdocs.hooks.verified")

LEDGER_PLACEHOLDER = "<!-- claims-ledger -->"

_current_page = "(no page)"
_notebook_files: list = []  # this language's lab pages, to write as .ipynb after the build
_site_root: Path | None = None


def on_startup(command, dirty):
    # Executed blocks and notebooks may reuse earlier results while serving, never in a build.
    preview_cache.configure(command)


@event_priority(-50)  # after markdown-exec has added its fences, before i18n re-configures
def on_config(config):
    global _site_root
    # mkdocs-static-i18n builds each further language inside the first build's
    # on_post_build, calling on_config again: measure once, for all languages.
    if not getattr(config.plugins.get("i18n"), "building", False):
        _site_root = Path(config.site_dir)
        claims.reset()
        shared_runs.start_build()
        lab_runs.start_build()
        _forget_snippet_modules()
        _read_other_ledgers(config)
    preview_cache.prepare(config)
    _guard_python_fences(config)
    _execute_labs_once(config.extra["notebook_cell_timeout"])
    _unicode_notebook_anchors()
    _name_the_page_in_execution_warnings()
    return config


def _read_other_ledgers(config) -> None:
    """The other environments' ledgers that this build shows beside its own verdicts (verified/matrix.py)."""
    from verified.project import ROOT
    from verified.provenance import commit, sources_digest

    folder = config.extra.get("ledgers")
    folder = ROOT / folder if folder else None
    accepted, refused = matrix.configure(folder, commit=commit(), sources=sources_digest())
    for refusal in refused:
        log.info("Other environments: %s", refusal)
    log.info("Other environments judged on this code: %s", ", ".join(ledger["name"] for ledger in accepted) or "none")


def _forget_snippet_modules() -> None:
    # `mkdocs serve` keeps one process: without this, an edited snippet module stays stale.
    for name in [n for n in sys.modules if n == "snippets" or n.startswith("snippets.")]:
        del sys.modules[name]
    claims.REGISTRY.clear()


def _guard_python_fences(config) -> None:
    """Wrap markdown-exec's Python formatter: refuse `__main__` guards, and turn `sys.exit()`
    into a reported error (markdown-exec catches only Exception, so SystemExit ends MkDocs
    silently with the block's exit code)."""
    fences = config.mdx_configs.get("pymdownx.superfences", {}).get("custom_fences", [])
    for fence in fences:
        if fence.get("name") == "python" and not getattr(fence["format"], "verified", False):
            fence["format"] = _guarded(fence["format"])


def _guarded(format_fence):
    def format_python(src, language, css_class, options, md, **kwargs):
        where = f"{_current_page}, block id '{options.get('id') or '(no id)'}'"
        try:
            refuse_main_guard(src, where)
            return preview_cache.run(format_fence, src, language, css_class, options, md, **kwargs)
        except FenceError as error:
            log.error(str(error))
        except SystemExit as exit_:
            log.error(f"{where}: the block called sys.exit({exit_.code!r}); an executed block must not end the build")
        return Markup('<div class="admonition failure"><p>This block failed; see the build log.</p></div>')

    format_python.verified = True
    return format_python


def _execute_labs_once(seconds: int) -> None:
    # mkdocs-jupyter executes each notebook page in a kernel of its own and exposes no execution
    # timeout (jupyter/mkdocs-jupyter#173). Labs run here instead: once per build for both
    # languages, each cell bounded by extra.notebook_cell_timeout (verified_mkdocs/lab_runs.py).
    from mkdocs_jupyter import convert

    nb2html = getattr(convert.nb2html, "wrapped", convert.nb2html)

    def execute_once(path, execute=False, **options):
        if not execute:
            return nb2html(path, **options)
        try:
            return lab_runs.render(nb2html, path, timeout=seconds, **options)
        except lab_runs.LabError as error:
            raise PluginError(str(error)) from None

    execute_once.wrapped = nb2html
    convert.nb2html = execute_once


def _unicode_notebook_anchors() -> None:
    # mkdocs-jupyter slugs notebook headings to ASCII, so a Russian heading gets an empty id
    # while the page's table of contents links to "#_1" (no upstream issue found). Give the
    # heading ids and the table of contents the same Unicode slug, not percent-encoded.
    from markdown.extensions.toc import TocExtension, slugify_unicode
    from mkdocs_jupyter import convert, plugin
    from nbconvert.filters import strings

    convert.slugify = lambda value: slugify_unicode(value, "-")
    strings._convert_header_id = lambda slug: slug  # imported inside mkdocs-jupyter's heading hook
    plugin.TocExtension = functools.partial(TocExtension, slugify=slugify_unicode)


class _NameThePage(logging.Filter):
    def filter(self, record):
        record.msg = f"{_current_page}: {record.msg}"
        return True


def _name_the_page_in_execution_warnings() -> None:
    # markdown-exec's warning for a failing block names the block, not the page.
    logger = logging.getLogger("mkdocs.plugins.markdown_exec._internal.formatters.base")
    if not any(isinstance(f, _NameThePage) for f in logger.filters):
        logger.addFilter(_NameThePage())


@event_priority(-110)  # after mkdocs-static-i18n (-100) has replaced the files
def on_files(files, config):
    # mkdocs-static-i18n turns mkdocs-jupyter's notebook files back into plain files, which
    # MkDocs then copies raw (ultrabug/mkdocs-static-i18n#198): mark them as pages again.
    for file in files:
        if _is_notebook(file):
            file.is_documentation_page = lambda: True
            _notebook_files.append(file)
    return files


def on_env(env, config, files):
    return preview_cache.templates(env)  # while serving, compiled theme templates carry over


def on_page_markdown(markdown, page, config, files):
    global _current_page
    _current_page = f"docs/{page.file.src_uri}"
    claims.context.update(lang=config.theme["language"], page=_current_page, url=page.url)
    return markdown


def _is_notebook(file) -> bool:
    return file.src_uri.startswith("labs/") and file.src_uri.endswith(".py")


_ID = re.compile(r'\bid="([^"]+)"')


def on_page_content(html, page, config, files):
    # MkDocs collects a page's anchors before custom fences' HTML comes out of the stash,
    # so a link to a claim (#claim-…) would count as broken (see mkdocs/mkdocs#3463).
    if page.present_anchor_ids is not None:
        page.present_anchor_ids |= set(_ID.findall(html))
    if _is_notebook(page.file):
        try:
            html = notebook_html.recast(html, _current_page)
        except notebook_html.NotebookMarkupError as error:
            raise PluginError(str(error)) from None
        # Material has no download button for notebooks; offer the .ipynb written in on_post_build.
        words = {"en": "Download this notebook", "ru": "Скачать блокнот"}[config.theme["language"]]
        link = f'<p><a class="md-button" href="{_notebook_name(page.file)}" download>{words} (.ipynb)</a></p>'
        return link + html
    return html


def _notebook_name(file) -> str:
    return Path(file.src_uri).stem.split(".")[0] + ".ipynb"


def on_page_context(context, page, config, nav):
    if LEDGER_PLACEHOLDER in (page.content or ""):
        # Every page's blocks have run by now (MkDocs renders all Markdown before any template).
        entries = [claims.ledger_entry(result) for result in claims.results().values()]
        prefix = "../" * page.url.count("/")  # from the ledger page back to the site root
        order = [(p.url, p.title) for p in nav.pages]
        page.content = page.content.replace(
            LEDGER_PLACEHOLDER, ledger_html(entries, config.theme["language"], prefix, order))
    return context


def on_post_page(output, page, config):
    try:
        return mermaid.add_to_page(output, page.url)
    except mermaid.MermaidError as error:
        raise PluginError(str(error)) from None


def on_build_error(error):
    lab_runs.finish_build()  # no kernel outlives a failed build


def on_post_build(config):
    import jupytext

    lab_runs.finish_build()  # every lab of this language has been rendered
    for file in _notebook_files:
        try:
            notebook = notebook_bundle.self_contained(jupytext.read(file.abs_src_path))
        except notebook_bundle.BundleError as error:
            raise PluginError(f"{file.src_uri}: {error}") from None
        jupytext.write(notebook, Path(file.abs_dest_path).parent / _notebook_name(file), fmt="ipynb")
    _notebook_files.clear()
    site_root = _site_root or Path(config.site_dir)
    try:
        search_worker.fix(site_root)  # both languages search with the one worker at the root
        mermaid.copy_to(site_root)
    except (search_worker.SearchWorkerError, mermaid.MermaidError) as error:
        raise PluginError(str(error)) from None
    preview_cache.save()
    if config.extra.get("results"):  # the tests' build: its page tests judge what it measured
        Path(config.extra["results"]).write_bytes(pickle.dumps(claims.results()))
    ledger = claims.ledger(list(claims.results().values()))
    for entry in ledger["claims"]:
        entry["environments"] = [matrix.environment_record(ledger, entry, "this build")] + [
            matrix.environment_record(other, found, other["name"])
            for other in matrix.others() if (found := matrix.entry_of(other, entry["id"]))]
    (site_root / "claims.json").write_text(json.dumps(ledger, indent=2, ensure_ascii=False))

"""Reuse executed blocks and notebooks while previewing with `mkdocs serve`; never in a build.

markdown-exec re-runs every block of every page in both languages on each rebuild (it has no
cache: pawamoy/markdown-exec#4), so a one-word edit under `mkdocs serve` waited for every claim
and listing of the site. While serving, and only then, a block's HTML is reused when nothing
that can change it has changed: its code after snippet expansion and its options, the content of
every file under snippets/ and verified/ and of mkdocs.yml (any edit there invalidates all:
simple and safe), the interpreter, and the page and language it is rendered for.

`mkdocs build`, `make build`, `make test` and pytest never reach this: it is off unless MkDocs
started with the command "serve" (on_startup), and nothing else turns it on.

Claims: each build starts with claims.reset(), so a reused claim block replays the Results it
used and the pages it reported on, and the ledger (claims.json, the ledger page) lists every
claim while serving too. If this build has already measured a claim afresh, a block holding an
older Result for it is run again, so both languages show the same figures.

The entries outlive the preview: each build's are kept in .cache/preview/ under the same key, so
`make serve` restarted with nothing changed shows the last preview's results at once.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import jinja2

from verified import claims
from verified.project import ROOT
from verified_mkdocs import shared_runs

KEPT = ROOT / ".cache" / "preview"  # the last preview's entries, for the next one
log = logging.getLogger("mkdocs.plugins.verified")
WATCHED = ("snippets", "verified", "verified_mkdocs")  # what executed code imports; an edit invalidates all

_enabled = False
_digest: str | None = None  # of WATCHED and mkdocs.yml, taken when a build starts
_config_file: str | None = None
_build_started: int | None = None  # time.time_ns() when the current build started
# File times come from the kernel's coarse clock, a tick behind time.time_ns(); an edit that
# started a rebuild is at least MkDocs' 0.1 s debounce older than the build.
_CLOCK_SLACK_NS = 50_000_000
# Entries used or made by this build, and by the one before; older ones are dropped, so memory
# stays at about two builds' worth however long the preview runs.
_current: dict[str, _Entry] = {}
_previous: dict[str, _Entry] = {}


@dataclass(frozen=True)
class _Entry:
    html: str
    results: dict  # claim id -> the claims.Result the block used
    reported: dict  # claim id -> {lang: url} the block reported it on


def configure(command: str) -> None:
    """From MkDocs' on_startup: reuse results only while serving."""
    global _enabled, _digest, _build_started
    _enabled = command == "serve"
    _digest = _build_started = None
    _current.clear()
    _previous.clear()
    _templates._code.clear()
    _search_entries.clear()


def enabled() -> bool:
    return _enabled


def prepare(config) -> None:
    """From on_config, for each build and each further language of it (mkdocs-static-i18n
    builds the other languages inside the first one's on_post_build)."""
    global _digest, _config_file, _build_started, _previous, _current
    if not _enabled:
        return
    if not getattr(config.plugins.get("i18n"), "building", False):
        _config_file = config.get("config_file_path")
        started = time.time_ns()
        _digest, newest = _snapshot(ROOT, _config_file)
        # A watched file written while the last build ran: a module it imported may hold code
        # that the digest taken at its start does not describe (even if the file is now back
        # as it was). Forget that build's entries rather than reuse them.
        if _build_started is not None and newest >= _build_started - _CLOCK_SLACK_NS:
            _current = {}
        first = _build_started is None
        _build_started = started
        _previous, _current = _current, {}
        if first and newest < started - _CLOCK_SLACK_NS:
            _previous = _load_kept()
    _cache_notebooks(config)
    _cache_search_entries()


def save() -> None:
    """From on_post_build, while serving: keep this build's entries for the next preview."""
    if not _enabled or _digest is None:
        return
    kept = {}
    for key, entry in _current.items():
        try:
            pickle.dumps(entry)
            kept[key] = entry
        except (pickle.PicklingError, TypeError, AttributeError):
            continue  # a figure that cannot be pickled: that block runs again next time
    KEPT.mkdir(parents=True, exist_ok=True)
    path = _kept_path()
    partial = path.with_suffix(".partial")
    partial.write_bytes(pickle.dumps(kept))  # as one: entries share their claims' results
    partial.replace(path)
    for older in KEPT.glob("*.pickle"):
        if older != path:
            older.unlink(missing_ok=True)


def _load_kept() -> dict:
    path = _kept_path()
    try:
        return pickle.loads(path.read_bytes())
    except FileNotFoundError:
        return {}
    except Exception as error:  # written by other code, or cut short: measure afresh
        log.info(f"preview: not reusing {path.relative_to(ROOT)} ({error!r})")
        return {}


def _kept_path() -> Path:
    # The digest covers the code; the interpreter is in each block's key too.
    return KEPT / f"{hashlib.sha256(f'{_digest}{sys.version}{sys.executable}'.encode()).hexdigest()[:16]}.pickle"


def sources_digest(root: Path = ROOT, config_file: str | None = None) -> str:
    return _snapshot(root, config_file)[0]


def _snapshot(root: Path, config_file: str | None) -> tuple[str, int]:
    """The digest of every watched file's path and content, and the newest modification time."""
    digest, newest = hashlib.sha256(), 0
    paths = [p for folder in WATCHED for p in sorted((root / folder).rglob("*"))]
    paths += [Path(config_file)] if config_file else []
    for path in paths:
        if path.is_file() and "__pycache__" not in path.parts:  # bytecode changes on every import
            digest.update(str(path.relative_to(root) if path.is_relative_to(root) else path).encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
            newest = max(newest, path.stat().st_mtime_ns)
    return digest.hexdigest(), newest


def block_key(src, language, css_class, options, kwargs, *, digest: str, context: dict) -> str:
    parts = (
        src,
        language,
        css_class,
        repr(sorted(options.items())),
        repr(sorted(kwargs.items())),
        digest,
        sys.version,
        sys.executable,
        context.get("lang"),
        context.get("page"),
        context.get("url"),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def run(format_fence, src, language, css_class, options, md, **kwargs):
    """Call markdown-exec's formatter, or reuse what it returned for the same inputs."""
    # Blocks without an id get ids from a counter markdown-exec resets every build: reused HTML
    # could then repeat an id on the page. Every block here has an id (tests/test_fences.py).
    if not _enabled or _digest is None or not options.get("id"):
        return shared_runs.run(format_fence, src, language, css_class, options, md, **kwargs)[0]
    key = block_key(src, language, css_class, options, kwargs, digest=_digest, context=claims.context)
    entry = _current.get(key) or _previous.get(key)
    if entry is not None and _replay(entry):
        _current[key] = entry
        return entry.html
    html, seen = shared_runs.run(format_fence, src, language, css_class, options, md, **kwargs)
    # Not reused: a block that warned (its warning must show again, and fail a strict build),
    # and one whose output adds headings to the page's table of contents (a side effect on this
    # page's Markdown that reused HTML would not repeat).
    if not seen.warned and not seen.added_headings:
        _current[key] = _Entry(html, seen.results, seen.reported)
    return html


def _replay(entry: _Entry) -> bool:
    for claim_id, result in entry.results.items():
        measured = claims._results.get(claim_id)
        if measured is not None and measured is not result:
            return False  # measured afresh in this build: run the block to show those figures
    for claim_id, result in entry.results.items():
        claims._results.setdefault(claim_id, result)
    for claim_id, pages in entry.reported.items():
        claims._reported_at.setdefault(claim_id, {}).update(pages)
    return True


# --- Theme templates ---------------------------------------------------------------------------


class _CompiledTemplates(jinja2.BytecodeCache):
    """Material's templates, compiled once per preview. MkDocs makes a new Jinja environment for
    every build and language, so each rebuild parsed and compiled about 90 templates twice
    (a cache was proposed upstream in mkdocs/mkdocs#3202, closed). Jinja checks each template's
    source checksum, so an edited template is compiled afresh."""

    def __init__(self):
        self._code: dict[str, tuple[str, object]] = {}

    def load_bytecode(self, bucket):
        checksum, code = self._code.get(bucket.key, (None, None))
        if checksum == bucket.checksum:
            bucket.code = code

    def dump_bytecode(self, bucket):
        self._code[bucket.key] = (bucket.checksum, bucket.code)


_templates = _CompiledTemplates()


def templates(env):
    """From on_env: keep compiled templates across rebuilds, only while serving."""
    if _enabled:
        env.bytecode_cache = _templates
    return env


# --- Notebooks ----------------------------------------------------------------------------------


def _cache_notebooks(config) -> None:
    """Turn on mkdocs-jupyter's cache while serving, with a key that also covers what the
    notebooks import. Its own key is the notebook's text and its options only, so a notebook
    stays stale when a snippet it imports changes (no upstream issue); the project keeps
    `cache: false` for every build."""
    plugin = config.plugins.get("mkdocs-jupyter")
    if plugin is None:
        return
    from mkdocs_jupyter import plugin as jupyter_plugin

    if not getattr(jupyter_plugin._compute_cache_key, "verified", False):
        jupyter_plugin._compute_cache_key = _notebook_key(jupyter_plugin._compute_cache_key)
    i18n = config.plugins.get("i18n")
    lang = (getattr(i18n, "current_language", None) or getattr(i18n, "default_language", None)) or "default"
    plugin.config["cache"] = True
    # One folder per language: mkdocs-jupyter deletes, after each build, the cache files that
    # build did not use, and mkdocs-static-i18n runs one build per language, so a shared folder
    # would lose the first language's notebooks on every rebuild (no upstream issue).
    plugin.config["cache_dir"] = str(ROOT / ".cache" / "mkdocs-jupyter" / "serve" / lang)


def _notebook_key(original):
    def key(nb_path, config, exec_nb):
        parts = (original(nb_path, config, exec_nb), _digest, sys.version, sys.executable)
        return hashlib.sha256(repr(parts).encode()).hexdigest()

    key.verified = True
    return key


# --- Search index -------------------------------------------------------------------------------


_search_entries: dict[str, list[dict]] = {}


def _cache_search_entries() -> None:
    """Material's search plugin parses every page's HTML on each rebuild, about 40 % of a
    preview rebuild. While serving, a page's entries are reused when everything they are made
    of is the same: the address, title, metadata, table of contents and HTML."""
    from material.plugins.search.plugin import SearchIndex

    add = SearchIndex.add_entry_from_context
    if getattr(add, "verified", False):
        return

    def add_entry_from_context(self, page):
        if not _enabled:
            return add(self, page)
        key = hashlib.sha256(
            repr((page.url, page.title, sorted(page.meta.items(), key=str), _toc(page.toc), page.content)).encode()
        ).hexdigest()
        if key in _search_entries:
            self.entries.extend(dict(entry) for entry in _search_entries[key])
            return None
        before = len(self.entries)
        add(self, page)
        _search_entries[key] = [dict(entry) for entry in self.entries[before:]]
        return None

    add_entry_from_context.verified = True
    SearchIndex.add_entry_from_context = add_entry_from_context


def _toc(items) -> list:
    return [(item.title, item.url, item.level, _toc(item.children)) for item in items]

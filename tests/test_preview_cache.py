"""Executed blocks are reused only while serving, and only for the same inputs."""

import logging
from types import SimpleNamespace

import jinja2
import markdown
import pytest
from block_doubles import CountingBlock as _Block

from verified import claims
from verified_mkdocs import hooks as mkdocs_hooks, preview_cache, shared_runs


class _Config(dict):
    """What preview_cache.prepare() reads from MkDocs' config."""

    def __init__(self, config_file=None):
        super().__init__(config_file_path=config_file)
        self.plugins = {}


@pytest.fixture(autouse=True)
def _isolated(one_build, tmp_path, monkeypatch):
    monkeypatch.setattr(preview_cache, "KEPT", tmp_path / "kept")  # not the project's own .cache/preview
    yield
    preview_cache.configure("build")  # off again, entries dropped


def _render(block, src="print(1)", options=None, md=None):
    options = {"id": "demo"} if options is None else options
    return preview_cache.run(block, src, "python", "python", options, md or markdown.Markdown(), classes=[], attrs={})


def _serving():
    mkdocs_hooks.on_startup(command="serve", dirty=False)
    preview_cache.prepare(_Config())


@pytest.mark.parametrize("command", ["build", "gh-deploy"])
def test_off_unless_the_command_is_serve(command):
    mkdocs_hooks.on_startup(command=command, dirty=False)  # what `mkdocs build` / `make build` call
    preview_cache.prepare(_Config())
    block = _Block()
    first = _render(block)
    shared_runs.start_build()  # the next build
    assert _render(block) != first
    assert block.runs == 2 and not preview_cache.enabled()


@pytest.mark.parametrize("command", ["build", "serve"])
def test_compiled_templates_carry_over_only_while_serving(command):
    mkdocs_hooks.on_startup(command=command, dirty=False)
    env = mkdocs_hooks.on_env(jinja2.Environment(), config=None, files=None)
    assert (env.bytecode_cache is not None) == (command == "serve")


def test_off_under_pytest():
    # pytest runs fences through verified_pytest.plugin, which never starts MkDocs.
    assert not preview_cache.enabled()
    block = _Block()
    _render(block)
    shared_runs.start_build()
    _render(block)
    assert block.runs == 2


def test_equal_inputs_hit_while_serving():
    _serving()
    block = _Block(effect=lambda: claims.context["lang"])  # output in the page's language
    first = _render(block)
    assert _render(block) == first and block.runs == 1
    _render(block, src="print(2)")  # other code
    _render(block, options={"id": "demo", "result": "text"})  # other options
    claims.context.update(lang="ru")  # the other language's page
    _render(block)
    assert block.runs == 4


def test_the_key_changes_when_a_snippet_file_changes(tmp_path):
    for folder in preview_cache.WATCHED:
        (tmp_path / folder).mkdir()
    snippet = tmp_path / "snippets" / "claims.py"
    snippet.write_text("DELAY = 0.1\n")
    (tmp_path / "verified" / "claims.py").write_text("API = 1\n")
    before = preview_cache.sources_digest(tmp_path)
    (tmp_path / "snippets" / "__pycache__").mkdir()
    (tmp_path / "snippets" / "__pycache__" / "claims.cpython.pyc").write_bytes(b"\0")
    assert preview_cache.sources_digest(tmp_path) == before  # bytecode is not a source
    snippet.write_text("DELAY = 0.2\n")
    after = preview_cache.sources_digest(tmp_path)
    assert after != before
    key = dict(src="x", language="python", css_class="python", options={"id": "a"}, kwargs={}, context={"lang": "en"})
    assert preview_cache.block_key(**key, digest=before) != preview_cache.block_key(**key, digest=after)


def test_a_rebuild_after_a_snippet_edit_runs_the_block_again(monkeypatch):
    _serving()
    block = _Block()
    _render(block)
    digests = iter(["edited", "edited"])
    monkeypatch.setattr(preview_cache, "_snapshot", lambda root, config_file: (next(digests), 0))
    shared_runs.start_build()  # the rebuild, as on_config starts it
    preview_cache.prepare(_Config())
    _render(block)
    assert block.runs == 2


def test_reused_claim_blocks_keep_the_ledger_complete():
    _serving()
    result = SimpleNamespace(verdict="verified")

    def report():  # what Claim.report() does to the ledger
        if "demo-claim" not in claims._results:
            claims._results["demo-claim"] = result
        claims._results["demo-claim"]
        claims._reported_at.setdefault("demo-claim", {})["en"] = "demo/"

    block = _Block(report)
    _render(block)
    claims.reset()  # every rebuild starts with an empty ledger
    _render(block)
    assert block.runs == 1
    assert claims.results()["demo-claim"] is result
    assert claims.reported_at()["demo-claim"] == {"en": "demo/"}
    claims.reset()
    claims._results["demo-claim"] = SimpleNamespace(verdict="verified")  # measured afresh this build
    _render(block)
    assert block.runs == 2  # shows this build's figures, not the reused ones


def test_a_restarted_preview_reuses_the_last_one_with_its_claims():
    from snippets.concurrency.claims import ONE_CPU_CONCURRENCY  # any real claim: results pickle by reference

    claims.reset()  # not the result this session's build measured (put back after the test)
    _serving()
    result = claims.evaluate(ONE_CPU_CONCURRENCY, measure=lambda: {f.figure: 1.0 for f in ONE_CPU_CONCURRENCY.expect})

    def report():  # what Claim.report() does to the ledger
        claims._results.setdefault(ONE_CPU_CONCURRENCY.id, result)
        claims._results[ONE_CPU_CONCURRENCY.id]

    block = _Block(report)
    html = _render(block)
    preview_cache.save()
    claims.reset()
    _serving()  # `make serve` again: a new process would start the same way
    assert _render(block) == html and block.runs == 1
    reused = claims.results()[ONE_CPU_CONCURRENCY.id]
    assert reused.claim is ONE_CPU_CONCURRENCY and reused.checks[0].expect is ONE_CPU_CONCURRENCY.expect[0]
    assert reused.figures == result.figures and reused.ended == result.ended


def test_blocks_that_warn_or_have_no_id_are_not_reused():
    _serving()
    warns = _Block(lambda: logging.getLogger("mkdocs.plugins.markdown_exec").warning("block failed"))
    _render(warns), _render(warns)
    anonymous = _Block()
    _render(anonymous, options={}), _render(anonymous, options={})
    assert warns.runs == 2 and anonymous.runs == 2


def test_notebook_key_covers_the_sources_and_the_interpreter(monkeypatch):
    key = preview_cache._notebook_key(lambda nb_path, config, exec_nb: "notebook text and options")
    monkeypatch.setattr(preview_cache, "_digest", "one")
    first = key("lab.py", {}, True)
    monkeypatch.setattr(preview_cache, "_digest", "two")
    assert key("lab.py", {}, True) != first


def _search_page(content):
    from mkdocs.structure.toc import get_toc

    return SimpleNamespace(url="demo/", title="Demo", meta={}, content=content,
                           toc=get_toc([{"level": 1, "id": "demo", "name": "Demo", "children": []}]))


@pytest.mark.parametrize("command", ["build", "serve"])
def test_search_entries_are_reused_only_while_serving_and_only_for_the_same_page(command, monkeypatch):
    from material.plugins.search import plugin as search

    mkdocs_hooks.on_startup(command=command, dirty=False)
    preview_cache.prepare(_Config())
    parsed = []
    monkeypatch.setattr(search.Parser, "feed", lambda self, data, feed=search.Parser.feed: (parsed.append(data), feed(self, data))[1])
    index = search.SearchIndex()
    page = _search_page('<h1 id="demo">Demo</h1><p>one</p>')
    index.add_entry_from_context(page)
    index.add_entry_from_context(page)
    assert index.entries[0] == index.entries[1] and "one" in index.entries[0]["text"]
    assert len(parsed) == (1 if command == "serve" else 2)
    index.add_entry_from_context(_search_page('<h1 id="demo">Demo</h1><p>two</p>'))  # edited
    assert len(index.entries) == 3 and "two" in index.entries[2]["text"]

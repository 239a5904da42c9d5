"""Within one build, a block that cannot depend on its page runs once for both languages."""

import logging

import markdown
import pytest
from markupsafe import Markup

from verified import claims, shared_runs


@pytest.fixture(autouse=True)
def _one_build():
    context, results = dict(claims.context), dict(claims._results)
    shared_runs.start_build()
    yield
    shared_runs.start_build()
    claims.context.clear()
    claims.context.update(context)
    claims._results.clear()
    claims._results.update(results)


class _Block:
    """A stand-in for markdown-exec's formatter that counts how often it runs."""

    def __init__(self, effect=None):
        self.runs = 0
        self.effect = effect

    def __call__(self, src, language, css_class, options, md, **kwargs):
        self.runs += 1
        if self.effect:
            self.effect()
        return Markup(f"<p>{src} #{self.runs}</p>")


def _render_in(lang, block, options=None):
    claims.context.update(lang=lang, page=f"docs/page.{lang}.md", url=f"{lang}/page/")
    options = {"id": "demo"} if options is None else options
    return shared_runs.run(block, "print(1)", "python", "python", options, markdown.Markdown())[0]


def test_the_same_block_runs_once_for_both_languages():
    block = _Block()
    assert _render_in("en", block) == _render_in("ru", block)
    assert block.runs == 1
    shared_runs.start_build()  # every build executes every block afresh
    _render_in("en", block)
    assert block.runs == 2


def _warn():
    logging.getLogger("mkdocs.plugins.markdown_exec").warning("a warning every page must show")


@pytest.mark.parametrize(
    "effect",
    [
        lambda: claims.context["lang"],  # a verdict or a figure in the page's language
        lambda: claims.context.get("url"),  # where a claim was reported
        lambda: claims._results["some-claim"],  # a claim's result
        _warn,
    ],
    ids=["reads-the-language", "reads-the-address", "uses-a-claim", "warns"],
)
def test_a_block_that_depends_on_its_page_runs_on_every_page(effect):
    claims._results["some-claim"] = object()
    block = _Block(effect)
    _render_in("en", block), _render_in("ru", block)
    assert block.runs == 2


def test_other_options_or_no_id_run_again():
    block = _Block()
    _render_in("en", block)
    _render_in("ru", block, options={"id": "demo", "result": "text"})
    _render_in("en", block, options={})
    _render_in("ru", block, options={})
    assert block.runs == 4

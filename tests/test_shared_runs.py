"""Within one build, a block that cannot depend on its page runs once for both languages."""

import logging

import markdown
import pytest
from block_doubles import CountingBlock as _Block

from verified import claims
from verified_mkdocs import shared_runs


pytestmark = pytest.mark.usefixtures("one_build")


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

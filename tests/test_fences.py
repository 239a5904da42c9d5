"""Every Python fence on the site is executed and tested, or display-only with a reason and a twin."""

import re

import pytest

from verified_mkdocs.fences import ROOT, fences_in, find_main_guard, pages, python_fence_problems

INCLUDE = re.compile(r'^\s*--8<--\s+"([^"]+)"', re.M)


@pytest.mark.parametrize("page", pages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_python_fence_is_executed_or_display_only_with_reason(page):
    page_fences = fences_in(page)
    problems = [problem for fence in page_fences for problem in python_fence_problems(fence, page_fences)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page", pages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_executed_block_ids_are_unique_on_the_page(page):
    ids = [f.option("id") for f in fences_in(page) if f.executed]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"{page.relative_to(ROOT)}: block ids used twice: {duplicates}"


@pytest.mark.parametrize("page", pages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_included_snippets_exist(page):
    missing = [path for path in INCLUDE.findall(page.read_text(encoding="utf-8")) if not (ROOT / path).is_file()]
    assert not missing, f"{page.relative_to(ROOT)} includes missing files: {missing}"


def test_the_fence_rules_catch_each_kind_of_mistake(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        '```python\nprint("plain")\n```\n\n'
        '```python exec="1"\nprint("no id")\n```\n\n'
        '```{.python notest}\nwhile True: pass\n```\n\n'
        '```{.python notest title="Runs forever" twin="nowhere"}\nwhile True: pass\n```\n\n'
        '```python exec="1" id="ok"\nprint(1)\n```\n'
    )
    page_fences = fences_in(page)
    problems = [p for f in page_fences for p in python_fence_problems(f, page_fences)]
    assert len(problems) == 5, problems
    assert any("neither executed" in p for p in problems)
    assert any("no id" in p for p in problems)
    assert any("no visible reason" in p for p in problems)
    assert any("names no runnable twin" in p for p in problems)
    assert any('twin="nowhere"' in p for p in problems)


def test_main_guard_is_found_in_either_spelling():
    assert find_main_guard('if __name__ == "__main__":\n    main()\n') == 1
    assert find_main_guard("x = 1\nif '__main__' == __name__:\n    pass\n") == 2
    assert find_main_guard("print(__name__)\n") is None

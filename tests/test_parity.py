"""The English and Russian editions have the same pages, listings, claims and pictures."""

import re

import pytest

from verified_mkdocs.fences import DOCS, ROOT, fences_in

ENGLISH = sorted(p for p in DOCS.rglob("*.md") if not p.name.endswith(".ru.md"))
NOTEBOOKS = sorted(p for p in (DOCS / "labs").glob("*.py") if not p.name.endswith(".ru.py"))


def twin(page):
    return page.with_name(page.name.replace(page.suffix, f".ru{page.suffix}", 1))


def inventory(page):
    """What must be the same in both languages: included files, executed blocks, claims, pictures."""
    text = page.read_text(encoding="utf-8")
    fences = fences_in(page)
    return {
        "included snippets": sorted(re.findall(r'--8<--\s+"([^"]+)"', text)),
        "executed blocks": sorted(f.option("id") for f in fences if f.executed),
        "claims reported": sorted(re.findall(r"(\w+)\.report\(\)", text)),
        "mermaid diagrams": sum(1 for f in fences if f.language == "mermaid"),
        "display-only fences": sum(1 for f in fences if f.display_only),
    }


@pytest.mark.parametrize("page", ENGLISH + NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_page_has_a_russian_twin(page):
    assert twin(page).is_file(), f"{page.relative_to(ROOT)} has no Russian twin {twin(page).name}"


def test_no_russian_page_lacks_an_english_original():
    russian = [p for p in DOCS.rglob("*.ru.*")]
    orphans = [p for p in russian if not p.with_name(p.name.replace(".ru.", ".", 1)).is_file()]
    assert not orphans, f"Russian pages without an English original: {orphans}"


@pytest.mark.parametrize("page", ENGLISH, ids=lambda p: str(p.relative_to(ROOT)))
def test_both_languages_show_the_same_code_claims_and_pictures(page):
    if not twin(page).is_file():
        pytest.fail(f"{page.relative_to(ROOT)} has no Russian twin")
    english, russian = inventory(page), inventory(twin(page))
    differences = {k: (english[k], russian[k]) for k in english if english[k] != russian[k]}
    assert not differences, f"{page.relative_to(ROOT)} and its Russian twin differ: {differences}"

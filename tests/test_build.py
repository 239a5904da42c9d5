"""The strict build of both languages passes and publishes every claim with its verdict."""

import json
import re

import pytest

from verified.__main__ import load_all_claims
from verified.project import ROOT

pytestmark = pytest.mark.timeout(1200)  # the whole site, every claim and notebook


@pytest.fixture(scope="module")
def site(built_site):
    return built_site  # built once per session in conftest.py, shared with the link and browser tests


def test_claims_json_lists_every_claim_with_a_verdict_in_both_languages(site):
    ledger = {entry["id"]: entry for entry in json.loads((site / "claims.json").read_text())["claims"]}
    assert set(ledger) == set(load_all_claims())
    for claim_id, entry in ledger.items():
        assert entry["verdict"] in ("verified", "not applicable"), claim_id
        assert set(entry["pages"]) == {"en", "ru"}, f"{claim_id} reported on {entry['pages']}"
        assert entry["environment"]["python"] and entry["environment"]["cpus"] >= 1
        if entry["verdict"] == "verified":
            assert entry["checks"] and all(check["passed"] for check in entry["checks"])
        else:
            assert entry["not_applicable_because"], f"{claim_id} is not applicable without a reason"


def test_every_figure_has_a_label_in_both_languages(site):
    import sys

    claims = load_all_claims()
    missing = []
    for entry in json.loads((site / "claims.json").read_text())["claims"]:
        labels = getattr(sys.modules[claims[entry["id"]].module], "FIGURE_LABELS", {})
        missing += [f"{entry['id']}: {figure} ({lang})" for figure in entry["figures"] for lang in ("en", "ru")
                    if not labels.get(figure, {}).get(lang)]
    assert not missing, "figures without a label:\n" + "\n".join(missing)


def test_claims_json_gives_every_environment_judged(site):
    ledger = json.loads((site / "claims.json").read_text())
    assert ledger["measured_at"] and ledger["commit"]
    for entry in ledger["claims"]:
        first, *others = entry["environments"]
        assert first["name"] == "this build" and first["verdict"] == entry["verdict"], entry["id"]
        assert others, f"{entry['id']}: the test build was given other ledgers (conftest.py), none is listed"
        for record in entry["environments"]:
            assert record["commit"] == ledger["commit"] and record["measured_at"], (entry["id"], record["name"])
            assert record["verdict"] in ("verified", "not applicable"), (entry["id"], record["name"])


def test_both_languages_show_every_verdict(site):
    ledger = json.loads((site / "claims.json").read_text())["claims"]
    for entry in ledger:
        for lang, url in entry["pages"].items():
            html = (site / url / "index.html").read_text(encoding="utf-8")
            assert f'id="claim-{entry["id"]}"' in html, f"{url} does not show {entry['id']}"


def test_the_ledger_page_links_every_claim(site):
    for ledger_page in ("claims/index.html", "ru/claims/index.html"):
        html = (site / ledger_page).read_text(encoding="utf-8")
        for claim_id in load_all_claims():
            assert f"#claim-{claim_id}" in html, f"{ledger_page} does not link {claim_id}"


LABS = sorted((ROOT / "docs" / "labs").glob("*.py"))


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_notebooks_are_executed_light_and_downloadable(site, lab):
    # The build ran each lab top to bottom, then its twin in the same kernel, with a per-cell
    # timeout; a failing or hanging cell stops it (tests/test_faults.py).
    name = lab.name.split(".")[0]
    folder = site / ("ru/labs" if ".ru." in lab.name else "labs") / name
    html = (folder / "index.html").read_text(encoding="utf-8")
    printing_cells = lab.read_text(encoding="utf-8").count("print(")
    outputs = html.count('class="jp-RenderedText jp-OutputArea-output"')
    assert printing_cells and outputs >= 1, f"{lab.name}: no output on the page, so no cell ran"
    assert "application/vnd.jupyter.stderr" not in html, f"{lab.name}: a cell wrote to stderr"
    for heavy in ("jupyter-wrapper{", "highlight-ipynb", "MathJax", "clipboard-copy"):  # verified_mkdocs/notebook_html.py
        assert heavy not in html, f"{lab.name}: mkdocs-jupyter's {heavy!r} is back on the page"
    notebook = json.loads((folder / f"{name}.ipynb").read_text(encoding="utf-8"))
    assert notebook["nbformat"] == 4 and notebook["cells"]


def _numbers(html: str) -> list[str]:
    outputs = re.findall(r'class="jp-RenderedText jp-OutputArea-output".*?</code>', html, re.S)
    return [n.replace(",", ".") for text in outputs for n in re.findall(r"\d+[.,]\d+", re.sub(r"<[^>]+>", "", text))]


@pytest.mark.parametrize("lab", [lab for lab in LABS if ".ru." not in lab.name], ids=lambda p: p.name)
def test_each_lab_measures_once_for_both_languages(site, lab):
    # verified_mkdocs/lab_runs.py: the twin replays the first language's experiments. Measured twice,
    # the figures would differ in their last digits.
    name = lab.name.split(".")[0]
    english = _numbers((site / "labs" / name / "index.html").read_text(encoding="utf-8"))
    russian = _numbers((site / "ru/labs" / name / "index.html").read_text(encoding="utf-8"))
    assert len(english) >= 3, f"{lab.name}: too few figures printed to compare ({english})"
    assert english == russian, f"{lab.name}: the languages show different figures, so the lab ran twice"


def test_the_build_leaves_no_processes_or_temporary_files(build_leftovers):
    assert not build_leftovers.processes, f"still running after the build: {build_leftovers.processes}"
    assert not build_leftovers.temp_files, f"left in the build's temporary folder: {build_leftovers.temp_files}"

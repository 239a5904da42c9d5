"""Every claim can fail: its negative control, the experiment with the premise broken, fails
the same checks. And every claim is reported on its page in both languages."""

import re
import subprocess
import sys

import pytest

from verified.__main__ import load_all_claims
from verified.claims import ClaimDefinitionError, evaluate
from verified_mkdocs.fences import DOCS, ROOT

CLAIMS = load_all_claims()


@pytest.mark.parametrize("claim", CLAIMS.values(), ids=lambda c: c.id)
def test_negative_control_fails_the_checks(claim):
    result = evaluate(claim, measure=claim.control, premises=False)
    assert result.verdict == "failed", (
        f"claim '{claim.id}': with its premise broken the checks still pass {result.scalar_figures}: "
        "they could not catch a false claim"
    )


@pytest.mark.parametrize("claim", CLAIMS.values(), ids=lambda c: c.id)
def test_claim_is_reported_in_both_languages(claim):
    block = f'id="claim-{claim.id}"'
    pages = {lang: [p for p in DOCS.rglob("*.md") if (p.name.endswith(".ru.md")) == (lang == "ru")
                    and block in p.read_text(encoding="utf-8")] for lang in ("en", "ru")}
    assert pages["en"] and pages["ru"], f"claim '{claim.id}' is reported in {pages}; both languages need it"


def test_there_are_claims():
    assert len(CLAIMS) >= 3


def test_claim_without_expectation_is_refused():
    from verified import Claim

    with pytest.raises(ClaimDefinitionError, match="could never fail"):
        Claim(id="empty", statement={"en": "x", "ru": "x"}, measure=dict, control=dict, expect=())


def test_claim_ids_are_lowercase_words():
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", claim_id) for claim_id in CLAIMS)


def test_the_claims_need_nothing_but_the_standard_library(tmp_path):
    """`python -m verified` on a reader's machine: a virtual environment with no package at all."""
    venv = tmp_path / "bare"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    bare = subprocess.run([python, "-E", "-s", "-c", "import yaml"], capture_output=True, cwd=tmp_path)
    assert bare.returncode != 0, "the environment is not bare: it imports yaml"
    done = subprocess.run([python, "-E", "-s", "-m", "verified", "refcount-counts-references"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "VERIFIED" in done.stdout, done.stdout + done.stderr

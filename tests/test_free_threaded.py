"""The claims under a free-threaded CPython: those that need the GIL report *not applicable*,
their free-threaded counterparts verify, and none fails.

The interpreter comes from PYTHON_FT or from scripts/build-freethreaded-python's cache;
.ci/run builds it and sets REQUIRE_FREE_THREADED=1: there its absence is a failure, not a skip.
"""

import json
import os
import subprocess
from pathlib import Path

import pytest

from verified.project import ROOT

CACHED = ROOT / ".cache" / "python3.13t" / "bin" / "python3.13t"


@pytest.fixture(scope="module")
def ledger():
    interpreter = os.environ.get("PYTHON_FT") or (str(CACHED) if CACHED.exists() else None)
    if interpreter is None:
        message = "no free-threaded CPython: run scripts/build-freethreaded-python or set PYTHON_FT"
        if os.environ.get("REQUIRE_FREE_THREADED") == "1":
            pytest.fail(message)
        pytest.skip(message)
    done = subprocess.run(
        [interpreter, "-m", "verified", "--json"], cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHON_GIL")},
    )
    assert done.stdout.strip(), f"{interpreter} -m verified printed nothing:\n{done.stderr[-3000:]}"
    claims = json.loads(done.stdout)["claims"]
    assert claims and all(c["environment"]["free_threaded_build"] for c in claims), Path(interpreter)
    return claims


def test_no_claim_fails_without_the_gil(ledger):
    failed = {c["id"]: c["checks"] for c in ledger if c["verdict"] == "failed"}
    assert not failed, failed


def test_claims_that_need_the_gil_are_not_applicable(ledger):
    needing = [c for c in ledger if "gil-enabled" in c["requires"]]
    assert needing and all(c["verdict"] == "not applicable" for c in needing)


def test_free_threaded_counterparts_verify(ledger):
    counterparts = [c for c in ledger if "gil-disabled" in c["requires"]]
    assert counterparts, "no claim is about free-threaded builds"
    not_verified = {c["id"]: c["not_applicable_because"] for c in counterparts if c["verdict"] != "verified"}
    assert not not_verified, not_verified

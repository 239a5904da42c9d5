"""How the suite is split across its two workers, the one build they share, and a clean claims
state for the tests of how blocks run.

pytest-xdist runs two workers (`-n 2` in pyproject.toml). Everything that
measures time is in the group "measured", which one worker runs in order: first the strict build
(every claim and notebook), then the page blocks, the claims' negative controls and the rest.
What only reads results is in "background": the fault sites, then the browser. Its heavy
processes (the fault builds, Chromium) run at nice 10: they take the CPU time the measured
worker leaves idle and about a tenth of a core it wants (enough that a page still loads within
the browser tests' timeouts). Every claim holds with one core kept busy at normal priority
(`make stress`); a load at nice 10 takes less from them.
"""

import fcntl
import json
import os
import pickle
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from verified import claims
from verified_mkdocs import shared_runs
from verified.project import ROOT

BACKGROUND = ("test_faults.py", "test_browser.py")  # the other worker's files; everything else is measured
FIRST = ("test_build.py", "test_faults.py")  # each group's first file: the build starts at once


def pytest_collection_modifyitems(config, items):
    items.sort(key=lambda item: item.path.name not in FIRST)  # stable: the rest keep their order


def group(nodeid: str) -> str:
    return "background" if nodeid.split("::")[0].rpartition("/")[2] in BACKGROUND else "measured"


@pytest.hookimpl(optionalhook=True)  # `pytest -p no:xdist` runs everything in one process
def pytest_xdist_make_scheduler(config, log):
    # Each group goes whole to one worker. (pytest-xdist's own `--dist loadgroup` cannot do it
    # with pytest 9, whose node ids no longer come from the `_nodeid` it rewrites.)
    from xdist.scheduler import LoadScopeScheduling

    class TwoGroups(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            return group(nodeid)

    return TwoGroups(config, log)


@dataclass
class Leftovers:
    processes: list[str]  # still running after the build ended, started by it
    temp_files: list[str]  # left in the build's own temporary folder


def processes_marked(mark: str) -> list[str]:
    """Processes whose environment carries `mark`: the build's descendants, even orphaned ones."""
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if mark.encode() in environ.read_bytes():
                found.append(environ.parent.joinpath("cmdline").read_bytes().replace(b"\0", b" ").decode())
        except OSError:
            continue  # ended meanwhile, or not ours to read
    return found


@pytest.fixture(scope="session")
def build_leftovers(built_site):
    return built_site.leftovers


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The strict build of both languages, made once per session, whichever worker asks first.

    The build runs every claim and notebook, so it is by far the slowest step: the build tests,
    the link checks and the browser tests all read this one copy. The measured group starts with
    it; a worker that asks while it runs waits for it (a file lock in the session's temporary
    folder, which the workers share).
    """
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # each worker has its own folder inside the session's
    record = shared / "built-site.json"
    with open(shared / "built-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not record.exists():
            try:
                outcome = _build(shared)
            except Exception as error:  # recorded once: the other tests say why, instead of building again
                outcome = {"returncode": 1, "output": f"{type(error).__name__}: {error}", "site": "",
                           "leftovers": {"processes": [], "temp_files": []}}
            record.write_text(json.dumps(outcome))
    outcome = json.loads(record.read_text())
    assert outcome["returncode"] == 0, f"the strict build failed:\n{outcome['output']}"
    site = BuiltSite(outcome["site"])
    site.leftovers = Leftovers(**outcome["leftovers"])
    _reuse_the_builds_results(Path(outcome["results"]))
    return site


def _reuse_the_builds_results(path: Path) -> None:
    """The page tests in this process judge the claims the build measured in this session,
    instead of measuring each claim a second time; only in the environment it measured them in
    (`pytest --start-method spawn` measures afresh under spawn)."""
    from verified.environment import Environment

    here = Environment.current()
    for claim_id, result in pickle.loads(path.read_bytes()).items():
        if result.environment == here:
            claims._results.setdefault(claim_id, result)


def _other_ledgers(folder: Path) -> Path:
    """The other environments the build shows beside its verdicts: `make everywhere`'s ledgers when
    they were measured on this code, else one made here (spawn), so the boxes and the matrix are
    always there to test."""
    from verified import matrix
    from verified.provenance import commit, sources_digest

    ledgers = folder / "ledgers"
    ledgers.mkdir()
    accepted, _ = matrix.read_ledgers(ROOT / ".cache" / "everywhere", commit=commit(), sources=sources_digest())
    for ledger in accepted:
        (ledgers / f"{ledger['name']}.json").write_text(json.dumps(ledger))
    if not accepted:
        # A claim that fails under spawn is in the ledger, shown by the build and named by
        # test_build.py; only a run that wrote no ledger stops the build here.
        done = subprocess.run([sys.executable, "-m", "verified", "--start-method", "spawn", "--ledger",
                               str(ledgers / "spawn.json")], cwd=ROOT, capture_output=True, text=True, timeout=600)
        if not (ledgers / "spawn.json").is_file():
            raise RuntimeError(f"the claims under spawn wrote no ledger:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    return ledgers


def _build(folder: Path) -> dict:
    site_dir, temp_dir = folder / "site", folder / "build-tmp"
    temp_dir.mkdir()
    ledgers = _other_ledgers(folder)
    mark = f"VERIFIED_BUILD_MARK={uuid.uuid4().hex}"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1", TMPDIR=str(temp_dir), LEDGERS=str(ledgers),
                 CLAIM_RESULTS=str(folder / "results.pickle"), **dict([mark.split("=")])),
    )
    leftovers = {"processes": processes_marked(mark), "temp_files": sorted(str(p) for p in temp_dir.rglob("*"))}
    output = f"{done.stdout[-4000:]}\n{done.stderr[-8000:]}"
    return {"returncode": done.returncode, "output": output, "site": str(site_dir), "leftovers": leftovers,
            "results": str(folder / "results.pickle")}


class BuiltSite(type(Path())):
    """The site folder, plus what the build left behind."""

    leftovers: Leftovers


@pytest.fixture
def one_build():
    """A new build, with the claims' results, ledger and page context put back afterwards."""
    results, reported = dict(claims._results), {k: dict(v) for k, v in claims._reported_at.items()}
    context = dict(claims.context)
    shared_runs.start_build()
    yield
    shared_runs.start_build()
    claims._results.clear()
    claims._results.update(results)
    claims._reported_at.clear()
    claims._reported_at.update(reported)
    claims.context.clear()
    claims.context.update(context)

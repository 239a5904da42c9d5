"""Each fault stops the build (and the tests) with a message that names the page and the block.

The faults are planted in small sites built with the project's own mkdocs.yml and hooks. A
fault that MkDocs reports and goes on (a failing block, a broken link: strict mode turns each
into a failed build) shares one site with the others of its kind, one page each, so every
message must name its own page; a fault that stops the build at once (a missing snippet, a
failing or hanging notebook cell) gets a site of its own. The sites build side by side.
"""

import re
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor

import pytest

from verified.project import ROOT

FENCE = "```"
TIMEOUT = 300
NICE = ["nice", "-n", "10"]  # a background job: the measured tests go first (conftest.py)


def page_with(block: str) -> str:
    return f"# Fault\n\n{block}\n"


RAISES = f'{FENCE}python exec="1" id="raises"\nraise ValueError("broken on purpose")\n{FENCE}'
EXITS = f'{FENCE}python exec="1" id="exits"\nimport sys\nsys.exit(3)\n{FENCE}'
MISSING = f'{FENCE}python exec="1" id="missing"\n--8<-- "snippets/no_such_file.py"\n{FENCE}'
GUARDED = f'{FENCE}python exec="1" id="guarded"\nif __name__ == "__main__":\n    print("never runs")\n{FENCE}'
CLAIM = f'{FENCE}python exec="1" id="claim-fixture-wrong"\nfrom fixture_claims import WRONG\n\nprint(WRONG.report())\n{FENCE}'
CLAIM_MODULE = """
    from verified import Claim, at_least

    WRONG = Claim(
        id="fixture-wrong",
        statement={"en": "One is at least two.", "ru": "Единица не меньше двух."},
        measure=lambda: {"one": 1},
        control=lambda: {"one": 0},
        expect=(at_least("one", 2),),
    )
"""
HOME = {"docs/index.md": "# Home\n", "docs/index.ru.md": "# Главная\n"}

# Each site: its files. The faults MkDocs reports and goes on from share "reported".
SITES = {
    "reported": {
        "docs/raises.md": page_with(RAISES),
        "docs/exits.md": page_with(EXITS),
        "docs/guarded.md": page_with(GUARDED),
        "docs/claim.md": page_with(CLAIM),
        "fixture_claims.py": CLAIM_MODULE,
        "docs/link.md": "# Link\n\nSee [gone](missing.md).\n",
        "docs/anchor.md": "# Anchor\n\nSee [gone](#no-such-heading).\n",
    },
    "missing-snippet": {"docs/missing.md": page_with(MISSING)},
    "failing-cell": {"docs/labs/bad.py": '# %%\nprint("fine")\n\n# %%\nraise RuntimeError("cell broken on purpose")\n'},
    "hanging-cell": {"docs/labs/hangs.py": "# %%\nimport time\n\ntime.sleep(600)\n"},
}
PAGE_TESTS = {  # the same faults through pytest-markdown-docs: page -> block
    "docs/raises.md": RAISES,
    "docs/exits.md": EXITS,
    "docs/missing.md": MISSING,
    "docs/guarded.md": GUARDED,
    "docs/claim.md": CLAIM,
}


def write_site(folder, files: dict[str, str]) -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"^nav:\n(?:[ -].*\n)+", "", config, flags=re.M)  # the fixture has its own pages
    config = config.replace("hooks: [verified_mkdocs/", f"hooks: [{ROOT}/verified_mkdocs/")
    config = re.sub(r"notebook_cell_timeout: \d+", "notebook_cell_timeout: 3", config)
    config = re.sub(r"^watch:.*\n", "", config, flags=re.M)
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    for name, text in {**HOME, **files}.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def build(folder) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*NICE, sys.executable, "-m", "mkdocs", "build", "--site-dir", str(folder / "site")],
        cwd=folder, capture_output=True, text=True, timeout=TIMEOUT,
    )


def run_page_tests(folder) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*NICE, sys.executable, "-m", "pytest", *PAGE_TESTS, "-p", "verified_pytest.plugin", "--markdown-docs",
         "--markdown-docs-syntax=superfences", "-p", "no:cacheprovider", "-p", "no:xdist", "-q", "-rf",
         "-c", "/dev/null", f"--rootdir={folder}"],
        cwd=folder, capture_output=True, text=True, timeout=TIMEOUT,
    )


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    """Every fixture site built, and the page tests run, at the same time."""
    jobs = {}
    for name, files in SITES.items():
        folder = tmp_path_factory.mktemp(name)
        write_site(folder, files)
        jobs[name] = (build, folder)
    pages = tmp_path_factory.mktemp("page-tests")
    for page, block in PAGE_TESTS.items():
        (pages / page).parent.mkdir(exist_ok=True)
        (pages / page).write_text(page_with(block), encoding="utf-8")
    (pages / "fixture_claims.py").write_text(textwrap.dedent(CLAIM_MODULE), encoding="utf-8")
    jobs["page-tests"] = (run_page_tests, pages)
    with ThreadPoolExecutor(len(jobs)) as pool:
        futures = {name: pool.submit(run, folder) for name, (run, folder) in jobs.items()}
        return {name: future.result() for name, future in futures.items()}


def assert_stopped(done, *lines, logged=False):
    """The run failed, and for each entry of `lines` some line of its output holds all its words
    (logged: the first such line is a warning or error of MkDocs' log, which strict mode counts)."""
    output = done.stdout + done.stderr
    assert done.returncode != 0, f"the run passed despite the fault:\n{output[-3000:]}"
    for n, words in enumerate(lines):
        words = (words,) if isinstance(words, str) else words
        levels = ("WARNING", "ERROR") if logged and n == 0 else ("",)
        assert any(line.startswith(levels) and all(w in line for w in words) for line in output.splitlines()), (
            f"no line of the failure says {' + '.join(map(repr, words))}:\n{output[-4000:]}"
        )


@pytest.mark.parametrize(
    "words",
    [
        [("docs/raises.md", "'raises'"), "ValueError: broken on purpose"],
        [("docs/exits.md", "'exits'", "sys.exit(3)")],
        [("docs/guarded.md", "'guarded'", "__main__")],
        [("docs/claim.md", "claim-fixture-wrong"), "claim 'fixture-wrong' does not hold: one >= 2"],
        [("link.md", "missing.md")],
        [("anchor.md", "#no-such-heading")],
    ],
    ids=["raises", "sys-exit", "main-guard", "failing-claim", "broken-link", "broken-anchor"],
)
def test_a_reported_fault_stops_the_strict_build(outcomes, words):
    assert_stopped(outcomes["reported"], *words, logged=True)


@pytest.mark.parametrize(
    ("site", "words"),
    [
        ("missing-snippet", [("missing.md", "no_such_file.py")]),
        ("failing-cell", ["labs/bad.py", "cell broken on purpose"]),
        ("hanging-cell", ["labs/hangs.py", "timed out"]),
    ],
)
def test_a_fatal_fault_stops_the_build(outcomes, site, words):
    assert_stopped(outcomes[site], *words)


@pytest.mark.parametrize(
    ("page", "words"),
    [
        ("docs/raises.md", ["ValueError: broken on purpose"]),
        ("docs/exits.md", ["sys.exit(3)"]),
        ("docs/missing.md", ["no_such_file.py"]),
        ("docs/guarded.md", ["__main__"]),
        ("docs/claim.md", ["claim 'fixture-wrong' does not hold"]),
    ],
)
def test_the_same_faults_fail_the_page_tests(outcomes, page, words):
    assert_stopped(outcomes["page-tests"], ("FAILED", page), *words)

"""Each fault stops the build (and the tests) with a message that names the page and the block.

Every test builds a tiny site with the project's own mkdocs.yml and hooks, containing
exactly one fault.
"""

import re
import subprocess
import sys
import textwrap

import pytest

from verified.fences import ROOT

FENCE = "```"


def build(tmp_path, files: dict[str, str]) -> subprocess.CompletedProcess:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"^nav:\n(?:[ -].*\n)+", "", config, flags=re.M)  # the fixture has its own pages
    config = config.replace("hooks: [verified/", f"hooks: [{ROOT}/verified/")
    config = re.sub(r"notebook_cell_timeout: \d+", "notebook_cell_timeout: 3", config)
    config = re.sub(r"^watch:.*\n", "", config, flags=re.M)
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    for name, text in {"docs/index.ru.md": "# Главная\n", **files}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp_path / "site")],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )


def run_pytest(tmp_path, page: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", page, "-p", "verified.pytest_plugin", "--markdown-docs",
         "--markdown-docs-syntax=superfences", "-p", "no:cacheprovider", "-q", "-c", "/dev/null",
         f"--rootdir={tmp_path}"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )


def assert_stopped(done, *words):
    output = done.stdout + done.stderr
    assert done.returncode != 0, f"the build passed despite the fault:\n{output[-3000:]}"
    for word in words:
        assert word in output, f"the failure message does not say {word!r}:\n{output[-3000:]}"


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


def test_a_block_that_raises_stops_the_build(tmp_path):
    done = build(tmp_path, {"docs/index.md": page_with(RAISES)})
    assert_stopped(done, "docs/index.md", "'raises'", "ValueError: broken on purpose")


def test_sys_exit_in_a_block_stops_the_build_with_a_message(tmp_path):
    done = build(tmp_path, {"docs/index.md": page_with(EXITS)})
    assert_stopped(done, "docs/index.md", "'exits'", "sys.exit(3)")


def test_a_missing_snippet_stops_the_build(tmp_path):
    done = build(tmp_path, {"docs/index.md": page_with(MISSING)})
    assert_stopped(done, "index.md", "no_such_file.py")


def test_a_failing_notebook_cell_stops_the_build(tmp_path):
    notebook = '# %%\nprint("fine")\n\n# %%\nraise RuntimeError("cell broken on purpose")\n'
    done = build(tmp_path, {"docs/index.md": "# Home\n\n[lab](labs/bad.py)\n", "docs/labs/bad.py": notebook})
    assert_stopped(done, "labs/bad.py", "cell broken on purpose")


def test_a_hanging_notebook_cell_stops_the_build(tmp_path):
    notebook = "# %%\nimport time\n\ntime.sleep(600)\n"
    done = build(tmp_path, {"docs/index.md": "# Home\n\n[lab](labs/hangs.py)\n", "docs/labs/hangs.py": notebook})
    assert_stopped(done, "labs/hangs.py", "timed out")


def test_a_failing_claim_stops_the_build(tmp_path):
    done = build(tmp_path, {"docs/index.md": page_with(CLAIM), "fixture_claims.py": CLAIM_MODULE})
    assert_stopped(done, "docs/index.md", "claim-fixture-wrong", "claim 'fixture-wrong' does not hold: one >= 2")


@pytest.mark.parametrize("link", ["[gone](missing.md)", "[gone](#no-such-heading)"])
def test_a_broken_link_or_anchor_stops_the_build(tmp_path, link):
    done = build(tmp_path, {"docs/index.md": f"# Home\n\nSee {link}.\n"})
    assert_stopped(done, "index.md", link.split("(")[1].rstrip(")"))


def test_a_main_guard_in_executed_code_stops_the_build(tmp_path):
    done = build(tmp_path, {"docs/index.md": page_with(GUARDED)})
    assert_stopped(done, "docs/index.md", "'guarded'", "__main__")


@pytest.mark.parametrize(
    ("block", "words"),
    [
        (RAISES, ["index.md", "ValueError: broken on purpose"]),
        (EXITS, ["index.md", "sys.exit(3)"]),
        (MISSING, ["no_such_file.py"]),
        (GUARDED, ["index.md", "__main__"]),
        (CLAIM, ["claim 'fixture-wrong' does not hold"]),
    ],
    ids=["raises", "exits", "missing-snippet", "main-guard", "failing-claim"],
)
def test_the_same_faults_fail_the_page_tests(tmp_path, block, words):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(page_with(block), encoding="utf-8")
    (tmp_path / "fixture_claims.py").write_text(textwrap.dedent(CLAIM_MODULE), encoding="utf-8")
    done = run_pytest(tmp_path, "docs/index.md")
    assert_stopped(done, *words)

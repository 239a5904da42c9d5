"""The publish check and the rehearsal that runs the Pages workflow here.

Which verdicts may be "not applicable" follows from the claims: a publish refuses a failed claim,
a premise a claim does not declare, and a claim the machine could not measure, and accepts every
claim whose statement is about another environment, on every runner the workflows use.
"""

import json
import subprocess
import sys
import textwrap

import pytest
from verified.__main__ import load_all_claims
from verified.claims import Result, ledger_entry
from verified.environment import Environment
from verified.project import ROOT
from verified.publish import problems
from maintenance.rehearse import WORKFLOWS, RehearsalError, job_order, main as rehearse, substitute, workflow_pythons

CLAIMS = load_all_claims()


ENV = {"python": "3.11.7", "implementation": "CPython", "free_threaded_build": False, "build": "GIL", "gil_enabled": True,
       "cpus": 2, "start_method": "fork", "platform": "Linux x86_64", "switch_interval_s": 0.005}


def entry(verdict, unmet=(), requires=(), machine=()):
    return {"id": "c", "verdict": verdict, "unmet": list(unmet), "requires": list(requires),
            "machine_requires": list(machine)}


@pytest.mark.parametrize(("claim", "publishing", "expected"), [
    (entry("verified"), True, []),
    (entry("failed"), False, ["c: failed"]),
    (entry("not applicable", ["gil-disabled"], ["gil-disabled"]), True, []),
    (entry("not applicable", ["cpus>=2"], ["cpus>=2"], ["cpus>=2"]), False, []),
    (entry("not applicable", ["cpus>=2"], ["cpus>=2"], ["cpus>=2"]), True,
     ["c: not measured, this machine lacks what it needs: cpus>=2"]),
    (entry("not applicable", ["linux"], ["gil-disabled"]), False,
     ["c: not applicable for a reason the claim does not declare: linux"]),
])
def test_publish_rules(claim, publishing, expected):
    assert problems({"claims": [claim]}, publishing=publishing) == expected


def runners():
    """(workflow, Python version) for every job that sets up a CPython on GitHub."""
    return [(path.name, version) for path in sorted(WORKFLOWS.glob("*.yml")) for version in workflow_pythons(path)]


def runner_environment(version):
    """A GitHub-hosted Linux runner (4 CPUs) with that CPython; "t" is the free-threaded build."""
    free_threaded = version.endswith("t")
    minor = int(version.rstrip("t").split(".")[1])
    return Environment(python=version.rstrip("t") + ".0", implementation="CPython",
                       free_threaded_build=free_threaded, gil_enabled=not free_threaded, cpus=4,
                       start_method="forkserver" if minor >= 14 else "fork", platform="Linux x86_64",
                       switch_interval_s=0.005)


def test_the_workflows_build_on_known_runners():
    assert {"3.14", "3.14t"} <= {version for _, version in runners()}, runners()


@pytest.mark.parametrize(("workflow", "version"), runners(), ids=[f"{name}-{v}" for name, v in runners()])
def test_publish_accepts_every_declared_not_applicable_on_each_runner(workflow, version):
    env = runner_environment(version)
    entries = []
    for claim in CLAIMS.values():
        unmet = [req for req in claim.requires if not req.holds(env)]
        verdict = "not applicable" if unmet else "verified"
        entries.append(ledger_entry(Result(claim, verdict, env, reasons=unmet)))
    assert problems({"claims": entries}) == []


def test_publish_cli_names_a_bad_ledger(tmp_path):
    (tmp_path / "claims.json").write_text(json.dumps({"claims": [{"id": "x", "verdict": "verified"}]}))
    done = subprocess.run([sys.executable, "-m", "verified.publish", tmp_path / "claims.json"],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2 and "not a ledger of this version" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_jobs_run_in_the_order_their_needs_give():
    assert job_order({"deploy": {"needs": "build"}, "build": {}}) == ["build", "deploy"]
    with pytest.raises(RehearsalError, match="missing"):
        job_order({"deploy": {"needs": ["nowhere"]}})


def test_an_unknown_expression_is_an_error():
    assert substitute("${{ github.repository }}/x", {"github.repository": "o/r"}, "here") == "o/r/x"
    with pytest.raises(RehearsalError, match=r"secrets\.TOKEN"):
        substitute("${{ secrets.TOKEN }}", {}, "here")


def rehearse_workflow(tmp_path, steps):
    workflow = tmp_path / "wf.yml"
    workflow.write_text(textwrap.dedent(steps))
    return rehearse(["--workflow", str(workflow), "--work", str(tmp_path / "work")])


def test_rehearsal_fails_where_the_deploy_would(tmp_path, capsys):
    rc = rehearse_workflow(tmp_path, """
        jobs:
          build:
            steps:
              - uses: actions/checkout@0000000000000000000000000000000000000000
              - run: test -f mkdocs.yml && echo "$GREETING"
                env: {GREETING: "in the checkout"}
              - run: exit 3
              - run: echo never
          deploy:
            needs: build
            steps:
              - uses: actions/deploy-pages@0000000000000000000000000000000000000000
    """)
    out, err = capsys.readouterr()
    assert rc == 1 and "step 3 (exit 3): exit 3" in err and "would deploy" not in out, (out, err)


def test_rehearsal_refuses_an_action_it_cannot_run(tmp_path, capsys):
    rc = rehearse_workflow(tmp_path, """
        jobs:
          build:
            steps:
              - uses: actions/cache@0000000000000000000000000000000000000000
    """)
    assert rc == 2 and "does not know the action actions/cache" in capsys.readouterr().err


def test_rehearsal_passes_when_every_step_does(tmp_path, capsys):
    rc = rehearse_workflow(tmp_path, """
        jobs:
          build:
            steps:
              - uses: actions/checkout@0000000000000000000000000000000000000000
              - run: mkdir -p site && echo '<html>' > site/index.html
              - uses: actions/upload-pages-artifact@0000000000000000000000000000000000000000
                with: {path: site}
    """)
    assert rc == 0 and "would upload site/: 1 files" in capsys.readouterr().out


def test_rehearsal_runs_each_matrix_entry_and_carries_artifacts(tmp_path, capsys):
    rc = rehearse_workflow(tmp_path, """
        jobs:
          judge:
            name: judge (${{ matrix.word }})
            strategy: {matrix: {word: [one, two]}}
            steps:
              - uses: actions/checkout@0000000000000000000000000000000000000000
              - run: echo "$WORD" > "out-$WORD.txt"
                env: {WORD: "${{ matrix.word }}"}
              - uses: actions/upload-artifact@0000000000000000000000000000000000000000
                with: {name: "out-${{ matrix.word }}", path: "out-${{ matrix.word }}.txt", if-no-files-found: error}
          gather:
            needs: judge
            steps:
              - uses: actions/checkout@0000000000000000000000000000000000000000
              - uses: actions/download-artifact@0000000000000000000000000000000000000000
                with: {pattern: "out-*", path: gathered, merge-multiple: true}
              - run: test "$(cat gathered/out-one.txt gathered/out-two.txt)" = "$(printf 'one\\ntwo')"
    """)
    out, err = capsys.readouterr()
    assert rc == 0, (out, err)
    assert "=== job judge (one)" in out and "=== job judge (two)" in out and "downloaded out-one, out-two" in out


def test_rehearsal_says_which_matrix_entry_it_could_not_run(tmp_path, capsys, monkeypatch):
    from maintenance import rehearse as rehearsal

    def unavailable(version):
        raise rehearsal.Unavailable(f"no CPython {version} here")

    monkeypatch.setattr(rehearsal, "interpreter", unavailable)
    rc = rehearse_workflow(tmp_path, """
        jobs:
          judge:
            name: judge (${{ matrix.python }})
            strategy: {matrix: {python: ["3.99t"]}}
            steps:
              - uses: actions/setup-python@0000000000000000000000000000000000000000
                with: {python-version: "${{ matrix.python }}"}
    """)
    out = capsys.readouterr().out
    assert rc == 0 and "rehearsal: not rehearsed here: judge (3.99t): no CPython 3.99t here" in out, out


def fake_python(tmp_path, ledger):
    """An 'interpreter' that writes the given ledger where `--ledger` says (or nothing, for None)."""
    script = tmp_path / "python"
    body = "" if ledger is None else f"cat > \"$4\" <<'JSON'\n{json.dumps(ledger)}\nJSON\n"
    script.write_text(f"#!/bin/sh\n{body}")
    script.chmod(0o755)
    return str(script)


@pytest.mark.parametrize(("ledger", "rc", "message"), [
    ({"environment": ENV, "claims": [entry("verified")]}, 0, None),
    ({"environment": ENV, "claims": [entry("failed")]}, 1, "refused: 3.11: c: failed"),
    (None, 1, "refused: 3.11: the run wrote no ledger"),
])
def test_everywhere_refuses_a_failed_claim_or_a_missing_ledger(tmp_path, monkeypatch, capsys, ledger, rc, message):
    from maintenance import everywhere

    monkeypatch.setattr(everywhere, "LEDGERS", tmp_path / "ledgers")
    monkeypatch.setattr(everywhere, "interpreter", lambda version: fake_python(tmp_path, ledger))
    assert everywhere.main(["3.11"]) == rc
    out, err = capsys.readouterr()
    assert "3.11" in out and (message is None or message in err), (out, err)

"""The GitHub workflows are linted and hold to the project's security rules."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
# Tags can be moved; only a full commit SHA names fixed code.
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def tool(name: str) -> Path:
    """A dev tool installed in the project venv, beside the running interpreter."""
    path = Path(sys.executable).parent / name
    if not path.exists():
        pytest.fail(f"{path} is missing: run `uv sync` (or `make test`) to install the dev tools")
    return path


def run(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the bare key `on` as True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def steps(workflow: dict) -> list[dict]:
    # A job that calls a reusable workflow has its own `uses:`: check it like a step.
    jobs = workflow["jobs"].values()
    return [*jobs, *(s for job in jobs for s in job.get("steps", []))]


def test_workflows_exist():
    assert WORKFLOWS, "no workflows under .github/workflows"


def test_actionlint_reports_nothing():
    result = run(tool("actionlint"), "-no-color", *WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_reports_nothing_even_pedantic():
    result = run(
        tool("zizmor"), "--offline", "--persona=pedantic", "--min-severity=informational",
        "--no-progress", "--color=never", GITHUB,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_security_rules(path: Path):
    workflow = load(path)
    triggers = workflow["on"] if isinstance(workflow["on"], (dict, list)) else [workflow["on"]]
    assert workflow.get("permissions") == {}, "top-level permissions must be {}"
    assert not {"pull_request_target", "workflow_run"} & set(triggers)
    for step in steps(workflow):
        uses = step.get("uses", "")
        if uses and not uses.startswith("./"):
            assert PINNED.match(uses), f"{uses} is not pinned to a full commit SHA"
        if uses.startswith("actions/checkout@"):
            assert step.get("with", {}).get("persist-credentials") is False, uses

"""Rehearse the publish: run the Pages workflow's steps here, read from the workflow itself.

    python -m maintenance.rehearse                          # .github/workflows/pages.yml
    python -m maintenance.rehearse --workflow other.yml

Each job runs in the order its `needs` give, step by step, once per entry of its matrix: a clean
clone of HEAD for `actions/checkout`, the same CPython version for `actions/setup-python` (from
this machine or the project's scripts), the workflow's own `run:` commands with their `env:` and
expressions, artifacts kept in a folder between jobs, and a check of what `upload-pages-artifact`
would upload. It exits non-zero exactly where the deploy would not happen: at the first step that
fails. An action or an expression it does not know is an error, so the rehearsal cannot silently
drift from the workflow. A matrix entry whose CPython cannot be had here (a free-threaded 3.14)
is not rehearsed, and the summary says so.
"""

from __future__ import annotations

import argparse
import fnmatch
import itertools
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from maintenance.everywhere import Unavailable, interpreter
from verified.project import ROOT

WORK = ROOT / ".cache" / "rehearsal"
WORKFLOWS = ROOT / ".github" / "workflows"
# What `github.repository` and the Pages URL stand for here; they only shape links in the built site.
REPOSITORY = "concurrency-verified/concurrency-verified"
PAGES_URL = "https://concurrency-verified.github.io/concurrency-verified"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


class RehearsalError(Exception):
    """The workflow asks for something the rehearsal cannot do as GitHub would."""


class StepFailed(Exception):
    """A step failed: the deploy would not happen."""


class NotHere(Exception):
    """A matrix entry needs an interpreter this machine cannot provide."""


def matrix_entries(job: dict) -> list[dict[str, str]]:
    """The job's matrix as one dict per entry (`matrix.<key>` values); [{}] without a matrix."""
    matrix = job.get("strategy", {}).get("matrix", {})
    if not matrix:
        return [{}]
    unknown = sorted(set(matrix) - {key for key, values in matrix.items() if isinstance(values, list)})
    if unknown:
        raise RehearsalError(f"matrix keys other than lists are not rehearsed: {', '.join(unknown)}")
    keys = sorted(matrix)
    return [{f"matrix.{key}": str(value) for key, value in zip(keys, values)}
            for values in itertools.product(*(matrix[key] for key in keys))]


def load(path: Path) -> dict:
    try:
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise RehearsalError(f"cannot read {path}: {error}") from None
    if not isinstance(workflow, dict) or not isinstance(workflow.get("jobs"), dict):
        raise RehearsalError(f"{path} has no jobs")
    return workflow


def workflow_pythons(path: Path) -> list[str]:
    """The CPython versions a workflow's jobs set up: a matrix's `python` list, or setup-python's version."""
    versions = []
    for job in load(path)["jobs"].values():
        matrix = [str(v) for v in job.get("strategy", {}).get("matrix", {}).get("python", [])]
        for step in job.get("steps", []):
            if step.get("uses", "").startswith("actions/setup-python@"):
                given = str(step.get("with", {}).get("python-version", ""))
                versions += matrix if "matrix." in given else [given]
    return versions


def job_order(jobs: dict) -> list[str]:
    """Jobs in an order that respects `needs`."""
    order: list[str] = []

    def visit(name: str, path: tuple[str, ...] = ()) -> None:
        if name in order:
            return
        if name in path or name not in jobs:
            raise RehearsalError(f"job '{path[-1]}' needs '{name}', which is {'a cycle' if name in path else 'missing'}")
        needs = jobs[name].get("needs", [])
        for need in [needs] if isinstance(needs, str) else needs:
            visit(need, (*path, name))
        order.append(name)

    for name in jobs:
        visit(name)
    return order


def substitute(text: str, context: dict[str, str], where: str) -> str:
    def value(match: re.Match) -> str:
        name = match.group(1)
        if name not in context:
            raise RehearsalError(f"{where}: the rehearsal does not know the expression ${{{{ {name} }}}}")
        return context[name]

    return EXPRESSION.sub(value, str(text))


class Rehearsal:
    def __init__(self, workflow: Path, work: Path = WORK):
        self.workflow_path = workflow
        self.workflow = load(workflow)
        self.checkout = work / "checkout"
        self.bin = work / "bin"
        self.artifacts = work / "artifacts"
        self.not_here: list[str] = []
        self.context = {"github.repository": REPOSITORY}
        path = [p for p in os.environ.get("PATH", "").split(os.pathsep) if Path(p).resolve() != Path(sys.executable).parent]
        self.env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHON_GIL")}
        self.env.update(CI="true", PATH=os.pathsep.join([str(self.bin), *path]))

    def run(self) -> None:
        jobs = self.workflow["jobs"]
        shutil.rmtree(self.artifacts, ignore_errors=True)
        for name in job_order(jobs):
            job = jobs[name]
            if "steps" not in job:
                raise RehearsalError(f"job '{name}' has no steps (a reusable workflow cannot be rehearsed)")
            for entry in matrix_entries(job):
                self.context = {key: value for key, value in self.context.items() if not key.startswith("matrix.")}
                self.context.update(entry)
                title = substitute(job.get("name", name), self.context, f"job {name}")
                try:
                    self.run_job(name, title, job)
                except NotHere as error:
                    self.not_here.append(f"{title}: {error}")
                    print(f"not rehearsed here: {error}", flush=True)

    def run_job(self, name: str, title: str, job: dict) -> None:
        print(f"\n=== job {title}", flush=True)
        env = {**self.workflow.get("env", {}), **job.get("env", {})}
        for number, step in enumerate(job["steps"], 1):
            label = step.get("name") or step.get("uses") or step.get("run", "").splitlines()[0]
            where = f"{self.workflow_path.name}, job {title}, step {number} ({label})"
            if "if" in step:
                raise RehearsalError(f"{where}: steps with `if:` are not rehearsed")
            print(f"\n--- {label}", flush=True)
            if "uses" in step:
                self.action(step, where)
            else:
                self.shell(step, {**env, **step.get("env", {})}, where)

    def action(self, step: dict, where: str) -> None:
        action = step["uses"].split("@")[0]
        given = {key: substitute(value, self.context, where) for key, value in step.get("with", {}).items()}
        if action == "actions/checkout":
            self.clone()
        elif action == "actions/setup-python":
            self.python(given.get("python-version", ""), where)
        elif action == "actions/upload-artifact":
            self.upload(given, where)
        elif action == "actions/download-artifact":
            self.download(given, where)
        elif action == "actions/configure-pages":
            if "id" in step:
                self.context[f"steps.{step['id']}.outputs.base_url"] = PAGES_URL
        elif action == "actions/upload-pages-artifact":
            site = self.checkout / given.get("path", "")
            if not (site / "index.html").is_file():
                raise StepFailed(f"{where}: {site} holds no index.html, there is nothing to publish")
            files = sum(1 for p in site.rglob("*") if p.is_file())
            print(f"would upload {site.relative_to(self.checkout)}/: {files} files")
        elif action == "actions/deploy-pages":
            print("would deploy the uploaded site")
        else:
            raise RehearsalError(f"{where}: the rehearsal does not know the action {action}")

    def upload(self, given: dict, where: str) -> None:
        name, path = given.get("name"), self.checkout / given.get("path", "")
        if not name:
            raise RehearsalError(f"{where}: upload-artifact without a name is not rehearsed")
        if not path.exists():
            if given.get("if-no-files-found", "warn") == "error":
                raise StepFailed(f"{where}: no {path.relative_to(self.checkout)} to upload")
            print(f"nothing to upload at {path}")
            return
        target = self.artifacts / name
        shutil.rmtree(target, ignore_errors=True)
        if path.is_dir():
            shutil.copytree(path, target)
        else:
            target.mkdir(parents=True)
            shutil.copy2(path, target / path.name)
        print(f"artifact {name}: {sum(1 for p in target.rglob('*') if p.is_file())} files")

    def download(self, given: dict, where: str) -> None:
        pattern, target = given.get("pattern") or given.get("name") or "*", self.checkout / given.get("path", "")
        names = sorted(p.name for p in self.artifacts.glob("*") if fnmatch.fnmatch(p.name, pattern))
        if not names:
            raise StepFailed(f"{where}: no artifact matches {pattern!r}")
        merge = str(given.get("merge-multiple", "false")).lower() == "true" or "name" in given
        for name in names:
            shutil.copytree(self.artifacts / name, target if merge else target / name, dirs_exist_ok=True)
        print(f"downloaded {', '.join(names)} into {target.relative_to(self.checkout)}")

    def clone(self) -> None:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, check=True).stdout
        if dirty:
            print("note: uncommitted changes are not rehearsed, as they would not be pushed")
        shutil.rmtree(self.checkout, ignore_errors=True)
        # Full history, as the workflow's fetch-depth: 0 gives: pages show git-based dates.
        subprocess.run(["git", "clone", "--quiet", "--no-local", str(ROOT), str(self.checkout)], check=True)
        subprocess.run(["git", "checkout", "--quiet", "--detach", head.stdout.strip()], cwd=self.checkout, check=True)
        print(f"checked out {head.stdout.strip()[:12]} into {self.checkout}")

    def python(self, version: str, where: str) -> None:
        version = str(version).strip()
        if not re.fullmatch(r"3\.\d+t?", version):
            raise RehearsalError(f"{where}: python-version {version!r} is not one the rehearsal can provide (3.X or 3.Xt)")
        try:
            found = interpreter(version)
        except Unavailable as error:
            if "matrix.python" in self.context:
                raise NotHere(str(error)) from None
            raise RehearsalError(f"{where}: no CPython {version}: {error}") from None
        self.bin.mkdir(parents=True, exist_ok=True)
        for name in ("python", "python3", f"python{version.rstrip('t')}"):
            link = self.bin / name
            link.unlink(missing_ok=True)
            link.symlink_to(found)
        print(f"python is {found}")

    def shell(self, step: dict, env: dict, where: str) -> None:
        env = {key: substitute(value, self.context, where) for key, value in env.items()}
        script = substitute(step["run"], self.context, where)
        # GitHub's default shell on Linux runners.
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                              cwd=self.checkout, env={**self.env, **env})
        if done.returncode != 0:
            raise StepFailed(f"{where}: exit {done.returncode}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m maintenance.rehearse", description=__doc__.splitlines()[0])
    parser.add_argument("--workflow", type=Path, default=WORKFLOWS / "pages.yml")
    parser.add_argument("--work", type=Path, default=WORK, help="where the checkout goes (emptied first)")
    args = parser.parse_args(argv)
    rehearsal = Rehearsal(args.workflow.resolve(), args.work.resolve())
    try:
        rehearsal.run()
    except RehearsalError as error:
        print(f"\nrehearsal: {error}", file=sys.stderr)
        return 2
    except StepFailed as error:
        print(f"\nrehearsal: the deploy would not happen: {error}", file=sys.stderr)
        return 1
    print("\nrehearsal: every step passed; the deploy would happen")
    for skipped in rehearsal.not_here:
        print(f"rehearsal: not rehearsed here: {skipped}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

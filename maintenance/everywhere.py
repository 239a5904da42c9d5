"""Judge every claim in every environment this machine can offer, one ledger per environment.

    python -m maintenance.everywhere            # all environments; ledgers in .cache/everywhere/
    python -m maintenance.everywhere 3.14 3.15  # only these

Each environment is an interpreter (CPython 3.11 to 3.15, the free-threaded 3.13) with, where
named, a multiprocessing start method, a single CPU, PYTHON_GIL or a switch interval. An
interpreter that is not on the machine is provided by the project's scripts (into .cache/) where
they can; one that cannot be had here
(CPython 3.12 on a machine without it: no registry reachable here ships one) is reported as not
run, with what to install. Exits 1 when a claim fails anywhere, or is not applicable for a reason
its claim does not declare.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from verified import matrix
from verified.project import ROOT
from verified.publish import problems, read_ledger

LEDGERS = ROOT / ".cache" / "everywhere"
SCRIPTS = ROOT / "scripts"
PER_RUN_TIMEOUT_S = 1800  # a free-threaded 3.13 on a busy machine once took ~600 s for every claim


@dataclass(frozen=True)
class Place:
    name: str  # also the ledger's file name
    python: str  # "3.13", or "3.13t" for the free-threaded build
    start_method: str | None = None  # None: the interpreter's default
    one_cpu: bool = False
    gil: str | None = None  # PYTHON_GIL for the run: "1" turns a free-threaded build's GIL back on
    switch_interval: float | None = None  # sys.setswitchinterval() for the run


PLACES = (
    Place("3.11", "3.11"),
    Place("3.12", "3.12"),
    Place("3.13", "3.13"),
    Place("3.13t", "3.13t"),
    Place("3.14", "3.14"),
    Place("3.15", "3.15"),
    # Each start method on both sides of 3.14, where the Linux default changed from fork to forkserver.
    Place("3.11-forkserver", "3.11", start_method="forkserver"),
    Place("3.11-spawn", "3.11", start_method="spawn"),
    Place("3.14-fork", "3.14", start_method="fork"),
    Place("3.14-one-cpu", "3.14", one_cpu=True),
    # Settings readers change: the GIL turned back on, and the tiny switch interval that the
    # free-threading guides recommend for shaking out races.
    Place("3.13t-gil-on", "3.13t", gil="1"),
    Place("3.14-switch-1us", "3.14", switch_interval=1e-6),
)


class Unavailable(Exception):
    """No interpreter for an environment could be found or provided."""


def _on_machine(version: str) -> str | None:
    """pythonX.Y on PATH, or installed by pyenv; run to be sure (pyenv shims exist for versions not selected)."""
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates = [shutil.which(f"python{version}"), *sorted(pyenv.glob(f"{version}.*/bin/python{version}"))]
    for candidate in filter(None, candidates):
        done = subprocess.run([candidate, "-c", "import sys, sysconfig; print('%d.%d' % sys.version_info[:2], "
                               "sysconfig.get_config_var('Py_GIL_DISABLED') or 0)"], capture_output=True, text=True)
        if done.returncode == 0 and done.stdout.split() == [version, "0"]:  # that version, GIL build
            return str(candidate)
    return None


def _from_script(*command: str) -> str:
    """A script that prints an interpreter's path on its last line (progress and errors go to stderr)."""
    done = subprocess.run([str(SCRIPTS / command[0]), *command[1:]], stdout=subprocess.PIPE, text=True)
    if done.returncode != 0 or not done.stdout.strip():
        raise Unavailable(f"scripts/{' '.join(command)} could not provide it (its message is above)")
    return done.stdout.strip().splitlines()[-1]


def interpreter(python: str) -> str:
    if python == "3.13t":
        return _from_script("build-freethreaded-python")
    found = _on_machine(python)
    if found:
        return found
    if python in ("3.13", "3.14", "3.15"):
        return _from_script("debian-python", python)
    raise Unavailable(f"no CPython {python} here: install python{python} (for example `pyenv install {python}`)")


def judge(place: Place, python: str) -> tuple[dict | None, float, str]:
    """Run every claim in one environment: its ledger (None if the run produced none), seconds, and output."""
    ledger = LEDGERS / f"{place.name}.json"
    command = [python, "-m", "verified", "--ledger", str(ledger)]
    if place.start_method:
        command += ["--start-method", place.start_method]
    if place.switch_interval is not None:
        command += ["--switch-interval", repr(place.switch_interval)]
    # The reader's switches stay theirs: a PYTHON_GIL or PYTHONPATH here would judge another environment.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHON_GIL", "PYTHONPATH")}
    if place.gil is not None:
        env["PYTHON_GIL"] = place.gil
    one_cpu = (lambda: os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})) if place.one_cpu else None
    started = time.monotonic()
    try:
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=PER_RUN_TIMEOUT_S, preexec_fn=one_cpu)
        output = done.stdout + done.stderr
    except subprocess.TimeoutExpired:
        output = f"{' '.join(command)} did not finish in {PER_RUN_TIMEOUT_S} s"
    seconds = time.monotonic() - started
    try:
        return read_ledger(ledger), seconds, output
    except ValueError as error:  # none written (the run died or hung), or not a ledger
        return None, seconds, f"{output}\n{error}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m maintenance.everywhere", description=__doc__.splitlines()[0])
    parser.add_argument("only", nargs="*", metavar="ENVIRONMENT",
                        help=f"judge only these: {', '.join(p.name for p in PLACES)}")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.only) - {p.name for p in PLACES})
    if unknown:
        parser.error(f"no environment {', '.join(unknown)}; there are {', '.join(p.name for p in PLACES)}")
    places = [p for p in PLACES if not args.only or p.name in args.only]

    shutil.rmtree(LEDGERS, ignore_errors=True)  # a ledger from an earlier run must never pass for this one
    LEDGERS.mkdir(parents=True)
    rows, refused, not_run = [], [], []
    for place in places:
        try:
            python = interpreter(place.python)
        except Unavailable as error:
            rows.append((place.name, "not run here", "", "", "", ""))
            not_run.append(f"{place.name}: {error}")
            continue
        print(f"== {place.name}: {python}", flush=True)
        ledger, seconds, output = judge(place, python)
        if ledger is None:
            print(output[-3000:])
            rows.append((place.name, "no ledger", "", "", "", f"{seconds:.0f}"))
            refused.append(f"{place.name}: the run wrote no ledger (its output is above)")
            continue
        env = ledger["environment"]
        counts = [sum(c["verdict"] == v for c in ledger["claims"]) for v in ("verified", "not applicable", "failed")]
        found = [f"{place.name}: {problem}" for problem in problems(ledger, publishing=False)]
        if found:
            print(output[-3000:])
        refused += found
        described = matrix.describe(env, "en")
        rows.append((place.name, described, *map(str, counts), f"{seconds:.0f}"))

    header = ("environment", "interpreter and machine", "verified", "not applicable", "failed", "s")
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    print()
    for row in (header, *rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    print(f"\nLedgers: {LEDGERS}/")
    for reason in not_run:
        print(f"not run here: {reason}")
    for problem in refused:
        print(f"refused: {problem}", file=sys.stderr)
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main())

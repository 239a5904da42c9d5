"""Run every claim many times, some runs with other processes keeping CPUs busy, and count
false failures per claim. A claim that ever fails here measures the machine, not Python.

    python -m maintenance.stress --runs 20 --loaded 10 [--busy 2]
"""

from __future__ import annotations

import argparse
import collections
import subprocess
import sys
import time
from pathlib import Path

from verified import claims
from verified.__main__ import load_all_claims
from verified.environment import Environment

BURNER = "while True: pass"  # one busy core per burner: the load a shared CI machine adds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m maintenance.stress", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="how many times to run every claim")
    parser.add_argument("--loaded", type=int, default=10, help="how many of those runs compete with busy processes")
    parser.add_argument("--busy", type=int, default=1, help="how many busy processes a loaded run competes with")
    parser.add_argument("--report", type=Path, default=Path(".cache/stress-report.md"), help="where to write the table")
    args = parser.parse_args(argv)
    if not 0 <= args.loaded <= args.runs or args.runs < 1 or args.busy < 1:
        parser.error("need 1 <= runs, 0 <= loaded <= runs and 1 <= busy")

    selected = load_all_claims()
    failures: dict[str, collections.Counter] = {claim_id: collections.Counter() for claim_id in selected}
    worst_margin: dict[str, float] = {}
    errors: dict[str, str] = {}  # claim id -> the first error its experiment raised
    # Alternate idle and loaded runs, so a slow drift of the machine touches both alike.
    loaded_runs = set([*range(1, args.runs, 2), *range(0, args.runs, 2)][: args.loaded])
    started = time.perf_counter()
    for run in range(args.runs):
        loaded = run in loaded_runs
        burners = [subprocess.Popen([sys.executable, "-c", BURNER]) for _ in range(args.busy if loaded else 0)]
        try:
            for claim_id, claim in selected.items():
                try:
                    result = claims.evaluate(claim)
                except Exception as error:  # an experiment that raised (a timeout, say) failed this run
                    errors.setdefault(claim_id, f"{type(error).__name__}: {error}")
                    result = None
                if result is None or result.verdict == "failed":
                    failures[claim_id]["loaded" if loaded else "idle"] += 1
                for check in result.checks if result else ():
                    worst_margin[claim_id] = min(worst_margin.get(claim_id, float("inf")), check.margin)
        finally:
            for burner in burners:
                burner.kill()
                burner.wait()
        print(f"run {run + 1}/{args.runs} {'(loaded)' if loaded else '(idle)'} done", file=sys.stderr)

    lines = [
        f"# Claims under load: {args.runs} runs, {args.loaded} competing with {args.busy} busy process(es)",
        "",
        f"Environment: {Environment.current().summary()}; {time.perf_counter() - started:.0f} s in all.",
        "",
        "| claim | false failures idle | false failures loaded | smallest margin |",
        "|---|---|---|---|",
    ]
    for claim_id in sorted(selected):
        margin = worst_margin.get(claim_id)
        if margin is None:
            shown = "raised" if claim_id in errors else "not applicable"
        else:
            shown = "exact" if margin == float("inf") else f"{margin:.0%}"
        lines.append(f"| {claim_id} | {failures[claim_id]['idle']} | {failures[claim_id]['loaded']} | {shown} |")
    total = sum(sum(c.values()) for c in failures.values())
    lines += ["", f"False failures: {total}"]
    lines += [f"- {claim_id} raised: {message}" for claim_id, message in sorted(errors.items())]
    report = "\n".join(lines) + "\n"
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(report, encoding="utf-8")
    print(report)
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())

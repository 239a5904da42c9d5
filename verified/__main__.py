"""Run every claim of the site here, on this machine, and print the ledger.

    python -m verified            # all claims
    python -m verified gil        # claims whose id contains "gil"
    python -m verified --json     # the ledger as JSON, as in the site's claims.json
    python -m verified --ledger FILE          # the table here, the ledger as JSON into FILE
    python -m verified --start-method spawn   # processes started the way Windows and macOS do
    python -m verified --switch-interval 1e-6 # threads switched as often as free-threading guides test with

Needs only Python and a copy of the project: no MkDocs, no third-party packages.
"""

from __future__ import annotations

import argparse
import importlib
import json
import multiprocessing
import sys
from pathlib import Path

from verified import claims
from verified.environment import Environment
from verified.project import ROOT


def load_all_claims() -> dict[str, claims.Claim]:
    for path in sorted((ROOT / "snippets").rglob("claims.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        importlib.import_module(module)
    return dict(claims.REGISTRY)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m verified", description=__doc__.splitlines()[0])
    parser.add_argument("match", nargs="*", help="run only claims whose id contains one of these words")
    parser.add_argument("--json", action="store_true", help="print the ledger as JSON")
    parser.add_argument("--ledger", type=Path, metavar="FILE", help="write the ledger as JSON into FILE")
    parser.add_argument(
        "--start-method", choices=multiprocessing.get_all_start_methods(), help="multiprocessing start method"
    )
    parser.add_argument("--switch-interval", type=float, metavar="SECONDS",
                        help="sys.setswitchinterval() for this run (the default is 0.005)")
    args = parser.parse_args(argv)
    if args.switch_interval is not None:
        if not args.switch_interval > 0:
            parser.error(f"--switch-interval must be a positive number of seconds, not {args.switch_interval}")
        sys.setswitchinterval(args.switch_interval)
    if args.start_method:
        multiprocessing.set_start_method(args.start_method, force=True)

    sys.path.insert(0, str(ROOT))
    selected = [c for c in load_all_claims().values() if not args.match or any(w in c.id for w in args.match)]
    if not selected:
        parser.error(f"no claim id contains {' or '.join(args.match)}")
    print(f"Environment: {Environment.current().summary()}\n", file=sys.stderr if args.json else sys.stdout)
    results = []
    for claim in sorted(selected, key=lambda c: c.id):
        result = claims.evaluate(claim)
        results.append(result)
        if not args.json:
            detail = "; ".join(f"{c.expect.describe()} → {c.value:.3g}" for c in result.checks) or "; ".join(
                r.reason(result.environment, "en") for r in result.reasons
            )
            print(f"{result.verdict.upper():15} {claim.id:45} {detail}")
    if args.json or args.ledger:
        text = json.dumps(claims.ledger(results), indent=2, ensure_ascii=False)
        if args.ledger:
            args.ledger.write_text(text + "\n", encoding="utf-8")
        if args.json:
            print(text)
    failed = [r.claim.id for r in results if r.verdict == "failed"]
    counts = {v: sum(r.verdict == v for r in results) for v in ("verified", "not applicable", "failed")}
    summary = f"{counts['verified']} verified, {counts['not applicable']} not applicable, {counts['failed']} failed"
    print(f"\n{summary}", file=sys.stderr if args.json else sys.stdout)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

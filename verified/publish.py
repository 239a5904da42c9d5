"""Refuse to publish a ledger whose claims are not all verified or deliberately not applicable.

    python -m verified.publish site/claims.json --planned gil-disabled

A claim may be "not applicable" on the publishing machine only for a planned reason (a
requirement key given with --planned); one CPU, or an older Python than expected, fails.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def problems(ledger: dict, planned: set[str]) -> list[str]:
    found = []
    for entry in ledger["claims"]:
        if entry["verdict"] == "failed":
            found.append(f"{entry['id']}: failed")
        elif entry["verdict"] == "not applicable":
            unplanned = [key for key in entry["unmet"] if key not in planned]
            if unplanned:
                found.append(f"{entry['id']}: not applicable for an unplanned reason: {', '.join(unplanned)}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m verified.publish", description=__doc__.splitlines()[0])
    parser.add_argument("ledger", type=Path, help="the built site's claims.json")
    parser.add_argument("--planned", nargs="*", default=[], help="requirement keys that may be unmet here")
    args = parser.parse_args(argv)
    try:
        ledger = json.loads(args.ledger.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        parser.error(f"cannot read the ledger {args.ledger}: {error}")
    if not isinstance(ledger, dict) or not ledger.get("claims"):
        parser.error(f"{args.ledger} lists no claims")
    malformed = [e.get("id", "?") for e in ledger["claims"] if not {"id", "verdict", "unmet"} <= set(e)]
    if malformed:
        parser.error(f"{args.ledger} is not a ledger of this version (entries without id/verdict/unmet: {malformed})")
    found = problems(ledger, set(args.planned))
    for problem in found:
        print(f"publish refused: {problem}", file=sys.stderr)
    if not found:
        print(f"{len(ledger['claims'])} claims verified or deliberately not applicable")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())

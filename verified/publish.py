"""Refuse a ledger whose claims are not all verified or not applicable for a reason the claim declares.

    python -m verified.publish site/claims.json          # may this build be published?
    python -m verified.publish --anywhere LEDGER...      # may these environments' verdicts stand?
    python -m verified.publish site/claims.json --others .cache/ledgers   # and the other environments shown beside it

What may be "not applicable" follows from the claims themselves: a claim lists its premises, and
each premise is either about what the statement speaks of (a Python version, a free-threaded
build, Linux) or about what measuring it needs from the machine (two CPUs, a way to pin a
process). A verdict "not applicable" because the statement is about another environment is
right anywhere. One that is "not applicable" because the machine could not measure it is right
on a reader's one-CPU laptop (--anywhere), but a published verdict must have been measured, so a
publish refuses it. A failed claim, or a premise the claim does not declare, is refused always.

The other environments' ledgers that a published build shows beside its own verdicts (--others)
must have been measured on the same commit and code as that build, and none may hold a failed
claim: one stale or failing environment stops the publish.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REQUIRED_KEYS = {"id", "verdict", "unmet", "requires", "machine_requires"}


def problems(ledger: dict, *, publishing: bool = True) -> list[str]:
    found = []
    for entry in ledger["claims"]:
        if entry["verdict"] == "failed":
            found.append(f"{entry['id']}: failed")
        elif entry["verdict"] == "not applicable":
            undeclared = [key for key in entry["unmet"] if key not in entry["requires"]]
            unmeasured = [key for key in entry["unmet"] if key in entry["machine_requires"]]
            if undeclared:
                found.append(f"{entry['id']}: not applicable for a reason the claim does not declare: "
                             f"{', '.join(undeclared)}")
            elif publishing and unmeasured:
                found.append(f"{entry['id']}: not measured, this machine lacks what it needs: {', '.join(unmeasured)}")
    return found


def same_code(ledger: dict, reference: dict) -> str | None:
    """Why `ledger` was not measured on the code `reference` was, or None if it was."""
    for key, what in (("commit", "commit"), ("sources", "code")):
        if ledger.get(key) != reference.get(key):
            return f"measured on another {what} ({str(ledger.get(key))[:12]}, not {str(reference.get(key))[:12]})"
    return None


def _ledger_files(paths: list[Path]) -> list[Path]:
    files = []
    for path in paths:
        if path.is_dir():
            found = sorted(path.glob("*.json"))
            if not found:
                raise ValueError(f"{path} holds no ledger (*.json)")
            files += found
        else:
            files.append(path)
    return files


def read_ledger(path: Path) -> dict:
    """A ledger file, or ValueError saying what is wrong with it."""
    try:
        ledger = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValueError(f"cannot read the ledger {path}: {error}") from None
    if not isinstance(ledger, dict) or not ledger.get("claims"):
        raise ValueError(f"{path} lists no claims")
    malformed = [e.get("id", "?") for e in ledger["claims"] if not REQUIRED_KEYS <= set(e)]
    if malformed:
        raise ValueError(f"{path} is not a ledger of this version (entries without "
                         f"{'/'.join(sorted(REQUIRED_KEYS))}: {malformed})")
    return ledger


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m verified.publish", description=__doc__.splitlines()[0])
    parser.add_argument("ledgers", type=Path, nargs="+", metavar="LEDGER", help="a claims.json")
    parser.add_argument("--anywhere", action="store_true",
                        help="accept claims this machine could not measure (a reader's environment, not a publish)")
    parser.add_argument("--others", type=Path, nargs="+", default=[], metavar="LEDGER_OR_FOLDER",
                        help="the other environments' ledgers shown beside the first LEDGER's verdicts")
    args = parser.parse_args(argv)
    if args.others and len(args.ledgers) != 1:
        parser.error("--others goes with one LEDGER: the published build's")
    refused = False
    for path in args.ledgers:
        try:
            ledger = read_ledger(path)
        except ValueError as error:
            parser.error(str(error))
        found = problems(ledger, publishing=not args.anywhere)
        for problem in found:
            print(f"{path}: refused: {problem}", file=sys.stderr)
        if not found:
            print(f"{path}: {len(ledger['claims'])} claims verified or not applicable for a declared reason")
        refused = refused or bool(found)
    try:
        others = _ledger_files(args.others)
        published = read_ledger(args.ledgers[0]) if others else None
        for path in others:
            ledger = read_ledger(path)
            found = problems(ledger, publishing=False)
            if (stale := same_code(ledger, published)) is not None:
                found.insert(0, stale)
            for problem in found:
                print(f"{path}: refused: {problem}", file=sys.stderr)
            if not found:
                print(f"{path}: {len(ledger['claims'])} claims verified or not applicable, on the same code")
            refused = refused or bool(found)
    except ValueError as error:
        parser.error(str(error))
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main())

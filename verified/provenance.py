"""What a ledger was measured with: the commit, and a digest of the code that measures the claims."""

from __future__ import annotations

import hashlib
import subprocess

from verified.project import ROOT

# The claims' experiments and the engine that judges them; a change to any file here can change a verdict.
MEASURING_CODE = ("snippets", "verified")


def commit() -> str | None:
    """The checked-out commit, or None outside a git checkout (a copy of the project, no git)."""
    try:
        done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=30)
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def sources_digest() -> str:
    """sha256 over the paths and bytes of every Python file that measures or judges a claim."""
    digest = hashlib.sha256()
    for folder in MEASURING_CODE:
        for path in sorted((ROOT / folder).rglob("*.py")):
            digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()

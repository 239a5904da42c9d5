"""Run a listing as its own program, the way a reader would: `python snippets/…/file.py`.

For programs that must run as __main__ (multiprocessing under spawn or forkserver
re-imports the main module, so it needs an `if __name__ == "__main__":` guard), which an
executed block cannot be.
"""

from __future__ import annotations

import os
import subprocess
import sys

from verified.project import ROOT

TIMEOUT = 60  # seconds; a listing that runs longer is broken, not slow


class ListingFailed(RuntimeError):
    pass


def run_listing(path: str, *args: str, start_method: str | None = None) -> str:
    """Run the program at `path` (relative to the project root) and return what it printed.

    start_method: run it under that multiprocessing start method instead of the default.
    """
    script = ROOT / path
    if not script.is_file():
        raise ListingFailed(f"no listing at {path}")
    if start_method is None:
        command = [sys.executable, str(script), *args]
    else:
        launcher = (
            "import multiprocessing, runpy, sys; multiprocessing.set_start_method(sys.argv.pop(1)); "
            "sys.argv.pop(0); runpy.run_path(sys.argv[0], run_name='__main__')"
        )
        command = [sys.executable, "-c", launcher, start_method, str(script), *args]
    return _run(command, path)


def run_python(code: str) -> str:
    """Run `code` in a fresh interpreter that can import this project (`python -c`), and return
    what it printed: for experiments that must not share this process (its threads, its memory)."""
    return _run([sys.executable, "-c", code], "python -c " + repr(code.splitlines()[0] + " …"))


def _run(command: list[str], what: str) -> str:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, cwd=ROOT, env=env)
    except subprocess.TimeoutExpired:
        raise ListingFailed(f"{what} ran for more than {TIMEOUT} s") from None
    if done.returncode != 0:
        raise ListingFailed(f"{what} exited with {done.returncode}:\n{done.stderr.strip()}")
    return done.stdout

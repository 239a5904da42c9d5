"""Programs that start processes run under every start method this platform offers.

Under the default method every program a page shows already ran on its own, as a reader runs
it: the page's block does that (verified_pytest/plugin.py)."""

import multiprocessing
import re

import pytest

from verified import run_listing
from verified_mkdocs.fences import ROOT, pages

INCLUDE = re.compile(r'^\s*--8<--\s+"(snippets/[^"]+\.py)"', re.M)
PROGRAMS = sorted({path for page in pages() for path in INCLUDE.findall(page.read_text(encoding="utf-8"))})
STARTS_PROCESSES = re.compile(r"\bmultiprocessing\b|ProcessPoolExecutor|InterpreterPoolExecutor")


def uses_processes(path: str) -> bool:
    return STARTS_PROCESSES.search((ROOT / path).read_text(encoding="utf-8")) is not None


# The first is the platform's default, under which the page's block ran the program.
@pytest.mark.parametrize("start_method", multiprocessing.get_all_start_methods()[1:])
@pytest.mark.parametrize("program", [p for p in PROGRAMS if uses_processes(p)])
def test_process_program_runs_under_every_start_method(program, start_method):
    assert run_listing(program, start_method=start_method).strip()


def test_there_are_programs_to_run():
    assert PROGRAMS, "no page includes a program from snippets/"

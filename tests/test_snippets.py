"""Every program a page includes runs on its own, as a reader would run it; programs that
start processes run under every start method this platform offers."""

import multiprocessing
import re

import pytest

from verified import run_listing
from verified.fences import ROOT, pages

INCLUDE = re.compile(r'^\s*--8<--\s+"(snippets/[^"]+\.py)"', re.M)
PROGRAMS = sorted({path for page in pages() for path in INCLUDE.findall(page.read_text(encoding="utf-8"))})
STARTS_PROCESSES = re.compile(r"\bmultiprocessing\b|ProcessPoolExecutor|InterpreterPoolExecutor")


def uses_processes(path: str) -> bool:
    return STARTS_PROCESSES.search((ROOT / path).read_text(encoding="utf-8")) is not None


@pytest.mark.parametrize("program", PROGRAMS)
def test_program_runs_on_its_own(program):
    assert run_listing(program).strip(), f"{program} printed nothing: a listing shows what it does"


@pytest.mark.parametrize("start_method", multiprocessing.get_all_start_methods())
@pytest.mark.parametrize("program", [p for p in PROGRAMS if uses_processes(p)])
def test_process_program_runs_under_every_start_method(program, start_method):
    assert run_listing(program, start_method=start_method).strip()


def test_there_are_programs_to_run():
    assert PROGRAMS, "no page includes a program from snippets/"

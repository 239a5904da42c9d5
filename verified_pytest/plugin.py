"""pytest plugin: run each page's fences exactly as the MkDocs build runs them.

pytest-markdown-docs reads raw Markdown, so `--8<--` includes would reach Python
as text. Its runner registry (`register_runner`, not a stable API) lets us expand
them with pymdownx.snippets first, refuse the faults the build refuses, and tell
claims which page and language they are reported on.

A block that shows a program (one `--8<--` of a file under snippets/) runs as that program,
`python snippets/…/file.py`, the way a reader runs it. As in the build (verified_mkdocs/shared_runs.py),
a block runs once per session for both languages: the other language's identical block passes
on that run if it could not depend on its page (it read neither the page's language nor a claim).
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import multiprocessing
import re
from pathlib import Path

import pytest
from pytest_markdown_docs._runners import DefaultRunner, register_runner

from verified import claims
from verified_mkdocs import shared_runs
from verified_mkdocs.fences import DOCS, ROOT, FenceError, expand_snippets, refuse_main_guard
from verified.listings import run_listing

PROGRAM = re.compile(r'\A\s*--8<--\s+"(snippets/[^"]+\.py)"\s*\Z')
_passed: dict[str, str] = {}  # digest of a block's code that passed, page-independent -> where


@register_runner(default=True)
class SameAsTheBuild(DefaultRunner):
    def runtest(self, test, args, *, asyncio_runner=None):
        page = Path(test.source_path)
        shown = page.relative_to(ROOT) if page.is_relative_to(ROOT) else page
        where = f"{shown}:{test.start_line}"
        program = PROGRAM.match(test.source)
        test = dataclasses.replace(test, source=expand_snippets(test.source))
        refuse_main_guard(test.source, where)
        # pytest-markdown-docs pads the code with blank lines, to keep the page's line numbers.
        key = hashlib.sha256(test.source.lstrip("\n").encode()).hexdigest()
        if key in _passed:
            return  # the same code passed at _passed[key] in this session
        lang = "ru" if page.name.endswith(".ru.md") else "en"
        claims.context.update(lang=lang, page=str(shown), url=None)
        if program:
            if not run_listing(program[1]).strip():  # raises ListingFailed with the program's stderr
                raise FenceError(f"{where}: {program[1]} printed nothing: a listing shows what it does")
            _passed[key] = where
            return
        # Like markdown-exec, capture the block's own print(): it is page output, not test noise.
        page_output = io.StringIO()
        args["print"] = lambda *values, **options: print(*values, **{**options, "file": page_output})
        try:
            with shared_runs.watching() as seen:
                super().runtest(test, args, asyncio_runner=asyncio_runner)
        except SystemExit as exit_:
            raise FenceError(f"{where}: the block called sys.exit({exit_.code!r})") from None
        if not seen.depends_on_the_page():
            _passed[key] = where


def pytest_addoption(parser):
    parser.addoption(
        "--start-method",
        choices=multiprocessing.get_all_start_methods(),
        help="multiprocessing start method for every test (default: the platform's)",
    )


def pytest_configure(config):
    method = config.getoption("--start-method")
    if method:
        multiprocessing.set_start_method(method, force=True)


def pytest_ignore_collect(collection_path, config):
    # Lab notebooks are jupytext .py files: pytest-markdown-docs would import (run) them
    # at collection. The build runs them in a kernel instead (tests/test_build.py).
    if collection_path.suffix == ".py" and DOCS in collection_path.parents:
        return True
    return None


@pytest.fixture(autouse=True)
def _forget_page_context():
    yield
    claims.context.update(lang="en", page=None, url=None)

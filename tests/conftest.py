"""Fixtures shared by the tests that read the built site."""

import os
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from verified.fences import ROOT


@dataclass
class Leftovers:
    processes: list[str]  # still running after the build ended, started by it
    temp_files: list[str]  # left in the build's own temporary folder


def processes_marked(mark: str) -> list[str]:
    """Processes whose environment carries `mark`: the build's descendants, even orphaned ones."""
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if mark.encode() in environ.read_bytes():
                found.append(environ.parent.joinpath("cmdline").read_bytes().replace(b"\0", b" ").decode())
        except OSError:
            continue  # ended meanwhile, or not ours to read
    return found


@pytest.fixture(scope="session")
def build_leftovers(built_site):
    return built_site.leftovers


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The strict build of both languages, made once per session.

    The build runs every claim and notebook, so it is by far the slowest step: the build tests,
    the link checks and the browser tests all read this one copy. The first test to ask for it
    pays for the build, which is why those modules allow it a long timeout.
    """
    site_dir = tmp_path_factory.mktemp("site")
    temp_dir = tmp_path_factory.mktemp("build-tmp")
    mark = f"VERIFIED_BUILD_MARK={uuid.uuid4().hex}"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1", TMPDIR=str(temp_dir), **dict([mark.split("=")])),
    )
    assert done.returncode == 0, (
        f"the strict build failed:\n{done.stdout[-4000:]}\n{done.stderr[-8000:]}"
    )
    site = BuiltSite(site_dir)
    site.leftovers = Leftovers(processes_marked(mark), sorted(str(p) for p in temp_dir.rglob("*")))
    return site


class BuiltSite(type(Path())):
    """The site folder, plus what the build left behind."""

    leftovers: Leftovers

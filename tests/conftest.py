"""Fixtures shared by the tests that read the built site."""

import os
import subprocess
import sys

import pytest

from verified.fences import ROOT


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The strict build of both languages, made once per session.

    The build runs every claim and notebook, so it is by far the slowest step: the build tests,
    the link checks and the browser tests all read this one copy. The first test to ask for it
    pays for the build, which is why those modules allow it a long timeout.
    """
    site_dir = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )
    assert done.returncode == 0, (
        f"the strict build failed:\n{done.stdout[-4000:]}\n{done.stderr[-8000:]}"
    )
    return site_dir

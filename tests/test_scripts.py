"""The scripts that provide interpreters answer bad input with one line that says what to do."""

import subprocess
import sys

from verified.project import ROOT


def run(*command):
    return subprocess.run([str(ROOT / "scripts" / command[0]), *command[1:]], capture_output=True, text=True,
                          timeout=60)


def test_find_python_takes_one_that_fits():
    done = run("find-python", sys.executable)
    assert done.returncode == 0 and done.stdout.strip(), done.stderr


def test_find_python_refuses_one_too_old(tmp_path):
    old = tmp_path / "python3"
    old.write_text("#!/bin/sh\n[ \"$1\" = -c ] && case \"$2\" in *python_version*) echo 3.11.2;; *) exit 1;; esac\n")
    old.chmod(0o755)
    done = run("find-python", str(old))
    assert done.returncode == 2 and done.stderr.strip().splitlines() == [
        f"find-python: PYTHON={old} is CPython 3.11.2; this project needs 3.11.5 or newer"], done.stderr


def test_debian_python_names_the_versions_it_provides():
    done = run("debian-python", "2.7")
    assert done.returncode == 2 and "usage: debian-python 3.13|3.14|3.15" in done.stderr

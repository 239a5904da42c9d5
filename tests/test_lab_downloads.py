"""Each lab's "Download this notebook" runs to its end the way a reader runs it: in an empty folder
outside the repository, on a kernel from a new virtual environment that has Jupyter's kernel
(ipykernel, at the lock's versions) and nothing of this project."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from verified.project import ROOT

KERNEL = "bare-lab"
LABS = sorted(p.name for p in (ROOT / "docs" / "labs").glob("*.py"))  # event-loop.py, event-loop.ru.py, …


def _uv() -> str:
    found = shutil.which("uv") or ROOT / ".tools" / "bin" / "uv"
    if not Path(found).is_file():
        pytest.fail("no uv to make the bare environment with: run make install", pytrace=False)
    return str(found)


def _run(*command, **kwargs):
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    assert done.returncode == 0, f"{' '.join(map(str, command))}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def bare_kernels(tmp_path_factory) -> Path:
    """A kernelspec folder whose one kernel runs in a venv holding ipykernel and its dependencies only."""
    root = tmp_path_factory.mktemp("bare")
    uv, venv = _uv(), root / "venv"
    pins = root / "pins.txt"
    pins.write_text(_run(uv, "export", "--frozen", "--no-hashes", "--no-emit-project", "--quiet", cwd=ROOT))
    _run(uv, "venv", "--quiet", "--python", sys.executable, str(venv))
    _run(uv, "pip", "install", "--quiet", "--python", str(venv / "bin" / "python"), "-c", str(pins), "ipykernel")
    python = venv / "bin" / "python"
    absent = subprocess.run([python, "-c", "import snippets"], capture_output=True, cwd=root,
                            env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})  # as the kernel runs
    assert absent.returncode != 0, "the bare environment can import the project: the test would prove nothing"
    _run(python, "-m", "ipykernel", "install", "--prefix", str(root / "jupyter"), "--name", KERNEL)
    return root / "jupyter" / "share" / "jupyter" / "kernels"


def _downloaded(site: Path, lab: str) -> Path:
    """The .ipynb that the lab page's download button offers (verified_mkdocs/hooks.py)."""
    stem, _, _ = lab.removesuffix(".py").partition(".")
    language = "ru/" if lab.endswith(".ru.py") else ""
    return site / f"{language}labs/{stem}/{stem}.ipynb"


@pytest.mark.parametrize("lab", LABS)
def test_downloaded_lab_runs_on_its_own(lab, built_site, bare_kernels, tmp_path):
    path = _downloaded(built_site, lab)
    assert path.is_file(), f"{lab}: the site offers no {path.relative_to(built_site)}"
    notebook = nbformat.read(path, as_version=4)
    folder = tmp_path / "reader"  # an empty folder, far from the repository
    folder.mkdir()
    shutil.copy(path, folder)
    manager = KernelManager(kernel_name=KERNEL, kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(bare_kernels)]))
    client = NotebookClient(notebook, km=manager, timeout=120, resources={"metadata": {"path": str(folder)}})
    try:
        client.execute(env={k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHON_GIL")})
    except CellExecutionError as error:
        pytest.fail(f"{lab}: the downloaded notebook stops in a bare environment:\n{error}", pytrace=False)
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert outputs, f"{lab}: the notebook ran but printed nothing"

"""Each lab executes once per build for both languages, all labs in one kernel.

mkdocs-jupyter executes every notebook page in a kernel of its own, so a lab and its Russian
twin (`labs/gil.py`, `labs/gil.ru.py`) started two kernels and measured every experiment twice.
Here, when the first of them is rendered, both run, one after the other: the first records the
experiments its code calls, the twin gets the same figures back for the same calls
(verified_mkdocs/lab_replay.py) and only its own words are new. mkdocs-jupyter then renders the
executed notebook without executing it again. Each notebook starts with an empty namespace in
the one kernel of the build, started for the first lab and shut down with the build
(finish_build); that each lab also runs alone, in a kernel of its own, is what
tests/test_lab_downloads.py checks.

Every build starts empty (start_build, from on_config): a build always measures every lab.
A failing or hanging cell stops the build with the notebook's path, the cell and the error.
"""

from __future__ import annotations

import atexit
from pathlib import Path

from verified.project import ROOT

_executed: dict[Path, object] = {}  # twin's path -> its notebook, executed with the first language's
_client = None  # the build's kernel, with nbclient's client for it


class LabError(Exception):
    """A lab cell that failed or timed out."""


def start_build() -> None:
    finish_build()
    _executed.clear()


def finish_build() -> None:
    """Shut the build's kernel down (from on_post_build and on_build_error)."""
    global _client
    if _client is not None:
        client, _client = _client, None
        client._cleanup_kernel()  # stops the channels and the kernel, as nbclient's setup_kernel() does


def twins(path: Path) -> list[Path]:
    """The lab and its other-language versions that exist: `x.py` and `x.ru.py`."""
    stem = path.name.split(".")[0]
    found = sorted(path.parent.glob(f"{stem}.*py"), key=lambda p: (p != path, p.name))
    return [p for p in found if p.name.split(".")[0] == stem]


def executed(path: Path, timeout: int):
    """The lab at `path`, executed in this build (with its twins, when it comes first)."""
    path = Path(path)
    if path in _executed:
        return _executed.pop(path)
    import jupytext

    notebooks = {lab: jupytext.read(lab) for lab in twins(path)}
    _run_in_one_kernel(notebooks, timeout)
    for lab, notebook in notebooks.items():
        if lab != path:
            _executed[lab] = notebook
    return notebooks[path]


def _run_in_one_kernel(notebooks: dict, timeout: int) -> None:
    import nbformat
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    client = _kernel(next(iter(notebooks.values())), timeout)
    for number, (lab, notebook) in enumerate(notebooks.items()):
        where = lab.relative_to(ROOT) if lab.is_relative_to(ROOT) else lab
        client.nb = notebook
        hidden = nbformat.v4.new_code_cell(
            f"__import__('verified_mkdocs.lab_replay', fromlist=['start']).start(get_ipython(), replay={number > 0})")
        notebook.cells.insert(0, hidden)  # nbclient executes cells by their index in the notebook
        try:
            for index, cell in enumerate(notebook.cells):
                if cell.cell_type == "code":
                    try:
                        client.execute_cell(cell, index)
                    except CellTimeoutError as error:
                        raise LabError(f"{where}: cell {index} timed out after {timeout} s "
                                       f"(extra.notebook_cell_timeout in mkdocs.yml)\n{error}") from None
                    except CellExecutionError as error:
                        raise LabError(f"{where}: cell {index} failed\n{error}") from None
        finally:
            notebook.cells.remove(hidden)


def _kernel(notebook, timeout: int):
    global _client
    if _client is None:
        from nbclient import NotebookClient

        client = NotebookClient(notebook, timeout=timeout, kernel_name="python3", allow_errors=False,
                                resources={"metadata": {"path": str(ROOT)}})
        client.km = client.create_kernel_manager()
        client.start_new_kernel()
        client.start_new_kernel_client()
        _client = client
        atexit.unregister(finish_build)
        atexit.register(finish_build)  # an interrupted build leaves no kernel behind
    _client.timeout = timeout
    return _client


def render(original, path: str, **options) -> str:
    """mkdocs-jupyter's nb2html for a lab: execute it here, then render it without executing."""
    from types import SimpleNamespace

    from mkdocs_jupyter import nbconvert2

    notebook = executed(Path(path), options.pop("timeout"))
    # nb2html reads a .py lab with jupytext.read(path); hand it the executed notebook instead.
    # (Given an .ipynb file it renders other markup, which notebook_html.py does not know.)
    reader = nbconvert2.jupytext
    nbconvert2.jupytext = SimpleNamespace(read=lambda _: notebook, writes=reader.writes)
    try:
        return original(path, **{**options, "execute": False})
    finally:
        nbconvert2.jupytext = reader

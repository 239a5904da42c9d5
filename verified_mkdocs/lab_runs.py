"""Each lab executes once per build for both languages.

mkdocs-jupyter executes every notebook page in a kernel of its own, so a lab and its Russian
twin (`labs/gil.py`, `labs/gil.ru.py`) started two kernels and measured every experiment twice.
Here, when the first of them is rendered, both run in one kernel, one after the other: the
first records the experiments its code calls, the twin gets the same figures back for the same
calls (verified_mkdocs/lab_replay.py) and only its own words are new. mkdocs-jupyter then renders the
executed notebook without executing it again.

Every build starts empty (start_build, from on_config): a build always measures every lab.
A failing or hanging cell stops the build with the notebook's path, the cell and the error.
"""

from __future__ import annotations

from pathlib import Path

from verified.project import ROOT
_executed: dict[Path, object] = {}  # twin's path -> its notebook, executed with the first language's


class LabError(Exception):
    """A lab cell that failed or timed out."""


def start_build() -> None:
    _executed.clear()


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
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    first = next(iter(notebooks.values()))
    client = NotebookClient(first, timeout=timeout, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(ROOT)}})
    with client.setup_kernel():
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

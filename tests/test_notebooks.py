"""Every lab notebook runs top to bottom in a fresh kernel, as the build runs it."""

import jupytext
import nbclient
import pytest
from mkdocs.utils.yaml import yaml_load

from verified.fences import DOCS, ROOT

NOTEBOOKS = sorted((DOCS / "labs").glob("*.py"))
CELL_TIMEOUT = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["notebook_cell_timeout"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_without_errors(path):
    notebook = jupytext.read(path)
    client = nbclient.NotebookClient(notebook, timeout=CELL_TIMEOUT, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()  # raises CellExecutionError, naming the cell, on the first failure
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert outputs, f"{path.name} printed nothing: a lab shows its measurements"

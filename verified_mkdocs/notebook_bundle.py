"""A lab notebook that runs on its own, outside the repository.

The labs import the site's experiments (`import snippets.gil.claims as experiment`), which only a
clone of the repository has. The notebook offered for download gets one cell more, first: the
project's modules that its code imports, directly or not, written into a temporary folder that is
put on `sys.path` (where processes started by spawn or forkserver find it too). The modules are
found by reading the imports, so the bundle follows the code; nothing is copied by hand.
"""

from __future__ import annotations

import ast
import base64
import json
import zlib
from pathlib import Path

from verified.project import ROOT

PACKAGES = ("snippets", "verified")  # the project's own top-level packages


class BundleError(ValueError):
    """An import of the project's code that cannot be resolved to a file."""


def _imported_names(source: str, module: str, is_package: bool) -> set[str]:
    """Every module name an `import` or `from … import` in `source` may refer to, at any depth."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                parts = module.split(".")
                base = parts if is_package else parts[:-1]
                base = base[: len(base) - (node.level - 1)]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            names.add(prefix)
            names.update(f"{prefix}.{alias.name}" for alias in node.names)  # a submodule, maybe
    return {name for name in names if name.split(".")[0] in PACKAGES}


def _file_of(name: str) -> Path | None:
    path = ROOT.joinpath(*name.split("."))
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def project_files(code: str) -> dict[str, str]:
    """The project's modules that `code` needs, with the packages that hold them and their data
    files: path → text."""
    files: dict[str, str] = {}
    pending = sorted(_imported_names(code, "__main__", False))
    seen = set()
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        path = _file_of(name)
        if path is None:
            if "." in name and _file_of(name.rpartition(".")[0]) is not None:
                continue  # `from package.module import function`: a function, not a module
            raise BundleError(f"the lab imports {name}, which is no module of this project")
        parts = name.split(".")
        for depth in range(1, len(parts)):  # the packages around it, whose __init__ runs first
            pending.append(".".join(parts[:depth]))
        text = path.read_text(encoding="utf-8")
        files[path.relative_to(ROOT).as_posix()] = text
        is_package = path.name == "__init__.py"
        pending += sorted(_imported_names(text, name, is_package))
        if is_package:  # the data files a package reads beside its modules (read at import, some)
            for data in sorted(path.parent.iterdir()):
                if data.is_file() and data.suffix not in (".py", ".pyc"):
                    files[data.relative_to(ROOT).as_posix()] = data.read_text(encoding="utf-8")
    return dict(sorted(files.items()))


SETUP = '''\
# This notebook runs on its own. The experiments it uses come from the site's repository
# (snippets/ and verified/); their source is packed below and unpacked into a temporary folder
# that goes first on sys.path. Files:
{listing}
import base64, json, pathlib, sys, tempfile, zlib

_code = pathlib.Path(tempfile.mkdtemp(prefix="lab-code-"))
for _path, _text in json.loads(zlib.decompress(base64.b64decode(
    "{packed}"
))).items():
    (_code / _path).parent.mkdir(parents=True, exist_ok=True)
    (_code / _path).write_text(_text, encoding="utf-8")
sys.path.insert(0, str(_code))
'''


def setup_cell_source(code: str) -> str:
    """The first cell of the downloadable notebook, for a notebook whose code cells are `code`."""
    files = project_files(code)
    if not files:
        raise BundleError("the lab imports nothing from snippets/ or verified/: it needs no setup cell")
    packed = base64.b64encode(zlib.compress(json.dumps(files).encode(), 9)).decode()
    lines = [packed[i : i + 100] for i in range(0, len(packed), 100)]
    listing = "\n".join(f"#   {path}" for path in files)
    return SETUP.format(listing=listing, packed='"\n    "'.join(lines))


def self_contained(notebook):
    """The jupytext notebook with the setup cell first (a new notebook; the argument is unchanged)."""
    import copy

    import nbformat

    bundled = copy.deepcopy(notebook)
    code = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
    bundled.cells.insert(0, nbformat.v4.new_code_cell(setup_cell_source(code)))
    return bundled

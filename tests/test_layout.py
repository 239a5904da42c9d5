"""The tree is the architecture: the claim engine (verified/) runs on the standard library alone,
and what builds the site (verified_mkdocs/), runs pages as tests (verified_pytest/) or serves
maintainers (maintenance/) depends on the engine, never the other way round."""

import ast
import sys

import pytest

from verified.project import ROOT

ENGINE = "verified"
OUTSIDE = ("verified_mkdocs", "verified_pytest", "maintenance")


def _imports(package: str) -> dict[str, set[str]]:
    found = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names.add(node.module)
        found[path.relative_to(ROOT).as_posix()] = names
    return found


def test_the_engine_imports_only_the_standard_library_and_itself():
    for path, names in _imports(ENGINE).items():
        foreign = {n for n in names if n.split(".")[0] not in (*sys.stdlib_module_names, ENGINE, "__future__")}
        assert not foreign, f"{path} imports {sorted(foreign)}: the engine must run with no package installed"


@pytest.mark.parametrize("package", OUTSIDE)
def test_nothing_in_the_engine_depends_on(package):
    assert (ROOT / package / "__init__.py").is_file(), f"{package}/ is not a package"
    for path, names in _imports(ENGINE).items():
        assert not {n for n in names if n.split(".")[0] == package}, f"{path} imports {package}"


def test_integrations_do_not_import_the_maintenance_tools_except_the_method_page():
    # The method page describes the environments and the workflow the tools run: it reads their tables.
    for package in ("verified_mkdocs", "verified_pytest"):
        for path, names in _imports(package).items():
            if path != "verified_mkdocs/method.py":
                assert not {n for n in names if n.split(".")[0] == "maintenance"}, f"{path} imports maintenance"

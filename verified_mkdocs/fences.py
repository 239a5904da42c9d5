"""What the build (markdown-exec) and the tests (pytest-markdown-docs) must agree on about a fence.

Both run the same code: the fence's text with `--8<--` includes expanded by
pymdownx.snippets, configured as in mkdocs.yml. Both refuse the same faults.
"""

from __future__ import annotations

import ast
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from verified.project import ROOT

DOCS = ROOT / "docs"


class FenceError(Exception):
    """Executed code that can only pass silently or stop the whole build."""


def find_main_guard(code: str) -> int | None:
    """Line of an `if __name__ == "__main__":` guard, if any.

    Neither markdown-exec nor pytest-markdown-docs runs code as __main__, so the
    body of such a guard never runs and the block passes without doing anything.
    """
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return None  # the run itself reports the syntax error, with its line
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Compare):
            names = [node.test.left, *node.test.comparators]
            if any(isinstance(n, ast.Name) and n.id == "__name__" for n in names) and any(
                isinstance(n, ast.Constant) and n.value == "__main__" for n in names
            ):
                return node.lineno
    return None


def refuse_main_guard(code: str, where: str) -> None:
    line = find_main_guard(code)
    if line is not None:
        raise FenceError(
            f"{where}: line {line} has `if __name__ == \"__main__\":`; an executed block never runs as "
            "__main__, so that body would be skipped silently. Put the code at top level, or show the "
            "program as a display-only fence and run it with verified.run_listing()."
        )


@functools.cache
def snippets_config() -> dict:
    """The pymdownx.snippets options from mkdocs.yml (one source of truth for both runners)."""
    from mkdocs.utils.yaml import yaml_load

    config = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    for extension in config.get("markdown_extensions", []):
        if isinstance(extension, dict) and "pymdownx.snippets" in extension:
            options = dict(extension["pymdownx.snippets"] or {})
            options["base_path"] = [str(ROOT / p) for p in options.get("base_path", ["."])]
            return options
    raise FenceError("mkdocs.yml does not enable pymdownx.snippets")


def expand_snippets(code: str) -> str:
    """Expand `--8<--` lines exactly as the MkDocs build does (missing files are errors)."""
    if "--8<--" not in code:
        return code
    import markdown

    md = markdown.Markdown(extensions=["pymdownx.snippets"], extension_configs={"pymdownx.snippets": snippets_config()})
    return "\n".join(md.preprocessors["snippet"].run(code.split("\n")))


# --- Walking every fence of every page (display-only fences must say why) -------------------------

FENCE_OPEN = re.compile(r"^(?P<indent> {0,3}|\t*|(?: {4})*)(?P<fence>`{3,}|~{3,})\s*(?P<info>.*)$")


@dataclass(frozen=True)
class Fence:
    page: Path
    line: int
    info: str

    @property
    def language(self) -> str:
        info = self.info.strip()
        if info.startswith("{"):
            match = re.search(r"\.([\w+-]+)", info)
            return match.group(1) if match else ""
        return info.split()[0] if info else ""

    @property
    def executed(self) -> bool:
        return re.search(r'\bexec="(1|on|yes|true)"', self.info) is not None

    @property
    def display_only(self) -> bool:
        return re.search(r"(?<![\w-])notest(?![\w-])", self.info) is not None

    def option(self, name: str) -> str | None:
        match = re.search(rf'\b{name}="([^"]*)"', self.info)
        return match.group(1) if match else None

    def __str__(self) -> str:
        page = self.page.relative_to(ROOT) if self.page.is_relative_to(ROOT) else self.page
        return f"{page}:{self.line}"


def fences_in(page: Path) -> list[Fence]:
    """Every fenced block of a Markdown page, with its info string (nested fences included)."""
    found = []
    lines = page.read_text(encoding="utf-8").splitlines()
    open_fence: str | None = None
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if open_fence is None:
            match = FENCE_OPEN.match(line)
            if match:
                open_fence = match.group("fence")
                found.append(Fence(page, number, match.group("info")))
        elif stripped.startswith(open_fence) and stripped.strip(open_fence[0]) == "":
            open_fence = None
    return found


def pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def python_fence_problems(fence: Fence, page_fences: list[Fence]) -> list[str]:
    """Why a Python fence breaks the rule: executed and tested, or display-only with reason and twin."""
    if fence.language not in ("python", "py", "python3"):
        return []
    problems = []
    if fence.executed and fence.display_only:
        problems.append("is both executed and marked notest: the tests would skip what the build runs")
    elif fence.executed:
        if not fence.option("id"):
            problems.append('is executed but has no id="…": a failure could not name it')
    elif fence.display_only:
        if not fence.option("title"):
            problems.append('is display-only but gives no visible reason (title="…")')
        twin = fence.option("twin")
        ids = {f.option("id") for f in page_fences if f.executed}
        if not twin:
            problems.append('is display-only but names no runnable twin (twin="<id of an executed block>")')
        elif twin not in ids:
            problems.append(f'names twin="{twin}", but no executed block on the page has that id')
    else:
        problems.append('is neither executed (exec="1") nor marked display-only ({.python notest title=… twin=…})')
    return [f"{fence}: Python fence {problem}" for problem in problems]

"""How the page tests run blocks: a program as its own process, and each block once per session
for both languages unless it can depend on its page."""

import subprocess
import sys

import pytest

FENCE = "```"


def run_pages(tmp_path, pages: dict[str, str]) -> subprocess.CompletedProcess:
    for name, text in pages.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "pytest", *pages, "-p", "verified_pytest.plugin", "--markdown-docs",
         "--markdown-docs-syntax=superfences", "-p", "no:cacheprovider", "-q", "-c", "/dev/null",
         f"--rootdir={tmp_path}"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )


def test_an_identical_block_runs_once_for_both_languages(tmp_path):
    block = f'{FENCE}python exec="1" id="count"\nwith open("runs.log", "a") as log:\n    log.write("run\\n")\n{FENCE}\n'
    done = run_pages(tmp_path, {"docs/page.md": block, "docs/page.ru.md": block})
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "runs.log").read_text().count("run") == 1


def test_a_block_that_reads_its_page_runs_on_each(tmp_path):
    block = (f'{FENCE}python exec="1" id="lang"\nfrom verified import claims\n\n'
             f'with open("runs.log", "a") as log:\n    log.write(claims.context["lang"] + "\\n")\n{FENCE}\n')
    done = run_pages(tmp_path, {"docs/page.md": block, "docs/page.ru.md": block})
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "runs.log").read_text().split() == ["en", "ru"]


def test_a_program_runs_as_its_own_process_and_must_print(monkeypatch):
    from pytest_markdown_docs.definitions import FenceTestDefinition

    from verified_pytest import plugin as pytest_plugin
    from verified_mkdocs.fences import ROOT, FenceError

    ran = []
    monkeypatch.setattr(pytest_plugin, "run_listing", lambda path: ran.append(path) or "")
    monkeypatch.setattr(pytest_plugin, "_passed", {})
    fence = FenceTestDefinition(source='--8<-- "snippets/gil/refcount.py"\n', fixture_names=[], start_line=1,
                                source_path=ROOT / "docs" / "gil.md", runner_name=None)
    with pytest.raises(FenceError, match="snippets/gil/refcount.py printed nothing"):
        pytest_plugin.SameAsTheBuild().runtest(fence, {})
    assert ran == ["snippets/gil/refcount.py"]

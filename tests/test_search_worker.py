"""The fix for lunr's colliding automaton keys, added to Material's search worker on every build
(verified_mkdocs/search_worker.py); that the built site carries it, and that it works, is shown in Chromium
(test_browser.py::test_search_finds_numbers_that_lunr_alone_loses)."""

import pytest

from verified_mkdocs import search_worker

WORKER = 'var a=1;self.lunr=Y.default;Y.TokenSet=1;\n//# sourceMappingURL=search.0000.min.js.map\n'


def _site_with(tmp_path, **workers):
    folder = tmp_path / search_worker.WORKERS
    folder.mkdir(parents=True)
    for name, code in workers.items():
        (folder / f"search.{name}.min.js").write_text(code)
    return tmp_path


def test_the_fix_goes_in_once_before_the_source_map_line(tmp_path):
    worker = search_worker.fix(_site_with(tmp_path, a1b2=WORKER))
    fixed = worker.read_text()
    assert fixed.count(search_worker.MARKER) == 1
    assert fixed.index(search_worker.MARKER) < fixed.index("//# sourceMappingURL=")
    assert fixed.startswith(WORKER.split("\n//#")[0])
    search_worker.fix(tmp_path)
    assert worker.read_text() == fixed


@pytest.mark.parametrize(
    ("workers", "message"),
    [
        ({}, "found 0"),
        ({"a": WORKER, "b": WORKER}, "found 2"),
        ({"a": "addEventListener('message', handle)"}, "no longer bundles lunr"),
    ],
    ids=["missing", "two", "without-lunr"],
)
def test_an_unexpected_worker_is_a_clear_error(tmp_path, workers, message):
    with pytest.raises(search_worker.SearchWorkerError, match=message):
        search_worker.fix(_site_with(tmp_path, **workers))

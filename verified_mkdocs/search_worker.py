"""Material's site search, made to find what its index holds.

Material's search worker bundles lunr, which builds a word automaton and merges its equal
nodes, keyed by `TokenSet.toString()`: each edge's label and child id run together. With
digits in the words the keys collide ("1" → node 234 and "1" → node 2, "3" → node 4 are both
"1234"), different nodes are merged, and a prefix search expands to a word the index lacks.
The worker then throws (`Cannot read properties of undefined (reading '_index')`) and the
reader sees "No matching documents". These pages are full of measured numbers, and which of
them collide changes with every build: one build's search for "GIL" found nothing.
Upstream: olivernn/lunr.js#503 and the fix proposed in olivernn/lunr.js#279, both open.

The fix keys each edge as label, child id, comma: a label is one character and an id only
digits, so no two different nodes share a key. It is added to the built worker, which is
copied from Material's package on every build.
"""

from __future__ import annotations

from pathlib import Path

MARKER = "/* lunr TokenSet keys kept apart: olivernn/lunr.js#503 */"
FIX = MARKER + """
;(function (TokenSet) {
  TokenSet.prototype.toString = function () {
    var key = this.final ? "1" : "0", labels = Object.keys(this.edges).sort()
    for (var i = 0; i < labels.length; i++) key += labels[i] + this.edges[labels[i]].id + ","
    return key
  }
})(self.lunr.TokenSet);
"""
WORKERS = Path("assets", "javascripts", "workers")


class SearchWorkerError(RuntimeError):
    """Material's search worker is not where, or not what, this module expects."""


def fix(site_dir: Path) -> Path:
    """Add the fix to the built site's search worker (once); return the worker's path."""
    workers = sorted((site_dir / WORKERS).glob("search.*.min.js"))
    if len(workers) != 1:
        raise SearchWorkerError(f"expected one search worker in {site_dir / WORKERS}, found {len(workers)}")
    worker = workers[0]
    code = worker.read_text(encoding="utf-8")
    if MARKER in code:
        return worker
    if "self.lunr=" not in code or "TokenSet" not in code:
        raise SearchWorkerError(
            f"{worker.name} no longer bundles lunr as self.lunr: see whether Material still needs "
            "the fix for olivernn/lunr.js#503 (verified_mkdocs/search_worker.py)"
        )
    source_map = code.rfind("\n//# sourceMappingURL=")
    at = source_map if source_map >= 0 else len(code)
    worker.write_text(code[:at] + "\n" + FIX + code[at:], encoding="utf-8")
    return worker

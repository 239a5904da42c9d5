"""Each executed block runs once per build, for both languages.

Every Russian page holds the English page's blocks (tests/test_parity.py), and markdown-exec ran
each of them again for the second language: twice the time, and two different sets of timings
for one program. Within one build a block's HTML is shared with the other language when nothing
in it can depend on the page it is on: the same code after snippet expansion and the same
options, and while it ran it read neither the page's language nor its address (claims.context:
verdicts and figures do), used no claim, logged no warning (it must show, and fail a strict
build, on every page) and added no headings to the page's table of contents.

Every build starts empty (start_build, from on_config): a build always executes every block.
"""

from __future__ import annotations

import hashlib
import logging
from contextlib import contextmanager
from dataclasses import dataclass, field

from verified import claims

_this_build: dict[str, str] = {}  # block key -> the HTML it produced in this build


def start_build() -> None:
    _this_build.clear()


@dataclass
class Seen:
    """What a block did while it ran, besides producing HTML."""

    results: dict = field(default_factory=dict)  # claim id -> the claims.Result it read
    reported: dict = field(default_factory=dict)  # claim id -> {lang: url} it reported on
    context: set = field(default_factory=set)  # the keys of claims.context it read
    warned: bool = False
    added_headings: bool = False  # markdown-exec took headings from its output into the page's TOC

    def depends_on_the_page(self) -> bool:
        return bool(self.results or self.reported or self.context or self.warned)


def run(format_fence, src, language, css_class, options, md, **kwargs) -> tuple[str, Seen]:
    """markdown-exec's formatter, or the HTML the same block produced earlier in this build;
    with what the block did while it ran (nothing, when shared)."""
    # Blocks without an id get ids from a counter per page; every block here has one
    # (tests/test_fences.py), but a block without one is simply never shared.
    key = _key(src, language, css_class, options, kwargs) if options.get("id") else None
    if key in _this_build:
        return _this_build[key], Seen()
    with watching() as seen:
        html = format_fence(src, language, css_class, options, md, **kwargs)
    seen.added_headings = _adds_headings(md, html)
    if key is not None and not seen.depends_on_the_page() and not seen.added_headings:
        _this_build[key] = html
    return html, seen


def _key(src, language, css_class, options, kwargs) -> str:
    parts = (src, language, css_class, repr(sorted(options.items())), repr(sorted(kwargs.items())))
    return hashlib.sha256(repr(parts).encode()).hexdigest()


class _Recording(dict):
    """Stands in for a dict of claims while a block runs, and remembers what the block read."""

    def __init__(self, data, read: dict | set):
        super().__init__(data)
        self.read = read

    def __getitem__(self, key):
        value = super().__getitem__(key)
        if isinstance(self.read, dict):
            self.read[key] = value
        else:
            self.read.add(key)
        return value

    def get(self, key, default=None):
        return self[key] if key in self else default


class _Warned(logging.Handler):
    def __init__(self, seen: Seen):
        super().__init__(logging.WARNING)
        self.seen = seen

    def emit(self, record):
        self.seen.warned = True


@contextmanager
def watching():
    """Record the claims a block uses and reports, what it reads of the page's context, and
    whether MkDocs logged a warning meanwhile."""
    seen = Seen()
    results, reported, context = claims._results, claims._reported_at, claims.context
    claims._results, claims._reported_at = _Recording(results, seen.results), {}
    claims.context = _Recording(context, seen.context)
    handler = _Warned(seen)
    logging.getLogger("mkdocs").addHandler(handler)  # where MkDocs counts warnings for strict
    try:
        yield seen
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
        results.update(claims._results)
        for claim_id, pages in claims._reported_at.items():
            reported.setdefault(claim_id, {}).update(pages)
            seen.reported[claim_id] = dict(pages)
        claims._results, claims._reported_at, claims.context = results, reported, context


def _adds_headings(md, html) -> bool:
    """Whether markdown-exec took headings from this output into the page's table of contents:
    a side effect on the page that reused HTML would not repeat."""
    original = getattr(md, "_original_md", md)
    if "markdown_exec_insert_headings" not in original.treeprocessors:
        return False
    return bool(original.treeprocessors["markdown_exec_insert_headings"].headings.get(html))

"""Every internal link of the built site leads somewhere: the file exists and so does the anchor.

MkDocs' own validation sees only the links written in Markdown; this reads the HTML the reader
gets, so it also covers the theme's navigation, the language switcher, links written as HTML,
the claims ledger and the links that executed blocks print.
"""

from __future__ import annotations

import functools
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest

pytestmark = pytest.mark.timeout(
    1200
)  # the first test to use built_site pays for the build


class _Anchors(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[int, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a":
            if attrs.get("name"):
                self.ids.add(attrs["name"])
            if attrs.get("href") is not None:
                self.links.append((self.getpos()[0], attrs["href"]))


@functools.cache
def _parse(path: Path) -> _Anchors:
    parser = _Anchors()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def _internal_links(site: Path):
    """(page, line, href, target file, fragment) for each link without a scheme."""
    for page in sorted(site.rglob("*.html")):
        url = "/" + page.relative_to(site).as_posix()
        for line, href in _parse(page).links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                continue  # another site, mailto:, javascript: — not ours to resolve
            target = (
                PurePosixPath(url).parent / unquote(parts.path)
                if parts.path
                else PurePosixPath(url)
            )
            resolved = _normalise(target)
            if resolved is None:
                yield page, line, href, None, parts.fragment
                continue
            file = site / resolved.relative_to("/")
            if href.endswith("/") or file.is_dir():
                file = file / "index.html"
            yield page, line, href, file, unquote(parts.fragment)


def _normalise(path: PurePosixPath) -> PurePosixPath | None:
    """Collapse `.` and `..`; None when the path climbs above the site root."""
    parts: list[str] = []
    for part in path.parts[1:]:
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part != ".":
            parts.append(part)
    return PurePosixPath("/", *parts)


def test_every_internal_link_leads_to_a_file(built_site):
    broken = [
        f"{page.relative_to(built_site)}:{line}: {href}"
        for page, line, href, file, _ in _internal_links(built_site)
        if file is None or not file.is_file()
    ]
    assert not broken, "links to nothing:\n" + "\n".join(broken)


def test_every_anchor_exists_on_its_target_page(built_site):
    missing = [
        f"{page.relative_to(built_site)}:{line}: {href} (no id '{fragment}' on {file.relative_to(built_site)})"
        for page, line, href, file, fragment in _internal_links(built_site)
        if fragment
        and file is not None
        and file.suffix == ".html"
        and file.is_file()
        and fragment not in _parse(file).ids
    ]
    assert not missing, "anchors that lead nowhere:\n" + "\n".join(missing)

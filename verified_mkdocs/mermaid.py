"""Diagrams drawn by a mermaid the site serves itself, pinned by the npm registry's integrity hash.

Material draws a page's diagrams with the mermaid it finds as the global `mermaid`, and loads
`https://unpkg.com/mermaid@11/dist/mermaid.min.js` when there is none (its bundle checks
`typeof mermaid == "undefined"`). Loaded from there, every diagram is source text offline, the
version drifts within 11.x, and each reader's browser tells a third party which page it reads.
So the build takes mermaid's own `dist/mermaid.min.js` from the npm registry's tarball of one
version, checked against the registry's sha512 integrity, caches it under .cache/, puts it in the
site once, and loads it on the pages that have a diagram, before Material's bundle.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import tarfile
import urllib.error
import urllib.request
from pathlib import Path

from verified.project import ROOT

VERSION = "11.16.0"
INTEGRITY = "sha512-Zvm3kbstgdpvIJPPItlL7fppIZ3kibvc1oZIGxdvk9t6UFz6flv+Jw7FtRGKwfcI8OckmH04LqG6LlS6X4B1pA=="
TARBALL = f"https://registry.npmjs.org/mermaid/-/mermaid-{VERSION}.tgz"
MEMBER = "package/dist/mermaid.min.js"
CACHED = ROOT / ".cache" / "mermaid" / f"mermaid-{VERSION}.min.js"
SITE_PATH = "assets/javascripts/mermaid.min.js"
DIAGRAM = 'class="mermaid"'


class MermaidError(RuntimeError):
    """mermaid could not be had: the message says what failed and where."""


def check_integrity(tarball: bytes, integrity: str = INTEGRITY) -> None:
    algorithm, _, expected = integrity.partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, tarball).digest()).decode()
    if actual != expected:
        raise MermaidError(f"{TARBALL} does not match its pinned integrity {integrity} (got {algorithm}-{actual})")


def script() -> Path:
    """The pinned mermaid.min.js, downloaded and checked on first use."""
    if CACHED.is_file():
        return CACHED
    try:
        with urllib.request.urlopen(TARBALL, timeout=120) as response:
            tarball = response.read()
    except (urllib.error.URLError, OSError) as error:
        raise MermaidError(f"cannot download mermaid {VERSION} from {TARBALL}: {error}. The site's diagrams need "
                           f"it once; it is kept in {CACHED.relative_to(ROOT)}") from None
    check_integrity(tarball)
    try:
        with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
            member = archive.extractfile(MEMBER)
            text = member.read() if member else None
    except (tarfile.TarError, KeyError):
        text = None
    if not text:
        raise MermaidError(f"{TARBALL} holds no {MEMBER}")
    CACHED.parent.mkdir(parents=True, exist_ok=True)
    partial = CACHED.with_suffix(f".{os.getpid()}.part")
    partial.write_bytes(text)
    partial.replace(CACHED)  # whole or not at all: a half-written copy is never reused
    return CACHED


def add_to_page(html: str, page_url: str) -> str:
    """Load the site's mermaid on a page with a diagram (deferred: it runs before DOMContentLoaded, when
    Material draws the diagrams)."""
    if DIAGRAM not in html:
        return html
    prefix = "../" * page_url.count("/")  # from the page back to the site root (both languages share it)
    tag = f'<script defer src="{prefix}{SITE_PATH}"></script>\n'
    head_end = html.find("</head>")
    if head_end < 0:
        raise MermaidError(f"page {page_url or '/'} has no </head> to load mermaid in")
    return html[:head_end] + tag + html[head_end:]


def copy_to(site_root: Path) -> None:
    target = site_root / SITE_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(script().read_bytes())

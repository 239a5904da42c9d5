"""What the browser tests need besides the tests: Chromium, a local server, the page list,
axe-core, and a browser that never leaves 127.0.0.1."""

from __future__ import annotations

import contextlib
import functools
import http.server
import importlib.util
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Error as PlaywrightError

from verified_mkdocs.fences import DOCS


@functools.cache
def chromium() -> Path | None:
    """The order scripts/install-browser installs in: $CHROMIUM, Playwright's own, the system's."""
    if os.environ.get("CHROMIUM"):
        return Path(os.environ["CHROMIUM"])
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        own = Path(playwright.chromium.executable_path)
    return next((path for path in (own, Path("/usr/bin/chromium")) if path.is_file()), None)


# As root in a container Chromium needs --no-sandbox; the rest stop its background
# connections (updates, sync, QUIC probes), which this machine's closed network refuses.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NO_CHROMIUM = ("no Chromium for the browser tests: run scripts/install-browser (make test runs it), "
               "or set CHROMIUM to one")


def require_chromium() -> None:
    """A missing browser fails the browser tests: a skip here would go unnoticed."""
    found = chromium()
    if found is None or not found.is_file():
        pytest.fail(NO_CHROMIUM if found is None else f"CHROMIUM={found} does not exist", pytrace=False)


def _package_file(package: str, *parts: str) -> Path | None:
    # find_spec locates the package without importing it.
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations)), *parts)
    return path if path.is_file() else None


# axe-core's own axe.min.js (4.12.1, as published on npm), vendored by axe-playwright-python so
# that the tests need no Node.js.
AXE_JS = _package_file("axe_playwright_python", "axe.min.js")
# Nothing leaves 127.0.0.1: every other host name fails to resolve, as on a machine offline, and
# every request for another origin is recorded (test_browser.py fails the page that makes one).
# The site serves its own mermaid (verified_mkdocs/mermaid.py), uses the system font stack and fetches
# no repository facts (mkdocs.yml), so a page works here exactly as offline.
CHROMIUM_ARGS.append("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1")


# Where the local server offers axe-core, so that each tab loads it once and caches it, instead
# of receiving 550 KB of script through Playwright's pipe for every page.
VENDORED_AXE_PATH = "/__vendored__/axe.min.js"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def translate_path(self, path):
        if path == VENDORED_AXE_PATH:
            return str(AXE_JS)
        return super().translate_path(path)

    def log_message(self, format, *args):
        pass  # one line per request would bury pytest's report


@contextlib.contextmanager
def serve(directory: Path):
    """Serve `directory` on 127.0.0.1 at a free port; yields the base URL without a slash."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(directory))
    )
    thread = threading.Thread(
        target=server.serve_forever, name="site-server", daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def source_pages() -> list[str]:
    """The URL of every page the build makes, from docs/: both languages, labs included.

    Known before the build, so tests can be parametrized by page; test_browser checks that
    the built site has exactly these pages.
    """
    urls = []
    sources = [*DOCS.rglob("*.md"), *(DOCS / "labs").glob("*.py")]
    for source in sources:
        relative = source.relative_to(DOCS).as_posix()
        stem, _, _ = relative.rpartition(".")
        lang = ""
        if stem.endswith(".ru"):
            stem, lang = stem[: -len(".ru")], "ru/"
        if stem == "index":
            stem = ""
        elif stem.endswith("/index"):
            stem = stem[: -len("index")]
        else:
            stem += "/"
        urls.append(f"/{lang}{stem}")
    return sorted(urls)


def built_pages(site: Path) -> list[str]:
    folders = (p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    return sorted("/" if folder == "." else f"/{folder}/" for folder in folders)


def is_local(url: str, base: str) -> bool:
    return url.startswith(base + "/") or url == base


# Material renders each mermaid diagram into a *closed* shadow root, which neither selectors nor
# page scripts can reach. Keep a reference to each one, so the tests can see the SVG in it.
RECORD_SHADOW_ROOTS = """
(() => {
  const attach = Element.prototype.attachShadow;
  window.__shadowRoots = new Map();
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, init);
    window.__shadowRoots.set(this, root);
    return root;
  };
})();
"""

# Per rendered mermaid diagram: is there an SVG, how big is it, how many shapes does it draw.
MERMAID_STATE = """
() => {
  const unrendered = document.querySelectorAll("pre.mermaid").length;
  const diagrams = [...document.querySelectorAll("div.mermaid")].map((host, index) => {
    const root = window.__shadowRoots && window.__shadowRoots.get(host);
    const svg = root && root.querySelector("svg");
    if (!svg) return {index, svg: false};
    const box = svg.getBoundingClientRect();
    return {index, svg: true, width: box.width, height: box.height,
            shapes: svg.querySelectorAll("path, rect, circle, polygon, line, text, foreignObject").length};
  });
  return {unrendered, diagrams};
}
"""

# Per measured figure: size, bars drawn, and each text's colour blended over the background
# behind the figure, with the WCAG contrast ratio between them.
FIGURE_STATE = """
() => {
  const parse = (css) => {
    const m = css.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return {r, g, b, a};
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a), a: 1,
  });
  const background = (el) => {
    const layers = [];
    for (let node = el; node; node = node.parentElement) {
      const colour = parse(getComputedStyle(node).backgroundColor);
      if (colour && colour.a > 0) layers.push(colour);
      if (colour && colour.a >= 1) break;
    }
    return layers.reverse().reduce((below, layer) => over(layer, below), {r: 255, g: 255, b: 255, a: 1});
  };
  const luminance = ({r, g, b}) => {
    const lin = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const contrast = (x, y) => {
    const [hi, lo] = [luminance(x), luminance(y)].sort((p, q) => q - p);
    return (hi + 0.05) / (lo + 0.05);
  };
  const rgb = (c) => `rgb(${Math.round(c.r)}, ${Math.round(c.g)}, ${Math.round(c.b)})`;
  return [...document.querySelectorAll("figure.measured")].map((figure, index) => {
    const svg = figure.querySelector("svg");
    if (!svg) return {index, svg: false};
    const box = svg.getBoundingClientRect();
    const behind = background(figure);
    const texts = [...svg.querySelectorAll("text")].map((text) => {
      const style = getComputedStyle(text);
      const fill = parse(style.fill) || {r: 0, g: 0, b: 0, a: 1};
      const seen = over({...fill, a: fill.a * Number(style.opacity)}, behind);
      return {text: text.textContent, fill: rgb(seen), background: rgb(behind),
              contrast: contrast(seen, behind), visible: style.visibility !== "hidden" && style.display !== "none"};
    });
    const bars = [...svg.querySelectorAll("rect")].filter((r) => r.getBoundingClientRect().width > 0).length;
    return {index, svg: true, width: box.width, height: box.height, bars, texts};
  });
}
"""


# axe-core in two passes, because color-contrast is by far its slowest rule: the elements that
# rule skips are left out of its pass up front (axe's context); the other rules' exceptions are
# matched against each violation afterwards. Resolves to the serious and critical violations.
AXE_RUN = """async exceptions => {
  const contrastSkips = exceptions["color-contrast"] || [];
  const options = {resultTypes: ["violations"], elementRef: true};
  const rest = await axe.run(document, {...options, rules: {"color-contrast": {enabled: false}}});
  const contrast = await axe.run({exclude: contrastSkips.map(s => [s])},
                                 {...options, runOnly: {type: "rule", values: ["color-contrast"]}});
  const excused = (rule, el) => (exceptions[rule] || []).some(s => el && el.closest(s));
  const why = node => (node.failureSummary || "").split("\\n").slice(1).join(" ").trim();
  return {version: rest.testEngine.version, violations: [...rest.violations, ...contrast.violations]
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.filter(n => !excused(v.id, n.element))
                              .map(n => `${n.target.join(" ")} — ${why(n)}`)}))
    .filter(v => v.nodes.length)};
}"""


@dataclass
class Visit:
    """One page as loaded in a tab, with what went wrong while it loaded and since."""

    url: str
    page: object
    ignored: set[str]  # URLs whose failures are known and explained (see Reader._material_sitemaps)
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    other_origins: list[str] = field(default_factory=list)  # requests that left the site's own origin
    settled: bool = False  # loaded, quiet, and axe-core started

    def accessibility(self) -> dict:
        """axe-core's findings, started when the page loaded (see Reader)."""
        results = self.page.evaluate("() => window.__axe")
        assert results is not None, (
            f"{self.url}: axe-core never ran: {self.failed_requests}"
        )
        return results


class Reader:
    """Loads each page once for all the per-page checks, several pages at a time.

    While the checks read one page, the next LOOKAHEAD pages load in tabs of their own, and the
    next AUDITS_AHEAD of them are audited by axe-core there (one per core). Each tab has its own browser context, so its own
    renderer process and its own storage (a palette switched in one does not leak into another).
    """

    LOOKAHEAD = 3
    AUDITS_AHEAD = 2

    def __init__(
        self,
        new_page,
        base_url: str,
        site: Path,
        order: list[str],
        axe_exceptions: dict,
    ):
        self.tabs = [new_page() for _ in range(self.LOOKAHEAD + 1)]
        self.base_url, self.site, self.order, self.axe_exceptions = (
            base_url,
            site,
            order,
            axe_exceptions,
        )
        self.turn = 0
        self.opened: dict[str, Visit] = {}  # url -> its Visit, while its tab still shows it
        self.current: dict = {}  # tab -> its Visit
        for tab in self.tabs:
            self._listen(tab)

    def visit(self, url: str) -> Visit:
        visit = self.opened.get(url) or self._start(url)
        following = self.order.index(url) + 1 if url in self.order else len(self.order)
        # Start the next pages, in the tabs other than this one, before waiting for this one.
        for upcoming in self.order[following : following + self.LOOKAHEAD]:
            if upcoming not in self.opened:
                try:
                    self._start(upcoming)
                except PlaywrightError:
                    pass  # that page's own turn loads it again, and reports the error there
        self._finish(visit)
        for upcoming in self.order[following : following + self.AUDITS_AHEAD]:
            if upcoming in self.opened:
                try:
                    self._finish(self.opened[upcoming])  # its audit runs meanwhile
                except PlaywrightError:
                    self.opened.pop(upcoming, None)
        return visit

    def _start(self, url: str) -> Visit:
        """Navigate a tab to the page; returns once the server has answered."""
        page = self.tabs[self.turn % len(self.tabs)]
        self.turn += 1
        if (left := self.current.get(page)) is not None:
            self.opened.pop(left.url, None)
        html = (self.site / url.lstrip("/") / "index.html").read_text(encoding="utf-8")
        visit = self.current[page] = self.opened[url] = Visit(url, page, self._material_sitemaps(url, html))
        page.set_viewport_size({"width": 1280, "height": 800})
        response = page.goto(url, wait_until="commit")
        if response is None or not response.ok:
            visit.failed_requests.append(f"{url}: HTTP {response and response.status}")
        return visit

    def _finish(self, visit: Visit) -> None:
        """Wait until the page has settled, then start axe-core's audit on it."""
        if visit.settled or visit.failed_requests:
            return
        page = visit.page
        # After `load` come the search index and its Russian stemmer, Material's sitemap
        # look-ups and mermaid: wait for all of them, so that their failures are this page's.
        page.wait_for_load_state("networkidle")
        if wait_for_mermaid(page):
            page.wait_for_load_state("networkidle")
        page.add_script_tag(url=VENDORED_AXE_PATH)
        page.evaluate(
            f"exceptions => {{ window.__axe = ({AXE_RUN})(exceptions); }}",
            self.axe_exceptions,
        )
        visit.settled = True

    def _material_sitemaps(self, url: str, html: str) -> set[str]:
        # Material's language selector fetches sitemap.xml beside each <link rel="alternate">,
        # expecting language roots; mkdocs-static-i18n points those links at the page's own
        # translation, so these fetches 404 on every page but the home page (and there for
        # /ru/). The switcher works all the same (test_language_switcher_keeps_the_page), and
        # no page's content can change it: these two requests per page are not counted.
        return {
            urljoin(
                urljoin(self.base_url + url, re.search(r'href="([^"]*)"', tag)[1]),
                "sitemap.xml",
            )
            for tag in re.findall(r"<link\b[^>]*>", html)
            if 'rel="alternate"' in tag and "hreflang=" in tag
        }

    def _listen(self, page) -> None:
        base = self.base_url

        def on_console(message):
            visit, where = self.current.get(page), message.location.get("url", "")
            if visit is None or message.type != "error" or where in visit.ignored:
                return
            if where and not is_local(where, base):
                return  # a host the browser cannot reach on purpose (CHROMIUM_ARGS)
            visit.console_errors.append(f"{message.text} ({where or 'inline script'})")

        def on_page_error(error):
            if (visit := self.current.get(page)) is not None:
                visit.console_errors.append(f"uncaught {error.name}: {error.message}")

        def on_failed(request):
            visit = self.current.get(page)
            # ERR_ABORTED is Chromium cancelling, not the site failing: the tab moved on to
            # another page, or a link turned out to be a download.
            if (
                visit is not None
                and is_local(request.url, base)
                and request.failure != "net::ERR_ABORTED"
            ):
                visit.failed_requests.append(f"{request.url}: {request.failure}")

        def on_request(request):
            visit = self.current.get(page)
            scheme = request.url.partition(":")[0]
            if visit is not None and scheme in ("http", "https", "ws", "wss") and not is_local(request.url, base):
                visit.other_origins.append(request.url)

        def on_response(response):
            visit = self.current.get(page)
            if (
                visit is not None
                and is_local(response.url, base)
                and response.status >= 400
                and response.url not in visit.ignored
            ):
                visit.failed_requests.append(f"{response.url}: HTTP {response.status}")

        page.on("console", on_console)
        page.on("pageerror", on_page_error)
        page.on("request", on_request)
        page.on("requestfailed", on_failed)
        page.on("response", on_response)


def wait_for_mermaid(page, timeout: float = 15_000) -> bool:
    """True once every diagram of the page has been rendered (False: none, or never)."""
    if not page.evaluate(
        "document.querySelectorAll('pre.mermaid, div.mermaid').length"
    ):
        return False
    try:
        page.wait_for_function(
            "() => document.querySelectorAll('pre.mermaid').length === 0"
            " && [...document.querySelectorAll('div.mermaid')].every(d => window.__shadowRoots.get(d))",
            timeout=timeout,
        )
        return True
    except PlaywrightError:
        return False

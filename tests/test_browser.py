"""The built site as a reader gets it, in Chromium: search, the language switcher, diagrams and
figures in both themes, verdicts, notebook downloads, console, accessibility, small screens.

One browser for the module; the site is served from the session's build on 127.0.0.1, and no
request leaves the machine (browser_support.CHROMIUM_ARGS).
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from browser_support import (
    AXE_RUN,
    CHROMIUM_ARGS,
    FIGURE_STATE,
    MERMAID_STATE,
    RECORD_SHADOW_ROOTS,
    Reader,
    built_pages,
    chromium,
    require_chromium,
    serve,
    source_pages,
)
from playwright.sync_api import sync_playwright

import material as material_package
from verified_mkdocs import search_worker

pytestmark = pytest.mark.timeout(
    1200
)  # the first test to use built_site pays for the build

PAGES = source_pages()
LABS = [url for url in PAGES if "/labs/" in url]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}
VERDICTS = ("Verified", "Not applicable here", "Проверено", "Здесь неприменимо")

# Every axe-core rule runs on every page. A rule skips only the elements listed for it here:
# markup that Material for MkDocs renders the same way on every page, which
# no page's text can change (measured with axe-core 4.12.1 in the light palette).
AXE_THEME_EXCEPTIONS = {
    # Material's search overlay is role="dialog" with no accessible name.
    "aria-dialog-name": [".md-search"],
    "color-contrast": [
        ".md-copyright",  # Material's footer line: #7f7f7f on #171717, 4.47:1
        ".highlight code",  # Material's Pygments colours: comments #717171 on #f5f5f5, 4.47:1
    ],
    # Material colours links #4051b5 beside #212121 text (2.34:1) and underlines them only on hover.
    "link-in-text-block": [".md-typeset a"],
}


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    require_chromium()
    # A background job: Chromium runs at nice 10, after the measured tests (conftest.py).
    niced = tmp_path_factory.mktemp("chromium") / "chromium"
    niced.write_text(f'#!/bin/sh\nexec nice -n 10 "{chromium()}" "$@"\n')
    niced.chmod(0o755)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(niced), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def base_url(browser, built_site):
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="module")
def new_page(browser, base_url):
    """Open a tab in a fresh browser context (own storage, so own palette)."""
    contexts = []

    def make():
        context = browser.new_context(
            base_url=base_url, viewport=DESKTOP, color_scheme="light"
        )
        context.set_default_timeout(15_000)
        context.add_init_script(RECORD_SHADOW_ROOTS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def reader(new_page, base_url, built_site):
    return Reader(new_page, base_url, built_site, PAGES, AXE_THEME_EXCEPTIONS)


@pytest.fixture(scope="module", params=PAGES)
def visit(request, reader):
    # Module scope with a parameter: pytest runs every check of one page before the next page.
    return reader.visit(request.param)


def _use_palette(page, scheme: str) -> None:
    """Switch with Material's own toggle in the header, as a reader does."""
    if page.evaluate("document.body.dataset.mdColorScheme") != scheme:
        page.locator('form[data-md-component="palette"] label:visible').click()
        page.wait_for_function(
            f"document.body.dataset.mdColorScheme === {json.dumps(scheme)}"
        )


def test_the_checked_pages_are_the_built_pages(built_site):
    assert built_pages(built_site) == PAGES, (
        "pages built but not checked, or checked but not built"
    )


@pytest.mark.parametrize(
    ("start", "word"), [("/", "GIL"), ("/ru/", "блокировка")], ids=["en", "ru"]
)
def test_search_finds_pages(new_page, start, word):
    page = new_page()
    # A search link: Material opens the search with the query in ?q= and runs it as soon as its
    # index is built (in a web worker, while the page loads; on a busy machine that has taken
    # over 15 s). Typed queries depend on key events, which Playwright does not send for letters
    # a US keyboard lacks.
    page.goto(f"{start}?q={quote(word)}")
    results = page.locator("li.md-search-result__item a.md-search-result__link")
    results.first.wait_for(state="visible", timeout=60_000)
    hrefs = results.evaluate_all("links => links.map(a => a.href)")
    in_language = [
        h for h in hrefs if urlsplit(h).path.startswith("/ru/") == (start == "/ru/")
    ]
    assert in_language, (
        f"searching {word!r} on {start} found no page in that language: {hrefs}"
    )


# Material's worker protocol: 0 sets up the index (1 answers), 2 is a query (3 its results).
RUN_SEARCH_WORKER = r"""async ({source, text, query}) => {
  const worker = new Worker(URL.createObjectURL(new Blob([source], {type: "text/javascript"})))
  const ask = (message) => new Promise((answer) => {
    worker.onmessage = (event) => answer(event.data)
    worker.postMessage(message)
  })
  await ask({type: 0, data: {
    config: {lang: ["en"], separator: "[\\s\\-]+", pipeline: [],
             fields: {title: {boost: 1000}, text: {boost: 1}}},
    docs: [{location: "a/", title: "a", text}], options: {suggest: false}}})
  const found = await ask({type: 2, data: query})
  worker.terminate()
  return found.data.items.length
}"""


def _numbers_that_collide_in_lunr() -> str:
    """2,000 numbers like the pages' figures. Found by trying seeds: in a fresh worker of
    Material 9.8, lunr's own keys merge two nodes of this text's automaton, and "7" expands
    to a word the index lacks (verified_mkdocs/search_worker.py)."""
    rng = random.Random(58)
    numbers = []
    for _ in range(2000):
        forms = [f"0.{rng.randrange(1000):03d}", str(rng.randrange(10000)), f"x{rng.randrange(1000)}"]
        numbers.append(rng.choice(forms))
    return " ".join(numbers)


def test_search_finds_numbers_that_lunr_alone_loses(new_page, built_site):
    material = Path(material_package.__file__).parent / "templates"
    workers = {
        "built": next((built_site / search_worker.WORKERS).glob("search.*.min.js")),
        "material": next((material / search_worker.WORKERS).glob("search.*.min.js")),
    }
    page = new_page()
    page.goto("/")
    text = _numbers_that_collide_in_lunr()
    found = {
        name: page.evaluate(
            RUN_SEARCH_WORKER,
            {"source": worker.read_text(encoding="utf-8"), "text": text, "query": "7"},
        )
        for name, worker in workers.items()
    }
    # The control: if Material's own worker finds the page too, this text no longer shows the
    # bug (or Material has fixed it), and the fix may be dropped.
    assert found == {"built": 1, "material": 0}, found


def test_language_switcher_keeps_the_page(new_page, base_url):
    page = new_page()
    page.goto("/io-and-cpu-bound/")
    for lang, expected in (
        ("ru", "/ru/io-and-cpu-bound/"),
        ("en", "/io-and-cpu-bound/"),
    ):
        page.locator(".md-header__option .md-select").hover()
        page.locator(f'a.md-select__link[hreflang="{lang}"]').click()
        page.wait_for_url(base_url + expected)
        assert page.evaluate("document.documentElement.lang") == lang


def test_no_console_errors(visit):
    assert not visit.console_errors, f"{visit.url}:\n" + "\n".join(visit.console_errors)


def test_no_failed_requests(visit):
    assert not visit.failed_requests, f"{visit.url}:\n" + "\n".join(
        visit.failed_requests
    )


def test_no_request_leaves_the_site(visit):
    """The site is self-contained: a reader's browser asks no one but the site, online or not."""
    assert not visit.other_origins, f"{visit.url} asked other origins:\n" + "\n".join(visit.other_origins)


def test_a_request_for_another_origin_is_caught(browser, tmp_path):
    """The control for the test above: a page that asks another host (as Material did for its fonts)."""
    (tmp_path / "index.html").write_text(
        '<html lang="en"><head><title>t</title><link rel="stylesheet" href="https://fonts.googleapis.com/css">'
        "</head><body><main>text</main></body></html>")
    contexts = []

    def make():
        contexts.append(browser.new_context(base_url=base, viewport=DESKTOP))
        return contexts[-1].new_page()

    with serve(tmp_path) as base:
        try:
            visit = Reader(make, base, tmp_path, ["/"], AXE_THEME_EXCEPTIONS).visit("/")
        finally:
            for context in contexts:
                context.close()
    assert set(visit.other_origins) == {"https://fonts.googleapis.com/css"}, visit.other_origins


def test_claim_verdicts_are_visible(visit):
    claims = visit.page.evaluate("""() => [...document.querySelectorAll('span[id^="claim-"]')].map(span => {
        const box = span.closest('.admonition');
        const title = box && box.querySelector('.admonition-title');
        return {id: span.id, title: title ? title.textContent.trim() : null,
                visible: !!box && box.checkVisibility({opacityProperty: true, visibilityProperty: true})
                         && box.getBoundingClientRect().height > 0};
    })""")
    problems = [
        claim
        for claim in claims
        if not claim["visible"] or not (claim["title"] or "").startswith(VERDICTS)
    ]
    assert not problems, f"{visit.url}: verdicts not shown: {problems}"


def test_no_serious_accessibility_violations(visit):
    results = visit.accessibility()
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"][:5])
        for v in results["violations"]
    ]
    assert not serious, f"{visit.url} (axe-core {results['version']}):\n" + "\n".join(
        serious
    )


def test_mermaid_diagrams_render_in_both_palettes(visit):
    page = visit.page
    if not page.evaluate(
        "document.querySelectorAll('pre.mermaid, div.mermaid').length"
    ):
        return  # nothing to draw on this page
    problems = []
    try:
        for scheme in ("default", "slate"):
            _use_palette(page, scheme)
            state = page.evaluate(MERMAID_STATE)
            if state["unrendered"]:
                problems.append(
                    f"{scheme}: {state['unrendered']} diagram(s) never rendered"
                    " (mermaid failed to load, or to parse them)"
                )
            for diagram in state["diagrams"]:
                if not diagram["svg"]:
                    problems.append(
                        f"{scheme}: diagram {diagram['index'] + 1} has no SVG"
                    )
                elif (
                    min(diagram["width"], diagram["height"]) < 10
                    or not diagram["shapes"]
                ):
                    problems.append(
                        f"{scheme}: diagram {diagram['index'] + 1} is empty: {diagram}"
                    )
    finally:
        _use_palette(page, "default")
    assert not problems, f"{visit.url}:\n" + "\n".join(problems)


def test_measured_figures_are_legible_in_both_palettes(visit):
    page = visit.page
    if not page.evaluate("document.querySelectorAll('figure.measured').length"):
        return  # no measured figure on this page
    problems = []
    try:
        for scheme in ("default", "slate"):
            _use_palette(page, scheme)
            for figure in page.evaluate(FIGURE_STATE):
                where = f"{scheme}, figure {figure['index'] + 1}"
                if not figure["svg"]:
                    problems.append(f"{where}: no SVG")
                    continue
                if min(figure["width"], figure["height"]) < 10 or not figure["bars"]:
                    problems.append(
                        f"{where}: empty ({figure['width']:.0f}×{figure['height']:.0f} px, "
                        f"{figure['bars']} bars)"
                    )
                for text in figure["texts"]:
                    # 4.5:1 is WCAG AA for text this size (12 px); text the colour of its background is 1:1.
                    if not text["visible"] or text["contrast"] < 4.5:
                        problems.append(
                            f"{where}: text {text['text']!r} is {text['fill']} on "
                            f"{text['background']} ({text['contrast']:.2f}:1)"
                        )
    finally:
        _use_palette(page, "default")
    assert not problems, f"{visit.url}:\n" + "\n".join(problems)


def test_no_horizontal_scroll_on_a_phone(visit):
    page = visit.page
    page.set_viewport_size(PHONE)
    try:
        page.evaluate(
            "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
        )
        width, scroll = page.evaluate(
            "[innerWidth, document.documentElement.scrollWidth]"
        )
        culprits = [] if scroll <= width else page.evaluate(WIDER_THAN_THE_SCREEN)
    finally:
        page.set_viewport_size(DESKTOP)
    assert scroll <= width, (
        f"{visit.url} at {width} px scrolls sideways to {scroll} px: {culprits}"
    )


# The outermost elements that reach past the viewport, where no scrolling box of theirs holds them.
WIDER_THAN_THE_SCREEN = """() => {
  const held = el => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
                         if (/(auto|scroll|hidden|clip)/.test(getComputedStyle(p).overflowX)) return true;
                       return false; };
  const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
                     + [...el.classList].map(c => "." + c).join("");
  const wide = [...document.body.querySelectorAll("*")]
    .filter(el => el.getBoundingClientRect().right > innerWidth + 1 && !held(el));
  return wide.filter(el => !wide.includes(el.parentElement)).slice(0, 5)
    .map(el => `${name(el)} (right edge at ${Math.round(el.getBoundingClientRect().right)} px)`);
}"""


@pytest.mark.parametrize("visit", ["/gil/", "/ru/gil/", "/claims/", "/ru/claims/"], indirect=True)
def test_other_environments_read_well_in_both_palettes_on_a_phone(visit):
    """The verdict boxes' other environments, opened, and the claims matrix: no serious axe finding in
    either palette, and nothing wider than a 375 px screen but the matrix's own scrolling box."""
    page = visit.page
    shown = page.evaluate("""() => {
        const boxes = [...document.querySelectorAll(".admonition details")];
        boxes.forEach(box => { box.open = true; });
        const columns = Math.max(0, ...[...document.querySelectorAll(".claims-matrix thead tr")].map(r => r.children.length));
        return {boxes: boxes.length, columns};
    }""")
    assert shown["boxes"] or shown["columns"] > 2, f"{visit.url}: no other environment shown: {shown}"
    problems = []
    try:
        page.set_viewport_size(PHONE)
        for scheme in ("default", "slate"):
            _use_palette(page, scheme)
            page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
            width, scroll = page.evaluate("[innerWidth, document.documentElement.scrollWidth]")
            if scroll > width:
                problems.append(f"{scheme}: scrolls sideways to {scroll} px: {page.evaluate(WIDER_THAN_THE_SCREEN)}")
            found = page.evaluate(f"exceptions => ({AXE_RUN})(exceptions)", AXE_THEME_EXCEPTIONS)
            problems += [f"{scheme}: {v['id']} ({v['impact']}): {v['nodes'][:3]}" for v in found["violations"]]
    finally:
        page.set_viewport_size(DESKTOP)
        _use_palette(page, "default")
    assert not problems, f"{visit.url}:\n" + "\n".join(problems)


@pytest.mark.parametrize("visit", ["/claims/", "/ru/claims/"], indirect=True)
def test_ledger_links_lead_to_their_claims(visit):
    # Each target is fetched and parsed by the page rather than opened: the ids are in the HTML
    # the server sends, and opening every target would run its search index and mermaid again.
    missing = visit.page.evaluate("""async () => {
        const links = [...document.querySelectorAll('.claims-matrix a[href*="#claim-"]')];
        if (!links.length) return ["the ledger links no claim"];
        const pages = new Map();
        const missing = [];
        for (const link of links) {
            const url = new URL(link.href);
            const page = url.origin + url.pathname;
            if (!pages.has(page)) {
                const response = await fetch(page);
                pages.set(page, response.ok ? new DOMParser().parseFromString(await response.text(), "text/html") : null);
            }
            const doc = pages.get(page);
            const id = decodeURIComponent(url.hash.slice(1));
            if (!doc) missing.push(`${link.href}: no such page`);
            else if (!id || !doc.getElementById(id)) missing.push(`${link.href}: no element with that id`);
        }
        return missing;
    }""")
    assert not missing, f"{visit.url}:\n" + "\n".join(missing)


@pytest.mark.parametrize("visit", LABS, indirect=True)
def test_notebook_download_is_a_valid_notebook(visit):
    page = visit.page
    with page.expect_download() as download_info:
        page.locator("a.md-button[download]").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ipynb"), (
        f"{visit.url}: {download.suggested_filename}"
    )
    notebook = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert notebook.get("nbformat") == 4 and notebook.get("cells"), (
        f"{visit.url}: not a notebook"
    )

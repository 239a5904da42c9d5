"""The site serves its own pinned mermaid, and loads it only where a page has a diagram."""

import pytest

from verified_mkdocs import mermaid


def test_a_tarball_that_does_not_match_the_pin_is_refused():
    with pytest.raises(mermaid.MermaidError, match="does not match its pinned integrity"):
        mermaid.check_integrity(b"not mermaid")


def test_diagram_pages_load_the_sites_mermaid():
    page = '<html><head><title>t</title></head><body><pre class="mermaid">graph LR</pre></body></html>'
    html = mermaid.add_to_page(page, "ru/event-loop/")
    assert html.count("mermaid.min.js") == 1
    assert '<script defer src="../../assets/javascripts/mermaid.min.js"></script>\n</head>' in html


def test_pages_without_a_diagram_load_nothing():
    page = "<html><head></head><body><p>no diagram</p></body></html>"
    assert mermaid.add_to_page(page, "gil/") == page

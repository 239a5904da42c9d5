"""Lab pages as light as the other pages: mkdocs-jupyter's notebook HTML, recast as Material's.

mkdocs-jupyter writes into every notebook page JupyterLab's whole stylesheet (577 KB, three
times the rest of the page), a MathJax loader with an empty address (a request for the page
itself), a mermaid loader and a clipboard script, and it colours code cells for the light
palette only. It has no option to leave them out (no upstream issue found). A lab needs none
of it: its cells are Markdown, Python and printed text. So the header goes, code cells become
Material code blocks (its highlighting in both palettes, its copy button), and printed output
becomes a plain text block. The notebook's own structure (cells, ids) stays.
"""

from __future__ import annotations

import re

WRAPPER = '<div class="jupyter-wrapper">'
_CLIPBOARD_BUTTON = re.compile(r'<div class="zeroclipboard-container">.*?</clipboard-copy>\s*</div>\s*', re.S)
_CLIPBOARD_TEXT = re.compile(r'<div class="clipboard-copy-txt" id="cell-\d+">.*?</div>\s*', re.S)
_CODE = re.compile(r'<div class="highlight-ipynb hl-python"><pre>(<span></span>)?(.*?)</pre></div>', re.S)
_PROMPT = re.compile(r'(<div class="jp-(?:In|Out)putPrompt jp-(?:Input|Output)Area-prompt">)[^<]*(</div>)')
_ANCHOR = re.compile(r'<a class="anchor-link" (href="#[^"]*")>')
_OUTPUT = re.compile(r'(<div class="jp-RenderedText jp-OutputArea-output"[^>]*>\s*)<pre>(.*?)</pre>', re.S)


class NotebookMarkupError(ValueError):
    """mkdocs-jupyter's markup is not what this module knows (a new version?)."""


def recast(html: str, where: str) -> str:
    start = html.find(WRAPPER)
    if start < 0:
        raise NotebookMarkupError(f"{where}: no {WRAPPER} in mkdocs-jupyter's output")
    html = html[start:]
    html = _CLIPBOARD_BUTTON.sub("", html)
    html = _CLIPBOARD_TEXT.sub("", html)
    html = _CODE.sub(r'<div class="language-python highlight"><pre><span></span><code>\2</code></pre></div>', html)
    html = _ANCHOR.sub(r'<a class="headerlink" \1 title="Permanent link">', html)  # shown on hover, as elsewhere
    html = _PROMPT.sub(r"\1\2", html)  # "In [3]:" numbers a live session's runs; a page has none
    html = _OUTPUT.sub(r'\1<div class="language-text highlight"><pre><span></span><code>\2</code></pre></div>', html)
    leftovers = [name for name in ("<style", "<script", "highlight-ipynb", "clipboard-copy") if name in html]
    if leftovers:
        raise NotebookMarkupError(f"{where}: mkdocs-jupyter's markup changed, still holds {', '.join(leftovers)}")
    return html

"""Lab pages keep the notebook and lose mkdocs-jupyter's inline stylesheets and scripts."""

import pytest

from verified_mkdocs.notebook_html import NotebookMarkupError, recast

CELL = """<style>.jupyter-wrapper{--x: 1}</style><script src=""></script>
<div class="jupyter-wrapper">
<div class="jp-InputPrompt jp-InputArea-prompt">In&nbsp;[1]:</div>
<div class="CodeMirror cm-s-jupyter">
<div class="zeroclipboard-container">
<clipboard-copy for="cell-1" aria-label="Copy to Clipboard"><div>copy</div></clipboard-copy>
</div>
<div class="highlight-ipynb hl-python"><pre><span></span><span class="nb">print</span>(1)
</pre></div>
<div class="clipboard-copy-txt" id="cell-1">print(1)</div>
</div>
<h2 id="checks">Checks<a class="anchor-link" href="#checks">¶</a></h2>
<div class="jp-RenderedText jp-OutputArea-output" data-mime-type="text/plain" tabindex="0">
<pre>1 &lt; 2
</pre>
</div>
</div>"""


def test_cells_become_material_blocks():
    html = recast(CELL, "docs/labs/demo.py")
    assert html.startswith('<div class="jupyter-wrapper">')
    assert '<div class="language-python highlight"><pre><span></span><code><span class="nb">print</span>(1)\n</code>' in html
    assert '<div class="language-text highlight"><pre><span></span><code>1 &lt; 2\n</code></pre></div>' in html
    assert '<a class="headerlink" href="#checks" title="Permanent link">¶</a>' in html
    assert "In&nbsp;[1]" not in html and "<style" not in html and "clipboard" not in html


def test_unknown_markup_is_an_error_naming_the_page():
    with pytest.raises(NotebookMarkupError, match="docs/labs/demo.py: no <div class=\"jupyter-wrapper\">"):
        recast("<p>not a notebook</p>", "docs/labs/demo.py")
    changed = CELL.replace('class="highlight-ipynb hl-python"><pre>', 'class="highlight-ipynb hl-python" data-new><pre>')
    with pytest.raises(NotebookMarkupError, match="still holds highlight-ipynb"):
        recast(changed, "docs/labs/demo.py")

"""The MkDocs integration: the hooks in mkdocs.yml and what they use.

Every failure stops the build with the page's name (fences.py); a block runs once per build for
both languages (shared_runs.py), a lab once per build for both (lab_runs.py, lab_replay.py);
`mkdocs serve` reuses what did not change (preview_cache.py); fixes for the tools' defaults
(notebook_html.py, notebook_bundle.py, search_worker.py, mermaid.py), each naming its issue.
"""

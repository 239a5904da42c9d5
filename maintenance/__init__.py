"""Maintainers' tools, not needed to build or read the site: every claim in every environment
(everywhere.py), the Pages workflow rehearsed here (rehearse.py), false failures under load
(stress.py) and the feedback loop's timings (bench.py)."""

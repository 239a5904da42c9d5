"""The pytest integration: every page's executed blocks collected as tests (plugin.py, `-p` in
pyproject.toml), with the guards of the build."""

# Two commands for everyone: `make serve` and `make test`. Each installs what it needs
# into .venv from uv.lock; everything else lives in mkdocs.yml, pyproject.toml and verified/.

# Empty: scripts/find-python picks one that meets requires-python (or provides one on Debian).
PYTHON ?=
FIND_PYTHON = scripts/find-python $(PYTHON)
UV_VERSION := 0.13.9
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
export NO_MKDOCS_2_WARNING := 1  # silence Material's end-of-life banner on every run

.PHONY: serve build test install browser stress freethreaded everywhere rehearse bench clean

serve: install
	.venv/bin/mkdocs serve

build: install
	.venv/bin/mkdocs build

test: install browser
	.venv/bin/pytest

# Chromium for the browser tests: Playwright's own, else the system's (scripts/install-browser says which).
browser: install
	scripts/install-browser

# Every claim 20 times, 10 of them with one core kept busy: false failures per claim.
# Without the GIL: make stress STRESS_PYTHON="$(scripts/build-freethreaded-python)"
STRESS_PYTHON ?= .venv/bin/python
stress: install
	$(STRESS_PYTHON) -m maintenance.stress --runs 20 --loaded 10

# Every claim under CPython 3.11–3.15, free-threaded 3.13, each start method and one CPU: a ledger
# per environment in .cache/everywhere/ and a table. Interpreters missing here are provided into .cache/.
everywhere:
	py=$$($(FIND_PYTHON)) && "$$py" -m maintenance.everywhere

# The Pages workflow's steps, read from it, on the same CPython version: fails where the deploy would.
rehearse: install
	.venv/bin/python -m maintenance.rehearse

# Cold build, tests and preview (first page, restart, prose edit) against their targets, side by side
# with BENCH_AGAINST (two fresh trees taking turns), as a table in .cache/bench.md. Slow (several
# builds and test runs); `make bench BENCH_RUNS=5` for more runs.
BENCH_RUNS ?= 3
BENCH_AGAINST ?= main
bench: install
	.venv/bin/python -m maintenance.bench --runs $(BENCH_RUNS) --against $(BENCH_AGAINST)

# The claims under a free-threaded CPython 3.13, built into .cache/ on first use.
freethreaded:
	"$$(scripts/build-freethreaded-python)" -m verified

install: | $(UV)
	py=$$($(FIND_PYTHON)) && $(UV) sync --frozen --quiet --python "$$py"

.tools/bin/uv:
	py=$$($(FIND_PYTHON)) && "$$py" -m venv .tools
	.tools/bin/pip install --quiet uv==$(UV_VERSION)

clean:
	rm -rf .venv .tools site .cache

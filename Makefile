# Two commands for everyone: `make serve` and `make test`. Each installs what it needs
# into .venv from uv.lock; everything else lives in mkdocs.yml, pyproject.toml and verified/.

PYTHON ?= python3
UV_VERSION := 0.13.9
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
export NO_MKDOCS_2_WARNING := 1  # silence Material's end-of-life banner on every run

.PHONY: serve build test install freethreaded clean

serve: install
	.venv/bin/mkdocs serve

build: install
	.venv/bin/mkdocs build

test: install
	.venv/bin/pytest

install: | $(UV)
	$(UV) sync --frozen --quiet --python $(PYTHON)

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv==$(UV_VERSION)

clean:
	rm -rf .venv .tools site .cache

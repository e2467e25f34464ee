# Two commands do all the set-up on a fresh machine with Python 3.11 and make:
#   make site   build the static site into site/
#   make test   run the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# Reproducible builds: dates in the site (sitemap) come from the last commit unless set.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
export SOURCE_DATE_EPOCH
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test serve check docs benchmark clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(INSTALLED)

# Generate docs/ from data/, then build into a staging folder and swap it in,
# so a failed build leaves the previous site/ untouched.
site: $(INSTALLED)
	$(BIN)/python -m generator build
	rm -rf .site-staging
	$(BIN)/mkdocs build --strict --quiet --site-dir .site-staging
	rm -rf site && mv .site-staging site
	@echo "site/ is ready: open site/index.html or run 'make serve'"

test: $(INSTALLED)
	$(BIN)/python -m pytest

check: $(INSTALLED)
	$(BIN)/python -m generator check

serve: site
	$(BIN)/mkdocs serve

benchmark: $(INSTALLED)
	$(BIN)/python benchmarks/build_speed.py

clean:
	rm -rf site .site-staging docs/minerals docs/partnerships docs/downloads docs/assets/charts docs/assets/vendor \
	  docs/index.md docs/compare.md docs/methodology.md docs/data.md

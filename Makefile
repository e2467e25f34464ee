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

.PHONY: site test serve check docs benchmark screenshots clean deploy

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(INSTALLED)

# Generate docs/ from data/, then mkdocs build --strict (any warning fails) into a staging folder
# swapped in whole: a failed build leaves the previous docs/ and site/ untouched.
site: $(INSTALLED)
	@$(BIN)/python -m generator site

# Publish to GitHub Pages the very site/ built for SITE_URL: `generator site` regenerates docs/ for that
# address first, and ghp-import pushes site/ as it is (mkdocs gh-deploy would rebuild site/ from a docs/
# generated for whichever address the last build had). It publishes the checkout make runs in (`make -C dir`, as
# tests/test_deploy.py does against a local bare repository) to that checkout's `origin`.
deploy: $(INSTALLED)
	@test -n "$$SITE_URL" || { echo "error: setting SITE_URL: found '', expected the address to publish at," \
		"e.g. SITE_URL=https://<user>.github.io/<repo>/ make deploy" >&2; exit 1; }
	@$(BIN)/python -m generator --root "$(CURDIR)" site
	$(BIN)/ghp-import --no-jekyll --push --force --message "Site for $$SITE_URL, built from $$(git rev-parse --short HEAD)" site

# In parallel, one worker per core (pytest-xdist): the suite's time budget is 3 minutes on 2 cores.
test: $(INSTALLED)
	@$(BIN)/python -m pytest -n auto

check: $(INSTALLED)
	$(BIN)/python -m generator check

serve: site
	$(BIN)/mkdocs serve

# Build speed, page load and the suite's time, each script replacing its own section of benchmarks/RESULTS.md.
benchmark: $(INSTALLED)
	$(BIN)/python benchmarks/build_speed.py
	$(MAKE) -s site
	$(BIN)/python benchmarks/page_load.py
	$(BIN)/python benchmarks/suite_time.py

# PNGs of the home, lithium, rare-earths, MSP, build and Australia pages at 1280 and 390 px wide, light and dark,
# into screenshots/ (not committed), for a maintainer to review.
screenshots: $(INSTALLED)
	$(MAKE) -s site
	$(BIN)/python scripts/screenshots.py

# Only what the generator writes (generator/pipeline.py GENERATED) and the build folders.
clean:
	$(BIN)/python -c "from generator.pipeline import GENERATED; import shutil, pathlib; \
	[shutil.rmtree(p) if p.is_dir() else p.unlink() for p in (pathlib.Path('docs', g) for g in GENERATED) if p.exists()]"
	rm -rf site .site-staging .docs-staging .site-staging-* .docs-staging-* .docs-previous

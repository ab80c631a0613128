# The two commands a new user needs: `make run` and `make test`.
# Each installs what is missing (Debian packages, a .venv, the project) and is safe to repeat.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
NPM_STAMP := node_modules/.installed
# Every package the site and the tests run with, pinned with its hashes (`make lock` remakes
# them from pyproject.toml): requirements.lock for the site, requirements-test.lock adds the tests'.
LOCK := requirements.lock
TEST_LOCK := requirements-test.lock
LOCK_FLAGS := -q --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links
PORT ?= 5000
SYSTEM_PACKAGES := ffmpeg espeak-ng apertium-eng-spa gettext chromium chromium-driver nginx \
	libnginx-mod-http-brotli-static wrk \
	epubcheck fonts-dejavu-core nodejs
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test quick system build lint translations fonts lock

# Compiled interface catalogs (git-ignored): rebuilt only when their .po changes.
MESSAGES_MO := $(patsubst %.po,%.mo,$(wildcard locales/*/LC_MESSAGES/messages.po))

translations: $(MESSAGES_MO)

locales/%/LC_MESSAGES/messages.mo: locales/%/LC_MESSAGES/messages.po | $(RUN_STAMP)
	$(BIN)/pybabel compile -D messages -i $< -o $@

# The reading font the site serves (web/static/fonts, committed; SIL Open Font License): taken
# again from npm's @fontsource package with `make fonts`, e.g. FONT_VERSION=5.3.0 for a new one.
FONT_VERSION ?= 5.3.0
FONT_FILES := atkinson-hyperlegible-latin-400-normal.woff2 atkinson-hyperlegible-latin-700-normal.woff2

fonts:
	tmp=$$(mktemp -d) && cd $$tmp && npm pack -q @fontsource/atkinson-hyperlegible@$(FONT_VERSION) >/dev/null && \
	tar xzf fontsource-atkinson-hyperlegible-$(FONT_VERSION).tgz && \
	cp $(addprefix package/files/,$(FONT_FILES)) $(CURDIR)/web/static/fonts/ && \
	cp package/LICENSE $(CURDIR)/web/static/fonts/OFL.txt && rm -rf $$tmp

system:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:" $$missing; \
		$(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q $$missing; \
	fi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# A current pip, the locked packages with their hashes, then the project itself (its
# dependencies are in the lock).
$(RUN_STAMP): $(LOCK) pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade 'pip>=25.3'
	$(BIN)/pip install -q --require-hashes -r $(LOCK)
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(TEST_STAMP): $(TEST_LOCK) $(RUN_STAMP)
	$(BIN)/pip install -q --require-hashes -r $(TEST_LOCK)
	touch $@

lock:
	$(PYTHON) -m venv .cache/lock-venv && .cache/lock-venv/bin/pip install -q --upgrade pip pip-tools
	.cache/lock-venv/bin/pip-compile $(LOCK_FLAGS) -o $(LOCK) pyproject.toml
	.cache/lock-venv/bin/pip-compile $(LOCK_FLAGS) --extra test -c $(LOCK) -o $(TEST_LOCK) pyproject.toml

build: system $(RUN_STAMP) translations
	$(BIN)/python manage_content.py build --offline

# nginx on 127.0.0.1:$(PORT) in front of gunicorn, started and stopped together (deploy/serve.py).
run: build
	PORT=$(PORT) exec $(BIN)/python -m deploy.serve

# The npm tools the tests run (Ace by DAISY) and the benchmarks: with Debian's Chromium, so
# neither puppeteer nor electron downloads a browser.
# npm comes with NodeSource's nodejs, and is Debian's own package otherwise.
$(NPM_STAMP): package-lock.json | system
	command -v npm >/dev/null || DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q npm
	PUPPETEER_SKIP_DOWNLOAD=1 ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund
	touch $@

# Every test. `make quick` skips the Chromium suites (tests/browser/) and those that start real
# servers, kill builds or run long (tests/system/): pytest -m "not browser and not system".
# The quick suite runs on every core (pytest-xdist, a test file per worker); the browser and
# system suites, which time real playback and servers, run one test at a time after it.
test: system $(TEST_STAMP) $(NPM_STAMP) translations
	$(BIN)/python -m pytest -m "not browser and not system" -n auto --dist loadfile
	$(BIN)/python -m pytest -m "browser or system"

quick: system $(TEST_STAMP) $(NPM_STAMP) translations
	$(BIN)/python -m pytest -m "not browser and not system" -n auto --dist loadfile

lint: $(TEST_STAMP)
	$(BIN)/ruff check .

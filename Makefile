# Migrant Smuggling Data Explorer: the commands.
#   make run        set up .venv, prepare the data (once per data change) and serve the app on http://localhost:8501
#   make test       set up .venv with the test packages, a headless Chromium, LibreOffice Calc and HAProxy, and run
#                   every test
#   make test-fast  every test but the browser ones and the fuzz test (unit and AppTest), with no Chromium set up
#   make serve      REPLICAS app processes (default: the number of cores) on 127.0.0.1 behind HAProxy on
#                   http://HOST:SERVE_PORT (default 0.0.0.0:8500): sticky sessions, health checks, security headers
#   make lock       refresh requirements.lock and requirements-test.lock (pip-compile --generate-hashes, from PyPI)
#   make test-deploy  build the image on a locally made Debian base, start the compose stack (2 replicas behind
#                   HAProxy), run a short load test through it, pip-audit the lock; needs Docker (root: dockerd)
# Needs only Python 3.11+ on the machine.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501
SERVE_PORT ?= 8500
HOST       ?= 0.0.0.0
REPLICAS   ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: serve haproxy lock test-deploy bench-load run prepare test test-fast setup setup-test chromium libreoffice bench clean translations extract-messages

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found %s); set PYTHON=..." % sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Installs exactly the locked versions, each file checked against its hash (requirements.lock, made from
# requirements.txt by `make lock`).
$(VENV)/.installed: requirements.lock | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	@touch $@

# The translation catalogues, compiled from the .po files in the repository (locales/<lang>/LC_MESSAGES/).
translations: $(VENV)/.installed
	$(PY) -m babel.messages.frontend compile --domain messages --directory locales --statistics

# After changing a string in the code: extract the template and merge it into each language's catalogue; then
# translate the new or fuzzy entries (tests/unit/test_translations.py fails while one is missing).
extract-messages: $(VENV)/.installed
	$(PY) -m babel.messages.frontend extract --mapping-file babel.cfg --keywords "_ gettext ngettext:1,2 pgettext:1c,2 N_" \
	  --add-comments "Translators:" --sort-by-file --no-wrap --project "Migrant Smuggling Data Explorer" --output-file locales/messages.pot \
	  app.py cache.py i18n loaders transforms charts ui pages
	$(PY) -m babel.messages.frontend update --domain messages --input-file locales/messages.pot --output-dir locales --no-wrap

$(VENV)/.installed-test: requirements-test.lock $(VENV)/.installed
	$(PY) -m pip install --quiet --require-hashes -r requirements-test.lock
	@touch $@

# The lock files, from the pins in requirements.txt and requirements-test.txt, every package with its hashes, from
# PyPI only (this machine's own pip settings, such as local wheel folders, are left out; PIP_CERT still applies).
# pip-tools runs in its own venv, never in .venv. Keeps every locked version that still fits; UPGRADE=1 takes
# the newest versions the pins allow.
TOOLS_VENV ?= .tools-venv
PIP_COMPILE = PIP_CONFIG_FILE=/dev/null CUSTOM_COMPILE_COMMAND="make lock" $(TOOLS_VENV)/bin/pip-compile --quiet \
  --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
  --index-url https://pypi.org/simple $(if $(UPGRADE),--upgrade)
$(TOOLS_VENV)/bin/pip-compile:
	$(PYTHON) -m venv $(TOOLS_VENV)
	$(TOOLS_VENV)/bin/pip install --quiet pip-tools==7.6.2 pip-audit==2.10.1

lock: $(TOOLS_VENV)/bin/pip-compile
	$(PIP_COMPILE) --output-file requirements.lock requirements.txt
	$(PIP_COMPILE) --output-file requirements-test.lock requirements-test.txt

setup: $(VENV)/.installed translations

setup-test: $(VENV)/.installed-test translations chromium libreoffice haproxy

# A headless Chromium for the browser tests: the system one if present; else Debian's package
# when root on Debian; else Playwright's own build.
chromium: $(VENV)/.installed-test
	@if [ -n "$$CHROMIUM_PATH" ] || command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
	    || command -v google-chrome >/dev/null 2>&1; then \
	  echo "Chromium found."; \
	elif [ -f /etc/debian_version ] && [ "$$(id -u)" = 0 ]; then \
	  echo "Installing Debian's chromium..."; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	else \
	  echo "Installing Playwright's Chromium..."; \
	  $(PY) -m playwright install chromium; \
	fi

# LibreOffice Calc, headless, for tests/unit/test_spreadsheet_safety.py (downloads opened in a real spreadsheet):
# the one found if any; else Debian's smallest package that converts CSV to XLSX, when root on Debian; else a
# sentence saying how to install it (the test then fails saying the same; it never skips).
libreoffice:
	@if [ -n "$$SOFFICE" ] || command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1; then \
	  echo "LibreOffice found."; \
	elif [ -f /etc/debian_version ] && [ "$$(id -u)" = 0 ]; then \
	  echo "Installing Debian's libreoffice-calc-nogui..."; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	    libreoffice-calc-nogui; \
	else \
	  echo "LibreOffice not found: install libreoffice-calc-nogui (Debian, Ubuntu) or LibreOffice, or the"; \
	  echo "spreadsheet-safety test fails."; \
	fi

# Reads and cleans the IOM exports into the disk cache, so the server's first page does not wait for it; does
# nothing when the cache is current. Never stops `make run`: a data problem is printed, and the app shows it too.
prepare: setup
	-$(PY) -m tools.prepare

run: prepare
	$(PY) -m streamlit run app.py --server.port $(PORT)

# HAProxy from the system: Debian's package when root on Debian; else a sentence saying how to install it.
haproxy:
	@if command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ]; then \
	  echo "HAProxy found."; \
	elif [ -f /etc/debian_version ] && [ "$$(id -u)" = 0 ]; then \
	  echo "Installing Debian's haproxy..."; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends haproxy; \
	else \
	  echo "HAProxy not found: install it (apt-get install haproxy on Debian or Ubuntu), then make serve again."; \
	  exit 1; \
	fi

# Several app processes behind HAProxy (tools/serve.py; README "Deploying"). Ctrl+C stops them all.
serve: prepare haproxy
	$(PY) -m tools.serve --replicas $(REPLICAS) --host $(HOST) --port $(SERVE_PORT)

# pytest exits 5 when it collected no test: make treats any non-zero exit as failure.
test: setup-test
	$(PY) -m pytest -q tests

# Tests are marked by their folder (tests/conftest.py): this deselects tests/browser, so no Chromium is needed, and
# the fuzz test of links (tests/pages/test_fuzz_links.py, about a minute; `make test` runs it).
test-fast: $(VENV)/.installed-test translations libreoffice
	$(PY) -m pytest -q -m "not browser and not fuzz" tests

bench: setup-test haproxy
	$(PY) -m bench.run
	$(PY) -m bench.languages
	$(PY) -m bench.upload_read
	$(PY) -m bench.uploads
	$(PY) -m bench.load
	$(PY) -m bench.rerun

# The load test alone, with smaller scenarios (about 6 minutes): 1 replica against N behind HAProxy.
bench-load: setup-test haproxy
	$(PY) -m bench.load --quick

# Needs Docker (Debian: apt-get install docker.io docker-compose; dockerd running). BASE_IMAGE= to build on another
# base than the locally made Debian bookworm (made with debootstrap when missing).
test-deploy: setup-test $(TOOLS_VENV)/bin/pip-compile
	$(PY) -m tools.test_deploy --pip-audit $(TOOLS_VENV)/bin/pip-audit $(if $(BASE_IMAGE),--base-image $(BASE_IMAGE))

clean:
	rm -rf $(VENV) $(TOOLS_VENV) .serve .pytest_cache tests/artifacts bench/results

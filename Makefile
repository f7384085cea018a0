# Migrant Smuggling Data Explorer: the commands.
#   make run        set up .venv, prepare the data (once per data change) and serve the app on http://localhost:8501
#   make test       set up .venv with the test packages, a headless Chromium and LibreOffice Calc, and run every test
#   make test-fast  every test but the browser ones and the fuzz test (unit and AppTest), with no Chromium set up
# Needs only Python 3.11+ on the machine.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501

.PHONY: run prepare test test-fast setup setup-test chromium libreoffice bench clean translations extract-messages

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found %s); set PYTHON=..." % sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
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

$(VENV)/.installed-test: requirements.txt requirements-test.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-test.txt
	@touch $@

setup: $(VENV)/.installed translations

setup-test: $(VENV)/.installed-test translations chromium libreoffice

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

# pytest exits 5 when it collected no test: make treats any non-zero exit as failure.
test: setup-test
	$(PY) -m pytest -q tests

# Tests are marked by their folder (tests/conftest.py): this deselects tests/browser, so no Chromium is needed, and
# the fuzz test of links (tests/pages/test_fuzz_links.py, about a minute; `make test` runs it).
test-fast: $(VENV)/.installed-test translations libreoffice
	$(PY) -m pytest -q -m "not browser and not fuzz" tests

bench: setup-test
	$(PY) -m bench.run
	$(PY) -m bench.languages
	$(PY) -m bench.rerun

clean:
	rm -rf $(VENV) .pytest_cache tests/artifacts bench/results

# Wijkwerf. `make run` starts the app on the demo data; `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501

.PHONY: run test install install-dev unit browser bench vendor demo-data clean

$(VENV)/bin/activate:
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { scripts/system_deps.sh venv && rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }
	@$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/activate
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(PY) -m wijk_app.serve --server.port $(PORT)

test: install-dev
	@scripts/system_deps.sh chromium postgresql
	$(PY) -m pytest

unit: install-dev
	$(PY) -m pytest -m "not browser"

browser: install-dev
	@scripts/system_deps.sh chromium
	$(PY) -m pytest -m browser

bench: install-dev
	@scripts/system_deps.sh chromium
	$(PY) -m bench

vendor:
	$(PY) scripts/vendor_map_assets.py

demo-data: install
	$(PY) scripts/make_demo_data.py --out data/demo

clean:
	rm -rf $(VENV) .pytest_cache test-output

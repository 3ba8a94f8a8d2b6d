# Two commands do all the set-up (each makes its own virtual environment in .venv):
#   make lab    install, then open the notebooks in JupyterLab
#   make test   install, then run every test (unit, property, notebooks, browser)
#   make test-fast   for everyday work: ruff, then the unit and property tests only
#                    (no notebooks, no browser, nothing marked slow)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: lab test test-fast clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit("Python >= 3.10 is needed, this is " + sys.version.split()[0]) if sys.version_info < (3, 10) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.lab: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[lab]"
	@touch $@

# hub: jupyterhub + nbgitpuller for tests/browser/test_hub.py (its proxy comes from npm, fetched by the test)
$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test,hub]"
	@touch $@

# JupyterLab refuses to run as root unless told; containers and classroom VMs often are root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--ServerApp.allow_root=True)

lab: $(VENV)/.lab
	$(BIN)/jupyter lab notebooks/ $(ALLOW_ROOT)

test: $(VENV)/.test
	$(BIN)/python -m pytest

test-fast: $(VENV)/.test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest tests -p no:nbval -m "not browser and not notebooks and not slow" -o addopts="-p no:cacheprovider"

# The static site in _site/ from the notebooks' stored outputs, readable with no internet
# (tools/build_site.py; needs npm once, to fetch the site's scripts from the npm registry).
.PHONY: site
$(VENV)/.site: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[site]"
	@touch $@

site: $(VENV)/.site
	$(BIN)/python tools/build_site.py

clean:
	rm -rf $(VENV)

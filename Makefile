# Two commands do all the set-up (each makes its own virtual environment in .venv):
#   make lab    install, then open the notebooks in JupyterLab
#   make test   install, then run every test (unit, property, notebooks, browser)
#   make test-fast   for everyday work: ruff, then the unit and property tests only
#                    (no notebooks, no browser, nothing marked slow)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: lab test test-fast clean reset

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

# jupyterlab-settings/overrides.json: the classroom's defaults, shipped with the repo (no
# "Jupyter news?" toast over the slides, no update check). JupyterLab reads it as its app
# settings folder, whatever JUPYTER_CONFIG_DIR is; a user's own settings still win.
# LAB_ARGS: more options for JupyterLab, e.g. make lab LAB_ARGS="--no-browser --port=8899".
LAB_SETTINGS := --LabApp.app_settings_dir="$(CURDIR)/jupyterlab-settings"
LAB_ARGS ?=

lab: $(VENV)/.lab
	$(BIN)/jupyter lab notebooks/ $(ALLOW_ROOT) $(LAB_SETTINGS) $(LAB_ARGS)

# Before the next class: stop this repo's JupyterLab (and so its kernels), put notebooks/ back
# as committed (git restore), drop the checkpoints; students' own copies are listed, not deleted.
reset:
	$(if $(wildcard $(BIN)/python),$(BIN)/python,$(PYTHON)) tools/reset_class.py

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

# make site PALETTE=colorblind: the figures in the colour-blind palette (re-runs a copy of the
# notebooks with MLP_CORE_PALETTE set, so it also needs the kernel of the lab install).
site: $(VENV)/.site $(if $(PALETTE),$(VENV)/.lab)
	$(BIN)/python tools/build_site.py $(if $(PALETTE),--palette $(PALETTE))

# The teacher's kit (tools/teacher_kit.py): student handout, worksheet, answer key and run sheet,
# English and 简体中文, as printable pages in _site/kit/ (make site writes them too) and a PDF of
# each beside it, printed by Debian's chromium (/usr/bin/chromium) through Playwright.
.PHONY: kit
kit: $(VENV)/.test
	$(BIN)/python tools/teacher_kit.py --pdf

clean:
	rm -rf $(VENV)

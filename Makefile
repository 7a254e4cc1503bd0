# fdl: the course's commands. `make all` regenerates every artifact; `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9]*.ipynb))

.PHONY: all install data notebooks test lint grade grade-example progress test-fast lab lab-screenshot clean clean-notebooks benchmark app-benchmark handout demo screenshot help

help:
	@echo "make all        install, fetch data, run every notebook in order (models/, notebooks/executed/)"
	@echo "make test       install, then run the unit tests and every notebook in smoke mode"
	@echo "make test-fast  install, then the unit tests without the slow ones (no notebook run, no browser)"
	@echo "make lint       ruff: lint and format check of utils/ and tests/ (FIX=1 applies the fixes)"
	@echo "make lab        open JupyterLab on the notebooks (no news pop-up, no update check)"
	@echo "make lab-screenshot  photograph an exercise in JupyterLab for the README (needs Debian's chromium)"
	@echo "make data       fetch and check every data file"
	@echo "make benchmark  run every training notebook at full settings, and the original course's loop against ours (results/)"
	@echo "make demo       the web app for the trained models on http://127.0.0.1:7860 (DEMO_ARGS=\"--host 0.0.0.0\" for a classroom)"
	@echo "make app-benchmark  the web app under load (8 and 32 users) and faults (full disk, signals): results/app-benchmark.md"
	@echo "make screenshot photograph the web app's two tabs for the README (needs Debian's chromium)"
	@echo "make handout    copies of the notebooks without the exercises' solutions, in notebooks/handout/ (make lab shows them)"
	@echo "make grade      grade a folder of learners' notebooks: SUBMISSIONS=folder (grades/grades.csv, feedback)"
	@echo "make grade-example  a generated class of lesson 02 graded (grades/example/), the README's picture of it"
	@echo "make progress   your own notebooks' exercises, lesson by lesson: passed, not done, hints"
	@echo "make clean      remove executed notebooks, trained models and caches (keeps data/ and .venv)"

all: install data notebooks

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

data: install
	$(PY) -m utils.tools.make_data

notebooks: install
	$(PY) -m utils.tools.notebooks execute $(NOTEBOOKS)

# ruff: lint and format check (settings in pyproject.toml); `make lint FIX=1` applies the fixes.
lint: install
	$(PY) -m ruff check utils tests conftest.py $(if $(FIX),--fix,)
	$(PY) -m ruff format $(if $(FIX),,--check) utils tests conftest.py

# Notebook 05 runs with mobilenet_v2 in the tests: VGG16's 528 MB of weights are too much for a quick check.
test: install
	FDL_SMOKE=1 FDL_BACKBONE=$${FDL_BACKBONE:-mobilenet_v2} $(PY) -m pytest --nbval-lax --nbval-current-env -q

# The unit tests marked `slow` (a notebook executed, the browser, the quick benchmark) and nbval are left out.
test-fast: install
	FDL_SMOKE=1 FDL_BACKBONE=$${FDL_BACKBONE:-mobilenet_v2} $(PY) -m pytest -m "not slow" -q tests

# Every training notebook at full settings on the best device: results/<device>.json and results/README.md.
# `make benchmark BENCHMARK_ARGS=--quick` checks that it works in a minute or two (results/quick/).
benchmark: install data
	$(PY) -m utils.tools.benchmark $(BENCHMARK_ARGS)

# For instructors: grade a folder of learners' notebooks (grades/grades.csv, grades/feedback/, a summary).
# Lesson 05 is graded with mobilenet_v2 unless FDL_BACKBONE says otherwise (VGG16's weights need the internet).
grade: install
	@test -n "$(SUBMISSIONS)" || (echo "usage: make grade SUBMISSIONS=folder [GRADE_ARGS='--timeout 600']" && exit 2)
	FDL_BACKBONE=$${FDL_BACKBONE:-mobilenet_v2} $(PY) -m utils.tools.grade "$(SUBMISSIONS)" $(GRADE_ARGS)

# A generated class of 30 (tests/tools/make_class.py) graded, compared with what each answer should get, and
# its gradebook at a glance as the README's picture.
grade-example: install
	rm -rf grades/example
	$(PY) tests/tools/make_class.py build 02 grades/example/submissions
	FDL_BACKBONE=$${FDL_BACKBONE:-mobilenet_v2} $(PY) -m utils.tools.grade grades/example/submissions --out grades/example
	$(PY) tests/tools/make_class.py compare grades/example/submissions grades/example/grades.csv
	cp grades/example/grades.png notebooks/images/gradebook.png

# For learners: where am I? Your notebooks' exercises, lesson by lesson, with the hints still open.
progress: install
	FDL_BACKBONE=$${FDL_BACKBONE:-mobilenet_v2} $(PY) -m utils.tools.progress $(PROGRESS_ARGS)

# For instructors: the notebooks without solutions and answers, in notebooks/handout/ (git ignores it).
handout: install
	$(PY) -m utils.tools.notebooks handout $(NOTEBOOKS)

# The web app for the models the notebooks saved: sign language (04a, 06) and the doggy door (05).
demo: install
	$(PY) -m utils.app $(DEMO_ARGS)

# The web app under a classroom's load and a few faults, on loopback (a few minutes): results/app-benchmark.md.
# `make app-benchmark APP_BENCHMARK_ARGS="--label after"` names the run; `--quick` checks that it works.
app-benchmark: install
	$(PY) -m utils.tools.app_benchmark $(APP_BENCHMARK_ARGS)

screenshot: install
	$(PY) -m utils.tools.screenshots

# JupyterLab on notebooks/, with its news pop-up and update check turned off for this server (utils/tools/lab.py).
lab: install
	$(PY) -m utils.tools.lab $(LAB_ARGS)

# The README's picture of an exercise (a wrong answer, its hint, the collapsed solution), from a real JupyterLab.
lab-screenshot: install
	$(PY) -m utils.tools.lab screenshot

clean:
	rm -rf notebooks/executed notebooks/handout models/*.pt models/*.json models/smoke results/screenshots .pytest_cache
	find . -name __pycache__ -not -path "./$(VENV)/*" -prune -exec rm -rf {} +
	find data models results -name ".*.partial" -delete  # left by a killed download or save

clean-notebooks: install
	$(PY) -m utils.tools.notebooks clean $(NOTEBOOKS)

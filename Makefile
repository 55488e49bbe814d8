# The two commands of the README:
#   make book   set up .venv if needed, then build the HTML site into _build/html
#   make test   set up .venv if needed, then run every test (unit, notebooks, exercises, build, browser)
# Also: make student (student edition and autograders into dist/), make data (regenerate datasets/).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= dist

.PHONY: book test student data clean

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

book: $(VENV)/.installed
	$(BIN)/jupyter-book build . -W --keep-going

test: $(VENV)/.installed
	$(BIN)/python -m pytest

student: $(VENV)/.installed
	$(BIN)/python -m crmkit.exercises release $(OUT)

data: $(VENV)/.installed
	$(BIN)/python -m crmkit.synth

clean:
	rm -rf _build $(OUT)

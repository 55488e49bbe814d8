# The two commands of the README:
#   make book   set up .venv if needed, then build the HTML site, both editions: English into _build/html and
#               Chinese (简体中文) into _build/html/zh (from the committed outputs and locale/zh_CN)
#   make test   set up .venv if needed, then run every test on every core (unit, notebooks on two numeric environments,
#               exercises, output hygiene, build, browser)
# Also:
#   make book-en        only the English edition (_build/html); make book-zh: only the Chinese one (_build/html/zh)
#   make catalogues     after the English changed: extract the messages and update locale/zh_CN/LC_MESSAGES/*.po
#                       (changed messages become fuzzy, new ones untranslated), then report the translation's coverage
#   make translation    report the translation's coverage (messages translated / fuzzy / untranslated, per page)
#   make execute        re-execute the notebooks changed against git HEAD, in place (NB="a.ipynb b.ipynb" names them)
#   make test-portable  only the second numeric pass: strict nbval under restricted SIMD, another BLAS kernel, 1 thread
#   make lock           re-resolve requirements.lock from requirements.txt
#   make student        student edition and autograders into dist/ (FORCE=--force replaces an earlier release;
#                       EDITION=zh_CN OUT=dist-zh: the Chinese student edition, with feedback in Chinese)
#   make data           regenerate datasets/
#   make pdf            the PDF edition: _build/pdf/crm-workbook.pdf (single-page build printed by headless Chromium)

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= dist
NB     ?=
FORCE  ?=
EDITION ?= en
UV_BOOTSTRAP := $(VENV)/.uv-bootstrap

# The second numeric environment (outputs that hold on any machine). numpy skips its AVX2 and AVX-512
# kernels, OpenBLAS uses its Sandybridge kernels, and BLAS and OpenMP run on one thread. x86-64 only:
# on other CPUs the variables are ignored and the pass repeats the first with one thread.
PORTABLE_ENV := NPY_DISABLE_CPU_FEATURES="$(shell $(PYTHON) -c 'import platform; print("X86_V3 X86_V4 AVX512_ICL AVX512_SPR" if platform.machine().lower() in ("x86_64", "amd64") else "")' 2>/dev/null)" \
                OPENBLAS_CORETYPE=Sandybridge OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1

.PHONY: book book-en book-zh catalogues translation test test-portable execute lock student data pdf clean

# Exact versions from requirements.lock; uv when it can be had (about 15 s), pip otherwise (minutes).
$(VENV)/.installed: requirements.lock pyproject.toml
	@set -e; \
	uv=$$(command -v uv || true); \
	if [ -z "$$uv" ] && $(PYTHON) -m pip install --quiet --disable-pip-version-check --target $(UV_BOOTSTRAP) uv >/dev/null 2>&1; then \
	  uv=$(UV_BOOTSTRAP)/bin/uv; \
	fi; \
	if [ -n "$$uv" ]; then \
	  echo "Setting up $(VENV) with uv from requirements.lock"; \
	  "$$uv" venv --quiet --allow-existing --python $(PYTHON) $(VENV); \
	  "$$uv" pip sync --quiet --python $(BIN)/python requirements.lock; \
	else \
	  echo "uv is not available: setting up $(VENV) with pip from requirements.lock (slower)"; \
	  $(PYTHON) -m venv $(VENV); \
	  $(BIN)/python -m pip install --quiet -r requirements.lock; \
	fi; \
	touch $@

book: $(VENV)/.installed
	$(BIN)/python book/_ext/editions.py build all

book-en: $(VENV)/.installed
	$(BIN)/python book/_ext/editions.py build en

book-zh: $(VENV)/.installed
	$(BIN)/python book/_ext/editions.py build zh_CN

catalogues: $(VENV)/.installed
	$(BIN)/python book/_ext/editions.py catalogues

translation: $(VENV)/.installed
	$(BIN)/python book/_ext/editions.py coverage

# Needs Debian's chromium and a CJK font (fonts-wqy-microhei or fonts-noto-cjk); see README, "The PDF edition".
pdf: $(VENV)/.installed
	$(BIN)/python book/_ext/pdf.py

test: $(VENV)/.installed
	$(BIN)/python -m pytest -n auto --dist loadfile
	$(MAKE) --no-print-directory test-portable

NBVAL_OPTIONS := --nbval-sanitize-with tests/sanitize.cfg --nbval-current-env --nbval-kernel-startup-timeout 180

test-portable: $(VENV)/.installed
	$(PORTABLE_ENV) $(BIN)/python -m pytest -n auto --dist loadfile -o addopts="-p no:cacheprovider" --nbval $(NBVAL_OPTIONS) notebooks exercises

execute: $(VENV)/.installed
	$(BIN)/python -m crmkit.authoring $(NB)

lock:
	uv pip compile --quiet --universal --python-version 3.11 requirements.txt -o requirements.lock

student: $(VENV)/.installed
	$(BIN)/python -m crmkit.exercises release $(OUT) $(FORCE) --language $(EDITION)

data: $(VENV)/.installed
	$(BIN)/python -m crmkit.synth

clean:
	rm -rf _build $(OUT)

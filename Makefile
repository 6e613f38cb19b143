# Everything a fresh machine needs: Python 3.11+, make and the package registries.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
EXPORT_VENV := .venv-export

.PHONY: run test lint bench model clean help dist tarball deb dist-check deb-check translations
# the compiled translations (git-ignored), made from the .ts sources in the repository
QM_FILES := $(patsubst %.ts,%.qm,$(wildcard resources/i18n/*.ts))

help:
	@echo "make run    - set up .venv and start Classifier Explorer on the bundled model and a sample"
	@echo "make test   - set up .venv and run every test"
	@echo "make bench  - run the benchmarks in bench/ and write JSON to bench/results/"
	@echo "make translations - pyside6-lupdate the UI's strings into resources/i18n/*.ts, list what is untranslated"
	@echo "make model  - re-export the bundled ONNX model (needs torch 2.13.0 CPU, in $(EXPORT_VENV))"
	@echo "make dist   - frozen one-folder app (CPU onnxruntime) in dist/classifier-explorer/, built in .venv-dist"
	@echo "make tarball / make deb - dist, then dist/*.tar.gz / dist/*.deb (Linux x86_64)"
	@echo "make dist-check - the frozen app's self-test offscreen and on Xvfb, and its launch time"
	@echo "make deb-check  - install the .deb in a fresh Debian (debootstrap; root) and run its self-test"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

resources/i18n/%.qm: resources/i18n/%.ts $(STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

translations: $(STAMP)
	$(BIN)/python tools/translations.py update

run: $(STAMP) $(QM_FILES)
	$(BIN)/classifier-explorer

test: $(STAMP) $(QM_FILES)
	bash tools/ensure_test_deps.sh
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check desktop_app tests bench packaging tools
	$(BIN)/ruff format --check desktop_app tests bench packaging tools
	$(BIN)/mypy

BENCH_VENV := .venv-bench

$(BENCH_VENV)/.stamp: bench/requirements-captum.txt
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet -r bench/requirements-captum.txt
	touch $@

bench: $(STAMP) $(BENCH_VENV)/.stamp
	$(BIN)/python bench/bench_inference.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/bench_gui_latency.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/bench_gui_latency.py --megapixels 12
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/bench_gui_latency.py --two-models
	$(BIN)/python bench/bench_explain.py --captum-python $(BENCH_VENV)/bin/python

$(EXPORT_VENV)/.stamp:
	$(PYTHON) -m venv $(EXPORT_VENV)
	$(EXPORT_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(EXPORT_VENV)/bin/python -m pip install --quiet -r packaging/export-requirements.txt
	touch $@

model: $(EXPORT_VENV)/.stamp
	$(EXPORT_VENV)/bin/python packaging/make_resources.py
	$(EXPORT_VENV)/bin/python packaging/make_textures.py
	$(EXPORT_VENV)/bin/python packaging/export_default_model.py

dist:
	bash packaging/build_dist.sh dist

tarball: dist
	bash packaging/build_dist.sh tarball

deb: dist
	bash packaging/build_dist.sh deb

dist-check:
	bash packaging/check_dist.sh

deb-check:
	bash packaging/check_deb_install.sh

clean:
	rm -rf $(VENV) $(EXPORT_VENV) .venv-dist .venv-dist-gpu .venv-bench build dist .pytest_cache

# Everything a fresh machine needs: Python 3.11+, make and the package registries.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
EXPORT_VENV := .venv-export

.PHONY: run test lint bench model clean help

help:
	@echo "make run    - set up .venv and start Classifier Explorer on the bundled model and a sample"
	@echo "make test   - set up .venv and run every test"
	@echo "make bench  - run the benchmarks in bench/ and write JSON to bench/results/"
	@echo "make model  - re-export the bundled ONNX model (needs torch 2.13.0 CPU, in $(EXPORT_VENV))"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/classifier-explorer

test: $(STAMP)
	bash tools/ensure_test_deps.sh
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check desktop_app tests bench packaging
	$(BIN)/ruff format --check desktop_app tests bench packaging

bench: $(STAMP)
	$(BIN)/python bench/bench_inference.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/bench_gui_latency.py

$(EXPORT_VENV)/.stamp:
	$(PYTHON) -m venv $(EXPORT_VENV)
	$(EXPORT_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(EXPORT_VENV)/bin/python -m pip install --quiet -r packaging/export-requirements.txt
	touch $@

model: $(EXPORT_VENV)/.stamp
	$(EXPORT_VENV)/bin/python packaging/make_resources.py
	$(EXPORT_VENV)/bin/python packaging/make_textures.py
	$(EXPORT_VENV)/bin/python packaging/export_default_model.py

clean:
	rm -rf $(VENV) $(EXPORT_VENV) build dist .pytest_cache

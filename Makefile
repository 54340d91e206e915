# The targets CI and the README use. Everything runs inside .venv, built on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8501

.PHONY: setup app ask ingest test lint format eval check clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# exactly this torch: the CPU build on local disk (a looser pin pulls a multi-GB CUDA build)
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

ingest: $(STAMP)
	$(BIN)/python -m assistant ingest

# Command 1 of the README: install, index the shipped corpus, start the chat app on localhost.
app: ingest
	$(BIN)/streamlit run app.py --server.address $(HOST) --server.port $(PORT) --server.headless true \
		--browser.gatherUsageStats false

# make ask Q="Vad betalar Ånge 2026?"
ask: $(STAMP)
	$(BIN)/python -m assistant ask "$(Q)"

lint: $(STAMP)
	$(BIN)/ruff check assistant tests evals app.py corpus/make_pdfs.py
	$(BIN)/ruff format --check assistant tests evals app.py corpus/make_pdfs.py
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format assistant tests evals app.py corpus/make_pdfs.py
	$(BIN)/ruff check --fix assistant tests evals app.py corpus/make_pdfs.py

# Command 2 of the README, and what CI runs: lint, the test suite, then the quality gate.
test: $(STAMP)
	$(MAKE) lint
	$(BIN)/python -m assistant agreements check
	$(BIN)/python -m pytest
	$(MAKE) eval-gate

eval: $(STAMP)
	$(BIN)/python -m assistant eval

eval-gate: $(STAMP)
	@if $(BIN)/python -m assistant eval --help >/dev/null 2>&1; then \
		$(BIN)/python -m assistant eval --gate --no-baselines; \
	else echo "eval suite not installed yet: gate skipped"; fi

check: $(STAMP)
	$(BIN)/python -m assistant check

clean:
	rm -rf $(VENV) index/CURRENT index/builds .pytest_cache .ruff_cache

# Two commands for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HIR := $(BIN)/hir-docs
STAMP := $(VENV)/.installed

.PHONY: demo test lint forms examples bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	@echo "== Kontrol af eksempelansøgningen (examples/viborg) =="
	$(HIR) check examples/viborg

lint: $(STAMP)
	$(BIN)/ruff check hir_docs tests benchmarks examples
	$(BIN)/ruff format --check hir_docs tests benchmarks examples
	$(BIN)/mypy

test: $(STAMP) lint
	$(BIN)/pytest -q

forms: $(STAMP)
	$(HIR) forms forms --force

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache

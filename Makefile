# `make run` and `make test` are the two commands a new developer needs (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export ZHENGGAI_DATA_DIR ?= $(CURDIR)/data
export HYPOTHESIS_PROFILE ?= ci

.PHONY: run test install lint format bench bench-web score clean compiled

$(BIN)/zhenggai: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(BIN)/zhenggai

run: install
	DEBUG=1 $(BIN)/zhenggai migrate --noinput
	DEBUG=1 $(BIN)/zhenggai demo
	DEBUG=1 $(BIN)/zhenggai runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check src tests bench setup.py
	$(BIN)/ruff format --check src tests bench setup.py
	$(BIN)/mypy

format: install
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

# Every test: lint, migrations check, the whole suite on SQLite, then the database tests
# again on a throwaway PostgreSQL cluster that tests/pgcluster.py starts and removes.
test: lint
	$(BIN)/zhenggai makemigrations --check --dry-run
	$(BIN)/pytest -n 2
	$(BIN)/python tests/pgcluster.py -- $(BIN)/pytest -n 2 -m "not corpus" --ignore=tests/reports
	$(MAKE) compiled
	ZHENGGAI_EXPECT_COMPILED=1 PYTHONPATH=$(COMPILED) $(BIN)/pytest -n 2 -p no:cacheprovider tests/reports

# The parser as a regular install ships it: compiled with mypyc (see setup.py). The editable
# install in .venv stays pure Python; this builds the wheel and unpacks it into $(COMPILED),
# which PYTHONPATH puts first for the compiled test pass and the benchmark.
COMPILED := build/compiled
$(COMPILED)/.built: setup.py pyproject.toml $(wildcard src/zhenggai/reports/*.py) | install
	rm -rf build
	$(BIN)/pip wheel -q --no-deps -w build/wheel .
	$(BIN)/pip install -q --no-deps --target $(COMPILED) build/wheel/zhenggai-*.whl
	$(BIN)/python -c "import sys; sys.path.insert(0, '$(COMPILED)'); import zhenggai.reports.parse as p; assert p.__file__.endswith('.so'), p.__file__"
	touch $@

compiled: $(COMPILED)/.built

# The parser's throughput, compiled (as installed; both synthetic mixes) and pure Python.
bench: compiled
	PYTHONPATH=$(COMPILED) $(BIN)/python bench/parse.py --mix real
	PYTHONPATH=$(COMPILED) $(BIN)/python bench/parse.py --mix dense
	$(BIN)/python bench/parse.py --mix real

bench-web: install
	$(BIN)/python bench/web.py

score: install
	$(BIN)/python ../shared/tools/score_parse.py --gold ../shared/corpus/gold --docs ../shared/corpus --cmd '$(BIN)/zhenggai parse {} --json' -v

clean:
	rm -rf $(VENV) data build .pytest_cache .ruff_cache .mypy_cache

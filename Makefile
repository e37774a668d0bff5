# Verbatim. `make run` sets everything up and serves; `make test` runs the tests.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
INDEX_DIR ?= var/index
CORPUS ?= corpus
HOST ?= 127.0.0.1
PORT ?= 5000
export INDEX_DIR CORPUS HOST PORT

.PHONY: run install index serve test lint clean loadtest failover bench eval opensearch opensearch-stop

run: index serve

# The virtualenv is rebuilt when the pinned dependencies change.
$(BIN)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	touch $@

install: $(BIN)/.installed

# Builds the index when it is missing, and updates it when the corpus or the parsing code changed;
# otherwise does nothing. Exit code 3 means some files could not be read: the report says which.
# An update that would remove many documents stops (exit 4): INDEX_ARGS=--prune allows it.
index: install
	$(BIN)/verbatim index $(CORPUS) $(INDEX_ARGS) || [ $$? -eq 3 ]

serve: install
	$(BIN)/verbatim serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/ruff check .
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) var *.egg-info

# nginx in front of two replicas under load; one is killed (SIGKILL) and restarted midway, and no
# request may fail. DURATION=10 for a short run; results in loadtest/results/. Not part of `test`.
loadtest: index
	$(BIN)/python -m loadtest.run

# A search load on Verbatim over the OpenSearch cluster of `make opensearch` while one node is
# SIGKILLed and restarted midway; no search may fail. DURATION=10 for a short run; results in
# loadtest/results/failover-*. Not part of `test` (loadtest/README.md).
failover: install
	$(BIN)/python -m loadtest.failover

# The benchmark, not part of `make test`: 20-45 min on 2 cores (bench/README.md).
# BENCH_ARGS=--quick for a two-minute check. Results in bench/results/.
bench: install
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# Attribution audit and quote-finding evaluation, not part of `make test` (eval/README or
# tests/audit/README.md). Results in eval/results/.
eval: install
	$(BIN)/python -m eval.run

# A local three-node OpenSearch 2.19.6 cluster at 127.0.0.1:9200-9202, built from Maven Central by
# cluster/ (cluster/README.md). It lives as long as the shell or script that ran make, at most
# OPENSEARCH_MAX_LIFETIME seconds (4 h); `make opensearch-stop` ends it sooner.
opensearch: install
	$(BIN)/python -m cluster.manage start

opensearch-stop: install
	$(BIN)/python -m cluster.manage stop

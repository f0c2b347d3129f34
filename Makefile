# orbat: common tasks. Run from the repository root; the venv is .venv.
PY      ?= .venv/bin/python
ORBAT   ?= $(PY) -m orbat
SHARED  ?= ../shared
WORDS   ?= 200000

.PHONY: help test seeds examples bench bench-quick

help:
	@echo "make test         run the test suite (pytest -q)"
	@echo "make seeds        score orbat on $(SHARED)/corpus/seeds against $(SHARED)/gold/seeds"
	@echo "make examples     score orbat on examples/corpus against examples/gold"
	@echo "make bench        throughput and memory beside bare spaCy (WORDS=$(WORDS), a few minutes)"
	@echo "make bench-quick  the same on 20,000 words"

test:
	$(PY) -m pytest -q

seeds:
	@if [ ! -d "$(SHARED)/corpus/seeds" ] || [ ! -d "$(SHARED)/gold/seeds" ]; then \
		echo "make seeds: $(SHARED)/corpus/seeds or $(SHARED)/gold/seeds is absent; nothing to score (set SHARED=... to point elsewhere)"; \
	else \
		$(ORBAT) eval --corpus "$(SHARED)/corpus/seeds" --gold "$(SHARED)/gold/seeds" $(EVALFLAGS); \
	fi

examples:
	$(ORBAT) eval --corpus examples/corpus --gold examples/gold $(EVALFLAGS)

bench:
	$(PY) bench/throughput.py --words $(WORDS)

bench-quick:
	$(PY) bench/throughput.py --words 20000

# --- the README's two commands -------------------------------------------------------------
.PHONY: setup setup-test demo check

setup:
	bash scripts/setup.sh

setup-test:
	bash scripts/setup.sh --test

# The main job on the built-in default: the example corpus into an embedded SQLite store.
demo: setup
	$(ORBAT) ingest examples/corpus --db orbat.db
	$(ORBAT) entities --db orbat.db --sort pagerank --top 25
	$(ORBAT) tree "Islamic Revolutionary Guard Corps" --db orbat.db

# Everything CI runs: install from scratch, then the whole suite, PostgreSQL included.
check: setup-test
	ORBAT_REQUIRE_PG=1 $(PY) -m pytest -q

# vanban: `make run` sets everything up and ingests corpus/; `make test` runs the test suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= output/kb.sqlite
STAMP  := $(VENV)/.installed

.PHONY: install run test lint clean corpus bench

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: install
	$(BIN)/vanban ingest corpus --db $(DB)
	$(BIN)/vanban stats --db $(DB)
	$(BIN)/vanban check --db $(DB) --exit-zero

test: install
	$(BIN)/python -m pytest -q

# Benchmarks (not tests): ingest speed and memory, against pdfplumber and underthesea, cites latency at 100 000
# documents; prints a table and writes output/bench.json. BENCH_DOCS sets the corpus size.
BENCH_DOCS ?= 2000
bench: install
	$(BIN)/python bench/run.py --docs $(BENCH_DOCS)

lint: install
	$(BIN)/ruff check extractors tests bench corpus/render.py

# Rebuild the DOCX/PDF renderings of the samples (needs Debian's libreoffice-writer-nogui and fonts-liberation2;
# see corpus/layout/SPEC.md).
corpus: install
	$(BIN)/python corpus/render.py

clean:
	rm -rf $(VENV) output/*.sqlite output/*.sqlite-* .pytest_cache .ruff_cache .hypothesis build *.egg-info

# vanban: `make run` sets everything up and ingests corpus/; `make test` runs the test suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= output/kb.sqlite
STAMP  := $(VENV)/.installed
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install run test lint clean corpus bench bench-ocr bench-readers browser office ocr serve eval screenshots

install: $(STAMP) browser office ocr

# $(call apt_install,PACKAGES,WARNING): Debian's packages installed unless they are (apt's lists refreshed if needed)
define apt_install
	@dpkg -s $(1) >/dev/null 2>&1 || \
	  (export DEBIAN_FRONTEND=noninteractive; \
	  $(SUDO) apt-get install -y -q $(1) >/dev/null 2>&1 || \
	  ($(SUDO) apt-get update -q >/dev/null && $(SUDO) apt-get install -y -q $(1) >/dev/null)) || \
	  echo "warning: $(2)"
endef

# Word 97-2003, RTF and ODT are read through LibreOffice, PowerPoint 97-2003 through Impress (Calc makes the .xls of
# the spreadsheet tests), kept running by unoserver (a PyPI dependency) under the Python that has LibreOffice's uno
# module: Debian's python3-uno.
OFFICE_PACKAGES := libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui python3-uno
office:
	$(call apt_install,$(OFFICE_PACKAGES),could not install Debian's LibreOffice: .doc .rtf .odt and .ppt files will fail to read)

# Scanned pages and images are read by Tesseract with its Vietnamese model, from Debian's packages (the tesserocr
# wheel from PyPI brings its own libtesseract; without a wheel for the platform, pip builds it against Debian's
# libtesseract-dev, libleptonica-dev and pkg-config).
OCR_PACKAGES := tesseract-ocr tesseract-ocr-vie
ocr:
	$(call apt_install,$(OCR_PACKAGES),could not install Debian's tesseract-ocr-vie: scanned pages and images will fail to read)

# The web view's tests drive Debian's chromium with playwright (browser downloads are not possible here).
browser:
	$(call apt_install,chromium,could not install Debian's chromium: the browser tests will be skipped)

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

# Benchmarks (not tests): ingest speed and memory, each speed as a share of PDFium's own text pass in the same run
# (pdfplumber and underthesea beside), start-up, cites latency at 100 000 documents; prints a table and writes
# output/bench.json. BENCH_DOCS sets the corpus size. `python bench/same.py` shows a speed-up changed no output.
BENCH_DOCS ?= 2000
bench: install
	$(BIN)/python bench/run.py --docs $(BENCH_DOCS)

# OCR accuracy and speed (not tests): text PDFs of corpus/ and ../shared/wild rendered at 200 and 300 ppi, clean and
# degraded, read by vanban's OCR and scored against their own text layer (viparse-corpus's METRIC.md); the real
# scans of ../shared/wild read page by page. Prints a table and writes output/bench-ocr.json.
bench-ocr: install
	$(BIN)/python bench/ocr.py

# Scores references, claims and verdicts against the hand-made gold (samples, and the development and blind
# splits of corpus/audit/), with gains and losses against corpus/eval.json; EVAL_ARGS=--write saves the run.
eval: install
	$(BIN)/python -m tests.evaluate $(EVAL_ARGS)

# The web view's screenshots in docs/ (the README's pictures), taken by the browser tests; a plain test run puts
# them in output/screens.
screenshots: install
	VANBAN_SCREENSHOTS=docs $(BIN)/python -m pytest -q tests/test_web.py

serve: install
	$(BIN)/vanban serve --db $(DB)

lint: install
	$(BIN)/ruff check extractors tests bench corpus/render.py

# Rebuild the DOCX/PDF renderings of the samples (needs Debian's libreoffice-writer-nogui and fonts-liberation2;
# see corpus/layout/SPEC.md).
corpus: install
	$(BIN)/python corpus/render.py

clean:
	rm -rf $(VENV) output/*.sqlite output/*.sqlite-* .pytest_cache .ruff_cache .hypothesis build *.egg-info

# vanban's readers against viparse 0.1.31 on ../shared/viparse-corpus (METRIC.md's three numbers per format,
# failures, seconds per document), one run; viparse lives in the bench's own virtualenv, never in vanban's.
BENCH_VENV := output/bench-venv
$(BENCH_VENV)/.installed:
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet "viparse[pdf,office,rtf]==0.1.31"
	touch $@
bench-readers: install $(BENCH_VENV)/.installed
	$(BIN)/python bench/readers.py --viparse $(BENCH_VENV)/bin/python

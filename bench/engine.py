"""The text engines alone, one process, start-up included as for `vanban ingest -j 1` (bench/run.py times it):

    python bench/engine.py pdfium|pdfplumber FILE.pdf ...

prints {"pages": …, "bytes": …} (of the UTF-8 text) as JSON. `pdfium` is PDFium's own text pass (pypdfium2:
every page's text page, get_text_range): the limit a PDF reader built on it can reach. `pdfplumber` is its text
extraction."""

from __future__ import annotations

import json
import sys


def pdfium(paths: list[str]) -> tuple[int, int]:
    import pypdfium2

    pages = size = 0
    for path in paths:
        pdf = pypdfium2.PdfDocument(path)
        for page in pdf:
            size += len(page.get_textpage().get_text_range().encode())
            pages += 1
        pdf.close()
    return pages, size


def pdfplumber(paths: list[str]) -> tuple[int, int]:
    import pdfplumber as plumber

    pages = size = 0
    for path in paths:
        with plumber.open(path) as pdf:
            for page in pdf.pages:
                size += len((page.extract_text() or "").encode())
                pages += 1
    return pages, size


if __name__ == "__main__":
    pages, size = {"pdfium": pdfium, "pdfplumber": pdfplumber}[sys.argv[1]](sys.argv[2:])
    print(json.dumps({"pages": pages, "bytes": size}))

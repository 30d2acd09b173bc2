"""PDF: text per page with PDFium (fast); pdfplumber only on pages that draw a ruled table."""

from __future__ import annotations

import io
from statistics import median

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import regex

from ..document import Document, Page, Table
from ..errors import ReadError

# A ruled table is drawn with many path objects (one per border segment); plain pages have
# a handful at most (footnote separator, underline). Only those pages pay for pdfplumber.
MIN_PATHS_FOR_TABLE = 8
NOTE_LINE = regex.compile(r"(?m)^[ \t]*\d{1,2}[ \t]*(?=\S)")  # "1 Công văn số …" at a line start
SMALLER = 0.92  # footnotes are set at least this much smaller than the page's body text


def _open(path: str, data: bytes) -> pdfium.PdfDocument:
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ReadError(path, "not a PDF: the file does not start with '%PDF' (wrong extension or damaged file)")
    try:
        return pdfium.PdfDocument(data)  # an empty user password opens without asking
    except pdfium.PdfiumError as e:
        if e.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise ReadError(path, "encrypted PDF: a password is required to open it") from None
        if e.err_code == pdfium_c.FPDF_ERR_SECURITY:
            raise ReadError(path, "PDF uses an unsupported security handler") from None
        raise ReadError(path, f"damaged or truncated PDF, cannot be parsed ({e})") from None


def _notes_start(textpage: pdfium.PdfTextPage, text: str) -> int | None:
    """Offset in `text` of the first line that starts with a number set in a smaller font."""
    candidates = list(NOTE_LINE.finditer(text))
    if not candidates:
        return None
    size = lambda i: pdfium_c.FPDFText_GetFontSize(textpage.raw, i)  # noqa: E731
    step = max(1, len(text) // 400)
    body = median([s for s in map(size, range(0, len(text), step)) if s > 0] or [0])
    for m in candidates:
        if m.end() < len(text) and 0 < size(m.end()) < SMALLER * body:
            return m.start()
    return None


def _ruled_tables(data: bytes, numbers: list[int]) -> dict[int, tuple[Table, ...]]:
    import pdfplumber  # imported lazily: most PDFs never need it

    found: dict[int, tuple[Table, ...]] = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for n in numbers:
            tables = []
            for rows in pdf.pages[n - 1].extract_tables():
                cleaned = tuple(tuple(" ".join((c or "").split()) for c in row) for row in rows)
                if len(cleaned) >= 2 and max(len(r) for r in cleaned) >= 2:
                    tables.append(Table(cleaned, page=n))
            found[n] = tuple(tables)
    return found


def read(path: str, data: bytes, sha256: str) -> Document:
    pdf = _open(path, data)
    try:
        texts, warnings, table_pages, notes_at = [], [], [], []
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            raw = textpage.get_text_range()  # indices here are PDFium's character indices
            notes = _notes_start(textpage, raw)
            # PDFium reports a hyphen that ends a line as U+FFFE; it is a hyphen the writer typed
            text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\ufffe", "-")
            texts.append(text)
            notes_at.append(None if notes is None else notes - raw.count("\r\n", 0, notes))
            if not text.strip():
                warnings.append(f"page {i + 1}: no text layer (scanned image; OCR needed)")
            elif sum(1 for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2)) >= MIN_PATHS_FOR_TABLE:
                table_pages.append(i + 1)
    except pdfium.PdfiumError as e:
        raise ReadError(path, f"damaged PDF, a page cannot be read ({e})") from None
    finally:
        pdf.close()
    if not texts:
        raise ReadError(path, "PDF has no pages")
    if all(not t.strip() for t in texts):
        raise ReadError(path, f"no text layer on any of its {len(texts)} pages (a scanned image PDF; OCR needed)")
    tables = _ruled_tables(data, table_pages) if table_pages else {}
    pages = tuple(
        Page(n, t, tables.get(n, ()), has_text_layer=bool(t.strip()), notes_start=notes_at[n - 1])
        for n, t in enumerate(texts, start=1)
    )
    return Document(path, sha256, "pdf", pages, warnings=tuple(warnings))

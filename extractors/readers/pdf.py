"""PDF: text per page with PDFium (fast); ruled tables from PDFium's drawing objects (pdf_tables); a page with no
text layer (a scan) rendered by PDFium and read by OCR (`ocr`: 'auto'; 'force' reads every page so, 'never' none)."""

from __future__ import annotations

from statistics import median

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..document import Document, Page
from ..errors import ReadError
from . import ocr as tesseract
from .pdf_page import Chars, page_text
from .pdf_tables import path_count, ruled_tables

# A ruled table is drawn with many path objects (one per border segment); plain pages have
# a handful at most (footnote separator, underline). Only those pages are searched for tables.
MIN_PATHS_FOR_TABLE = 8


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


def read(path: str, data: bytes, sha256: str, ocr: str = "auto") -> Document:
    pdf = _open(path, data)
    try:
        chars, sizes, warnings, table_pages, scans = [], [], [], [], []
        for i in range(len(pdf)):
            page = pdf[i]
            chars.append(Chars(page.get_textpage()))
            sizes.append(chars[-1].body_size())
            blank = not chars[-1].raw.strip()
            if ocr == "force" or (blank and ocr == "auto"):
                scans.append(i + 1)
            elif blank:
                warnings.append(f"page {i + 1}: no text layer (scanned image; OCR needed)")
            elif path_count(page) >= MIN_PATHS_FOR_TABLE:
                table_pages.append((i + 1, page))
        if not chars:
            raise ReadError(path, "PDF has no pages")
        # a page with no text layer (or every page, forced) rendered and read, pages in parallel
        found = tesseract.read_pages(page_image(pdf[n - 1]) for n in scans)
        scanned = {n: tesseract.outcome(n, o, warnings) for n, o in zip(scans, found, strict=True)}
        if all(not c.raw.strip() for c in chars) and not any(o.text.strip() for o in scanned.values()):
            raise ReadError(path, f"no text layer on any of its {len(chars)} pages (a scanned image PDF; " + (
                "OCR needed, and --ocr never was given)" if ocr == "never" else "OCR found no text either)"))
        tables = {n: ruled_tables(page, chars[n - 1], n) for n, page in table_pages}
        body = median([s for s in sizes if s] or [0])
        pages = []
        for n, page_chars in enumerate(chars, start=1):
            if n in scanned:
                o = scanned[n]
                pages.append(Page(n, o.text, has_text_layer=bool(page_chars.raw.strip()),
                                  line_numbers=o.line_numbers, ocr_confidence=o.confidence))
                continue
            found, grid = tables.get(n, ([], None))
            t = page_text(page_chars, body, grid)
            pages.append(Page(n, t.text, tuple(found), has_text_layer=bool(t.text.strip()),
                              notes_start=t.notes_start, marks=t.marks, line_numbers=t.line_numbers))
    except pdfium.PdfiumError as e:
        raise ReadError(path, f"damaged PDF, a page cannot be read ({e})") from None
    finally:
        pdf.close()
    return Document(path, sha256, "pdf", tuple(pages), warnings=tuple(warnings))



def page_image(page: pdfium.PdfPage):
    """A page as OCR reads it, and its resolution: a scan at the resolution it was scanned at (its largest image's,
    within OCR's range), so that it is read as scanned rather than resampled; a page with no image at OCR's own.
    Copied out of PDFium's bitmap, which the thread that reads it must not share."""
    ppi, area = tesseract.PPI, 0.0
    for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
        left, bottom, right, top = image.get_bounds()
        if (right - left) * (top - bottom) > area:
            area = (right - left) * (top - bottom)
            try:
                dpi = image.get_metadata().horizontal_dpi
            except pdfium.PdfiumError:
                dpi = 0
            ppi = round(min(max(dpi, tesseract.MIN_PPI), tesseract.MAX_PPI)) if dpi > 0 else tesseract.PPI
    return page.render(scale=ppi / 72, grayscale=True).to_pil().copy(), ppi

"""OCR of page images: Tesseract with Debian's Vietnamese model (tesseract-ocr-vie), through tesserocr.

Tesseract's words, with their boxes and confidences, are kept in its reading order, a line of text per line it
found; each line gets the visual line of the page it lies on (lines whose boxes share a band of height are one
visual line, as pdf_page numbers a text PDF's), so an OCR'd page has the same page/line provenance as a text page.
A page keeps the mean confidence of its words (0-1).

Recognition of one page has a time budget (VANBAN_OCR_PAGE_SECONDS, Tesseract's own deadline): a page that takes
longer is given up with a warning, not the file. In a worker, each page also adds its budget to the file's CPU
limit (engines.grant), so a long scan is not refused for its length alone.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from statistics import median

import regex

from ..engines import grant
from ..errors import ReadError
from ..rules import alternation, table

MODES = ("auto", "never", "force")  # `--ocr`: pages with no text layer, none, every page
# Pages are rendered at this resolution (bench/ocr.py measures 200 against 300 ppi; see README).
PPI = 300
LANGUAGE = "vie"
LOW_CONFIDENCE = 0.80  # a page read with less mean word confidence is flagged
MIN_PIXELS = 16  # an image smaller than this either way holds no line of text
PAGE_SECONDS = float(os.environ.get("VANBAN_OCR_PAGE_SECONDS", "30"))
# Debian's tesseract-ocr-vie puts the model here (tesserocr's wheel has its own libtesseract, no tessdata)
TESSDATA = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
            "/usr/share/tessdata")


@dataclass(frozen=True)
class OcrPage:
    text: str
    line_numbers: tuple[int, ...]  # visual line of each line of `text`
    confidence: float | None  # mean word confidence, 0-1; None when no word was found


def tessdata() -> str:
    """The folder holding the Vietnamese model: TESSDATA_PREFIX, else Debian's."""
    for folder in (os.environ.get("TESSDATA_PREFIX"), *TESSDATA):
        if folder and (Path(folder) / f"{LANGUAGE}.traineddata").is_file():
            return folder
    raise ReadError("tesseract", f"Tesseract's Vietnamese model ({LANGUAGE}.traineddata) is not installed: "
                                 "`make install` installs Debian's tesseract-ocr-vie (or set TESSDATA_PREFIX)")


_local = threading.local()


@cache
def _fixes() -> tuple[regex.Pattern, dict[str, str]]:
    meant = {r["found"]: r["meant"] for r in table("ocr_fixes")}
    return regex.compile(alternation(meant)), meant


def fixes(word: str) -> str:
    """A word as Tesseract read it with the model's known wrong letters put right (rules/ocr_fixes.tsv)."""
    pattern, meant = _fixes()
    return pattern.sub(lambda m: meant[m.group()], word)


def api(language: str = LANGUAGE):
    """This thread's Tesseract for a model, made once (loading the model takes a tenth of a second)."""
    made = _local.__dict__.setdefault("apis", {})
    if language not in made:
        from tesserocr import OEM, PyTessBaseAPI

        made[language] = PyTessBaseAPI(path=tessdata() + "/", lang=language, oem=OEM.LSTM_ONLY)
        made[language].SetVariable("debug_file", "/dev/null")  # its notes ("Empty page!!") are not the user's
    return made[language]


class Timeout(Exception):
    """Tesseract gave up a page at its deadline."""


def recognize(image, ppi: int, language: str = LANGUAGE) -> OcrPage:
    """One page image (a PIL image) read by Tesseract."""
    from tesserocr import RIL

    if min(image.size) < MIN_PIXELS:
        return OcrPage("", (1,), None)
    tess = api(language)
    grant(PAGE_SECONDS)
    tess.SetImage(image)
    tess.SetSourceResolution(ppi)
    if not tess.Recognize(timeout=max(1, int(PAGE_SECONDS * 1000))):
        tess.Clear()
        raise Timeout(f"OCR gave up after {PAGE_SECONDS:g} s (VANBAN_OCR_PAGE_SECONDS raises the limit)")
    lines: list[tuple[list[str], tuple[int, int, int, int]]] = []
    confidences: list[float] = []
    it = tess.GetIterator()
    if it is not None and not it.Empty(RIL.WORD):
        while True:
            word = fixes((it.GetUTF8Text(RIL.WORD) or "").strip())
            if word:
                if it.IsAtBeginningOf(RIL.TEXTLINE) or not lines:
                    lines.append(([], it.BoundingBox(RIL.TEXTLINE)))
                lines[-1][0].append(word)
                confidences.append(it.Confidence(RIL.WORD) / 100)
            if not it.Next(RIL.WORD):
                break
    tess.Clear()
    text = "\n".join(" ".join(words) for words, _ in lines)
    confidence = round(sum(confidences) / len(confidences), 4) if confidences else None
    return OcrPage(text, _visual_lines([box for _, box in lines]), confidence)


def _visual_lines(boxes: list[tuple[int, int, int, int]]) -> tuple[int, ...]:
    """The visual line of each of Tesseract's lines (boxes: left, top, right, bottom in pixels): lines whose tops
    are within half a line's height of the line above them in the page are one visual line."""
    if not boxes:
        return (1,)
    height = median(bottom - top for _, top, _, bottom in boxes) or 1
    rank, level, last = 0, {}, None
    for top in sorted({top for _, top, _, _ in boxes}):
        if last is None or top - last > 0.5 * height:
            rank += 1
        level[top] = rank
        last = top
    return tuple(level[top] for _, top, _, _ in boxes)


def confidence_warning(number: int, page: OcrPage) -> str | None:
    if page.confidence is not None and page.confidence < LOW_CONFIDENCE:
        return (f"page {number}: read by OCR with low confidence {page.confidence:.2f} (under {LOW_CONFIDENCE:.2f}: "
                "check the text against the page image)")
    return None

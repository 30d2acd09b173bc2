"""OCR of page images: Tesseract with Debian's Vietnamese model (tesseract-ocr-vie), through tesserocr.

Tesseract's words, with their boxes and confidences, are kept in its reading order, a line of text per line it
found; each line gets the visual line of the page it lies on (lines whose boxes share a band of height are one
visual line, as pdf_page numbers a text PDF's), so an OCR'd page has the same page/line provenance as a text page.
A page keeps the mean confidence of its words (0-1).

A reader's pages are read VANBAN_OCR_THREADS at a time (default: every core), one Tesseract per thread: Tesseract
lets go of Python's lock while it reads, so a long scan is read page-parallel, in `vanban extract` as in a worker.

Recognition of one page has a time budget (VANBAN_OCR_PAGE_SECONDS, Tesseract's own deadline): a page that takes
longer is given up with a warning, not the file. In a worker, each page also adds its budget to the file's CPU
limit (engines.grant), so a long scan is not refused for its length alone.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from statistics import median

import regex

from ..engines import grant
from ..errors import ReadError
from ..rules import alternation, table

MODES = ("auto", "never", "force")  # `--ocr`: pages with no text layer, none, every page
# A scanned page is read at the resolution it was scanned at, within MIN_PPI..MAX_PPI; a page with no scan in it
# (a text PDF's, with --ocr force) is rendered at PPI, an image of less is scaled up to it. Measured by bench/ocr.py
# (README): rendered pages read as well at 200 ppi as at 300 and faster; a 200 ppi scan read at 200 rather than
# resampled to 300, a 309 ppi one at 309.
PPI = 200
MIN_PPI, MAX_PPI = 200, 400
LANGUAGE = "vie"
LOW_CONFIDENCE = 0.80  # a page read with less mean word confidence is flagged
COLUMN_GAP = 1.5  # words further apart than this many times their height are in two columns (_split)
BLANK_LINES = 1.5  # a blank this many lines high above a line ends a run of two columns (_columns)
MIN_PIXELS = 16  # an image smaller than this either way holds no line of text
PAGE_SECONDS = float(os.environ.get("VANBAN_OCR_PAGE_SECONDS", "30"))
# pages read at once by one reader (VANBAN_OCR_THREADS): every core, so a long scan is read page-parallel
THREADS = int(os.environ.get("VANBAN_OCR_THREADS", "0")) or len(os.sched_getaffinity(0))
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


@cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(THREADS, thread_name_prefix="vanban-ocr")


def read_pages(images: Iterable) -> Iterator[OcrPage | Timeout]:
    """Page images (PIL image, ppi) read THREADS at a time, the results in their order (a Timeout for a page given
    up). Tesseract lets go of Python's lock while it reads, so threads read pages on every core; the images are
    made by the caller's thread as they are needed, a few ahead (PDFium is not thread-safe)."""
    pending: deque = deque()
    for image, ppi in images:
        pending.append(_pool().submit(_attempt, image, ppi))
        if len(pending) > THREADS:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _attempt(image, ppi: int) -> OcrPage | Timeout:
    try:
        return recognize(image, ppi)
    except Timeout as e:
        return e


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
    lines: list[list[tuple[str, Box]]] = []
    confidences: list[float] = []
    it = tess.GetIterator()
    if it is not None and not it.Empty(RIL.WORD):
        while True:
            word = fixes((it.GetUTF8Text(RIL.WORD) or "").strip())
            if word:
                if it.IsAtBeginningOf(RIL.TEXTLINE) or not lines:
                    lines.append([])
                lines[-1].append((word, it.BoundingBox(RIL.WORD)))
                confidences.append(it.Confidence(RIL.WORD) / 100)
            if not it.Next(RIL.WORD):
                break
    tess.Clear()
    segments = _columns([_split(line) for line in lines])
    text = "\n".join(" ".join(word for word, _ in words) for words in segments)
    confidence = round(sum(confidences) / len(confidences), 4) if confidences else None
    return OcrPage(text, _visual_lines([_box(words) for words in segments]), confidence)


Box = tuple[int, int, int, int]  # left, top, right, bottom in pixels
Words = list[tuple[str, Box]]


def _box(words: Words) -> Box:
    return (min(b[0] for _, b in words), min(b[1] for _, b in words), max(b[2] for _, b in words),
            max(b[3] for _, b in words))


def _split(line: Words) -> list[Words]:
    """A line of Tesseract's cut where its words are further apart than COLUMN_GAP times their height: the two
    columns of a header ("ỦY BAN NHÂN DÂN      CỘNG HOÀ XÃ HỘI …") that Tesseract reads as one line."""
    height = median(b[3] - b[1] for _, b in line) or 1
    parts = [[line[0]]]
    for word in line[1:]:
        if word[1][0] - parts[-1][-1][1][2] > COLUMN_GAP * height:
            parts.append([])
        parts[-1].append(word)
    return parts


def _columns(lines: list[list[Words]]) -> list[Words]:
    """Lines in reading order: where lines fall in two columns (a header's issuer and motto, a closing's recipients
    and signature), the left column's lines first, then the right one's, as a text PDF draws them. A run of such
    lines starts at a line cut in two and goes on while each line is cut in two or stays on one side of the gutter;
    a line in three parts or more (a table's row) is kept whole, its parts apart by a space; a wide blank above a
    line (the title under a header) ends the run too."""
    out: list[Words] = []
    height = median(b[3] - b[1] for line in lines for part in line for _, b in part) if lines else 1
    i = 0
    while i < len(lines):
        if len(lines[i]) != 2:
            out.append([w for part in lines[i] for w in part])
            i += 1
            continue
        gutter_left, gutter_right = _box(lines[i][0])[2], _box(lines[i][1])[0]
        left, right, bottom = [], [], _box(lines[i][0])[1]
        while i < len(lines) and len(lines[i]) <= 2:
            boxes = [_box(part) for part in lines[i]]
            if min(b[1] for b in boxes) - bottom > BLANK_LINES * height:
                break
            bottom = max(bottom, *(b[3] for b in boxes))
            if len(lines[i]) == 2 and boxes[0][2] <= gutter_right and boxes[1][0] >= gutter_left:
                left.append(lines[i][0])
                right.append(lines[i][1])
            elif len(lines[i]) == 1 and boxes[0][2] <= gutter_right:
                left.append(lines[i][0])
            elif len(lines[i]) == 1 and boxes[0][0] >= gutter_left:
                right.append(lines[i][0])
            else:
                break
            i += 1
        out += left + right
    return out


def _visual_lines(boxes: list[Box]) -> tuple[int, ...]:
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


def outcome(number: int, found: OcrPage | Timeout, warnings: list[str]) -> OcrPage:
    """A page's OCR as the reader keeps it (a page given up is an empty one), its warning added to `warnings`: given
    up, no text found, or read with low confidence."""
    if isinstance(found, Timeout):
        warnings.append(f"page {number}: {found}")
        return OcrPage("", (1,), None)
    if not found.text.strip():
        warnings.append(f"page {number}: OCR found no text on it (a blank page or a picture)")
    elif found.confidence is not None and found.confidence < LOW_CONFIDENCE:
        warnings.append(f"page {number}: read by OCR with low confidence {found.confidence:.2f} (under "
                        f"{LOW_CONFIDENCE:.2f}: check the text against the page image)")
    return found

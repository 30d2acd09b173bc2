"""PDF text layers set in a legacy 8-bit Vietnamese font (TCVN3 .VnTime / .VnTimeH, VNI-Times): PDFium gives
their bytes as Windows-1252 letters ("ChÝnh phñ"); each character is read again by the font PDFium says it is
drawn in (rules/encodings/fonts.tsv), so a TCVN3 "H" font's letters come out as the capitals it draws.

A page is looked at only if one of a sample of its Latin-1 letters is in a legacy font (a Unicode page costs a few
dozen font look-ups). A font's characters on a page are converted only if they then read better by the syllable
grammar (legacy.score), or hold no word with a non-ASCII letter at all (then only the case can change): a font
named .VnTime whose text layer is already Unicode keeps it, and a run holding a letter no 8-bit font has is Unicode.
A page whose fonts name no encoding (renamed "F1", or Arial over TCVN3 bytes) but that has many Latin-1 letters and
none of those only Unicode has ("ư", "đ", "ệ") is read in the encoding its syllables prefer, if it then reads well
(legacy.MIN_SCORE).
"""

from __future__ import annotations

import ctypes
import unicodedata
from functools import cache

import pypdfium2.raw as pdfium_c
import regex

from . import legacy

SUBSET = regex.compile(r"^[A-Z]{6}\+")  # an embedded subset's tag: "FBHPEL+VnTime"
STYLE = regex.compile(r"(?:[,-]?(?:Bold|Italic|Oblique|Regular))+$", regex.IGNORECASE)  # ".VnTime,BoldItalic"
SAMPLE = 64  # Latin-1 characters of a page whose font is looked up before the page is read character by character
LATIN1 = regex.compile(r"[\x80-\xff\u2212\u2219]")  # where a legacy font's bytes show (and its look-alikes)
LATIN1_LETTERS = regex.compile(r"[\xc0-\xff]")
UNICODE_ONLY = regex.compile(r"[\u0100-\u024f\u1e00-\u1eff]")  # "ư", "đ", "ệ": no 8-bit font has them
MIN_LETTERS = 40  # Latin-1 letters a page needs before the grammar is asked about it


def _family(font: str) -> str:
    return STYLE.sub("", SUBSET.sub("", font))


@cache
def encoding(font: str) -> tuple[str, bool] | None:
    """(encoding, upper) of a PDF font's name, as legacy.font_encoding has it for the name without tag or style."""
    return legacy.font_encoding(_family(font)) if font else None


class _Fonts:
    """The name of the font of each character of one text page."""

    def __init__(self, textpage):
        self.textpage = textpage
        self.buf = ctypes.create_string_buffer(128)
        self.flags = ctypes.c_int()

    def __call__(self, i: int) -> str:
        n = pdfium_c.FPDFText_GetFontInfo(self.textpage, i, self.buf, len(self.buf), ctypes.byref(self.flags))
        return self.buf.value.decode("latin-1") if n else ""  # "": a character PDFium made (a space, a break)


def recoded(textpage, raw: str) -> tuple[str, list[int] | None]:
    """The page's text with its legacy-font characters in Unicode, and for each of its characters the PDFium index
    it comes from (None: the text is `raw`, index for index)."""
    fonts = _Fonts(textpage)
    where = [m.start() for m in LATIN1.finditer(raw)]
    if not any(encoding(fonts(i)) for i in where[:: max(1, len(where) // SAMPLE)]):
        return _unnamed(raw)
    runs: dict[str, list[tuple[int, int]]] = {}  # legacy font (without tag and style) -> (start, end) of its runs
    current, start = None, 0
    for i in range(len(raw) + 1):
        name = fonts(i) if i < len(raw) else None
        if name == "" and i < len(raw):
            continue  # PDFium's own spaces and breaks go with the run they are in
        font = _family(name) if name and encoding(name) else None
        if font != current:
            if current:
                runs.setdefault(current, []).append((start, i))
            current, start = font, i
    pieces: list[str] = list(raw)
    for font, spans in runs.items():
        named, upper = encoding(font)
        read = [(a, b) for a, b in spans if legacy.recode_pieces(raw[a:b], named, upper) is not None]
        if enc := legacy.reading([raw[a:b] for a, b in read], named, upper, judged=False):
            for a, b in read:  # a run with a letter no 8-bit font has is Unicode
                pieces[a:b] = legacy.recode_pieces(raw[a:b], enc, upper)
    return _composed(raw, pieces)


def _unnamed(raw: str) -> tuple[str, list[int] | None]:
    """A page in no named legacy font: in the encoding its syllables say, if it looks like one and reads well."""
    if len(LATIN1_LETTERS.findall(raw)) < MIN_LETTERS or UNICODE_ONLY.search(raw):
        return raw, None
    best, pieces = legacy.score(raw), None
    for name in ("tcvn3", "vni"):
        if (p := legacy.recode_pieces(raw, name, False)) and (s := legacy.score("".join(p))) > best:
            best, pieces = s, p
    if pieces is None or best < legacy.MIN_SCORE:
        return raw, None
    return _composed(raw, pieces)


def _composed(raw: str, pieces: list[str]) -> tuple[str, list[int] | None]:
    """The text of the pieces each PDFium character reads as, and the PDFium index of each of its characters."""
    if pieces == list(raw):
        return raw, None
    out, source = [], []
    i = 0
    while i < len(pieces):  # a letter and the marks a VNI mark byte added to it become one character
        j = i + 1
        while j < len(pieces) and all(unicodedata.combining(c) for c in pieces[j]):
            j += 1
        composed = unicodedata.normalize("NFC", "".join(pieces[i:j]))
        out.append(composed)
        source += [i] * len(composed)
        i = j
    return "".join(out), source

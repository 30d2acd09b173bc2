"""From raw page text to one clean text that remembers where every character came from.

Steps: split into lines with their places; drop page furniture (page numbers, running
headers); find footnote markers and bodies; then write the body paragraphs — hard line breaks
unwrapped, citations broken across lines joined, spacing collapsed, markers taken out and kept
as links — followed by the footnotes, each on its own line.
"""

from __future__ import annotations

import regex

from ..document import Document
from . import footnotes, furniture
from .lines import SECTION_OPENER, LineIndex, RawLine, split_lines
from .offsets import Builder
from .text import Footnote, FootnoteLink, Place, Text

__all__ = ["normalize", "Text", "Place", "Footnote", "FootnoteLink"]

WORD_RUN = regex.compile(r"\S++(?: \S++)*+")  # words with single spaces between them
# A line that opens a paragraph: a section or list item, or a key word.
OPENS_PARAGRAPH = regex.compile(
    rf"^(?:{SECTION_OPENER}|(?:Căn cứ|Thực hiện|Nơi nhận|Kính gửi|TM\.|KT\.|Q\.|TL\.|PHỤ LỤC)\b)"
)
ENDS_SENTENCE = (".", ":", ";", "!", "?", "…")
JOINS_WITHOUT_SPACE = regex.compile(r"[\p{L}\p{N}][-/]$")  # "515/KH-" + "BCA-BNN&MT", "2022-" + "2025"
# a table row read as text, numbers only after a short label ("2016 1.227.576 611.359 …", "Sơ bộ - Prel. 2023 …"):
# it keeps its own line, as the figures of a row belong together and not with the next row's
TABLE_ROW = regex.compile(r"^(?:[^\d\n]{0,40}\s)?-?\d[\d.,]*(?:\s+-?\d[\d.,]*){2,}$")


def _content(ln: RawLine, cut: list[footnotes.Marker]) -> list[tuple[int, int]]:
    """Column ranges of a line's text, markers cut out."""
    spans, pos = [], 0
    for m in sorted(cut, key=lambda m: m.start):
        spans.append((pos, m.start))
        pos = m.end
    spans.append((pos, len(ln.text)))
    return [(a, b) for a, b in spans if ln.text[a:b].strip()]


def _write_tokens(b: Builder, ln: RawLine, raw: str, a: int, c: int, sep: str) -> None:
    """Copy the words of ln.text[a:c], single spaces between them, `sep` before the first. Words with the raw's
    own single space between them are copied as one piece; any other gap becomes one synthetic space."""
    for run in WORD_RUN.finditer(ln.text, a, c):
        if sep:
            b.space(sep, ln.page, ln.start + run.start())
        b.copy(ln.page, raw, ln.start + run.start(), ln.start + run.end())
        sep = " "


def _separator(b: Builder, ln: RawLine, in_table: bool) -> str:
    """What goes between the text so far and line `ln`: nothing, a space or a break (`in_table`: the line or the
    one before it is a table row)."""
    if not b.parts:
        return ""
    last = b.parts[-1]
    head = ln.text.strip()
    if JOINS_WITHOUT_SPACE.search(last) and head[:1].isalnum():
        return ""
    if OPENS_PARAGRAPH.match(head) or (last.endswith(ENDS_SENTENCE) and head[:1].isupper()):
        return "\n"
    if in_table:
        return "\n"
    return " "


def normalize(doc: Document) -> Text:
    lines = split_lines(doc)
    drop = furniture.find(lines, len(doc.pages)) if doc.paged else set()
    markers, bodies = footnotes.find(lines, drop, doc.pages if doc.paged else None)
    found = {body.label for body in bodies}
    markers = [m for m in markers if m.label in found]  # a marker whose body is nowhere stays text
    in_note = {i for body in bodies for i in body.lines}
    marks_by_line: dict[int, list[footnotes.Marker]] = {}
    for m in markers:
        marks_by_line.setdefault(m.line, []).append(m)
    raws = [p.text for p in doc.pages]

    b = Builder()
    links: list[FootnoteLink] = []
    previous_row = False
    for i, ln in enumerate(lines):
        if i in drop or i in in_note or ln.blank:
            continue
        cut = marks_by_line.get(i, [])
        spans = _content(ln, cut)
        if not spans:  # a marker alone on its line belongs to the word before it
            links.extend(FootnoteLink(m.label, b.size) for m in cut)
            continue
        row = bool(TABLE_ROW.match(ln.text.strip()))
        sep = _separator(b, ln, row or previous_row)
        previous_row = row
        for k, (a, c) in enumerate(spans):
            if k:  # after a cut marker: "bản1 chỉ" keeps its space, "bản1," does not
                sep = " " if ln.text[a].isspace() else ""
            _write_tokens(b, ln, raws[ln.page], a, c, sep)
            links.extend(FootnoteLink(m.label, b.size) for m in cut if m.start == c)
    body_end = b.size

    notes: list[Footnote] = []
    for body in sorted(bodies, key=lambda x: int(x.label)):
        label_ln = lines[body.label_line]
        col = body.label_start
        if b.size:
            b.space("\n\n" if not notes else "\n", label_ln.page, label_ln.start + col)
        start = b.size
        b.copy(label_ln.page, raws[label_ln.page], label_ln.start + col, label_ln.start + col + len(body.label))
        _write_tokens(b, label_ln, raws[label_ln.page], body.text_start, len(label_ln.text), " ")
        for j in body.lines[1:]:
            ln = lines[j]
            sep = "" if JOINS_WITHOUT_SPACE.search(b.parts[-1]) else " "
            _write_tokens(b, ln, raws[ln.page], 0, len(ln.text), sep)
        notes.append(Footnote(body.label, start, b.size))
    return Text(doc, b.text(), b.map, body_end, tuple(notes), tuple(links), LineIndex(doc))

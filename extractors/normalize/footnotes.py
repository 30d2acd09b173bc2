"""Footnotes: markers glued to words ("văn bản1") or standing alone, and the bodies they point to.

Labels run 1, 2, 3 … through a document, so a marker is only taken when it is the next label
expected, and a body only when its marker has been seen. That keeps "km" + superscript "2" or a
line starting with a count ("22 Công văn") from being read as footnotes.

Where a body ends: on a page it runs to the page's end (or the next body). Plain text extracted
from PDFs has lost its pages, and the body sits in the middle of a paragraph; there its lines are
told apart by length (footnotes are set in a smaller font, so their lines hold more characters)
and the body resumes at the first line of ordinary length.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

import regex

from ..document import Page
from ..rules import table
from .lines import SECTION_OPENER, RawLine

GLUED = regex.compile(r"(?<=\p{Ll}[\p{Ll}\p{M}]?[”\"’)]?)(\d{1,2})(?=[\s,.;:)”\"’]|$)")
ALONE = regex.compile(r"^\s*(\d{1,2})\s*$")
# "1 Công văn …", "1Công văn …", "6 19 nhiệm vụ …" (a body may open with a number), not "1.", "1)", "12"
BODY_START = regex.compile(r"^\s*(\d{1,2})(?:\s+(?=\S)|(?=[^\d\s.)/,:-]))")
RESUMES = regex.compile(rf"^(?:{SECTION_OPENER})")  # the body resumes with a section or list item
# a footnote listing documents goes on item by item: "…; \n Quyết định số 647/QĐ-UBND …" (type words: rules/)
LISTED = regex.compile(
    "(?:" + "|".join(regex.escape(r["word"]) for r in table("doc_types") if len(r["word"]) > 3) + r")\s+số"
)
LONG_LINE = 1.15  # footnote lines are at least this much longer than the median line


@dataclass(frozen=True)
class Marker:
    label: str
    line: int  # index into the line list
    start: int  # column span of the label in that line
    end: int


@dataclass
class Body:
    label: str
    lines: list[int]
    label_line: int  # line holding the label
    label_start: int  # column of the label on that line
    text_start: int  # column where the body's text begins on that line


def _body_start(lines: list[RawLine], i: int, label: str) -> tuple[int, int] | None:
    """(label column, text column) when line i starts footnote `label`, else None."""
    text = lines[i].text
    m = BODY_START.match(text)
    if m and m.group(1) == label:
        return m.start(1), m.end()
    m = ALONE.match(text)
    if m and m.group(1) == label:
        nxt = next((j for j in range(i + 1, min(i + 4, len(lines))) if not lines[j].blank), None)
        if nxt is not None and lines[nxt].page == lines[i].page and not ALONE.match(lines[nxt].text):
            return m.start(1), m.end(1)
    return None


def find(lines: list[RawLine], skip: set[int], pages: Sequence[Page] | None) -> tuple[list[Marker], list[Body]]:
    """Markers and bodies. `pages` (paged sources): where each page's footnote area begins and where
    its reference labels are, as the reader saw them (smaller font, the DOCX footnotes part) —
    bodies are only taken from the area, and labels only from the marks when the reader knows them."""
    paged = pages is not None
    lengths = [len(ln.text.strip()) for i, ln in enumerate(lines) if not ln.blank and i not in skip]
    long_line = LONG_LINE * (median(lengths) if lengths else 0)
    markers: list[Marker] = []
    bodies: list[Body] = []
    next_marker, next_body = 1, 1
    current: Body | None = None
    for i, ln in enumerate(lines):
        if i in skip:
            continue
        if current is not None:
            if paged and ln.page != lines[current.lines[-1]].page:
                current = None
            elif ln.blank:
                continue
        notes_start = pages[ln.page].notes_start if paged else None
        in_area = not paged or (notes_start is not None and ln.start >= notes_start)
        if next_body < next_marker and in_area:
            cols = _body_start(lines, i, str(next_body))
            if cols is not None:
                current = Body(str(next_body), [i], i, *cols)
                bodies.append(current)
                next_body += 1
                continue
        if paged and in_area and current is None and bodies and not ln.blank:
            last = lines[bodies[-1].lines[-1]]
            if last.page == ln.page - 1 and (ln.start == notes_start or lines[i - 1].page != ln.page):
                current = bodies[-1]  # a footnote running on from the page before
        if current is not None:
            opened_alone = len(current.lines) == 1 and ALONE.match(lines[current.label_line].text)
            if paged or opened_alone or _continues(lines, i, long_line):
                current.lines.append(i)
                continue
            current = None
        if paged and in_area:
            continue
        known = pages[ln.page].marks if paged else None
        if known is not None:
            for at in known:
                if ln.start <= at < ln.end and ln.text.startswith(str(next_marker), at - ln.start):
                    label = str(next_marker)
                    markers.append(Marker(label, i, at - ln.start, at - ln.start + len(label)))
                    next_marker += 1
            continue
        m = ALONE.match(ln.text)
        if m and m.group(1) == str(next_marker):
            markers.append(Marker(m.group(1), i, m.start(1), m.end(1)))
            next_marker += 1
            continue
        for g in GLUED.finditer(ln.text):
            if g.group(1) == str(next_marker):
                markers.append(Marker(g.group(1), i, g.start(1), g.end(1)))
                next_marker += 1
    return markers, bodies


def _continues(lines: list[RawLine], i: int, long_line: float) -> bool:
    """Plain text: does line i still belong to the footnote before it?

    Text extracted from a PDF starts each page with a space, so the interrupted paragraph
    resumes on a line that starts with a space and goes on mid-sentence (lower case), or opens
    a section, or is of ordinary length. Footnote lines are longer (a smaller font)."""
    text = lines[i].text
    head = text.strip()
    if text[:1].isspace():
        if LISTED.match(head) and _previous(lines, i).rstrip().endswith((";", ",", ".")):
            return True  # the next document of a footnote that lists documents
        return not (head[:1].islower() or RESUMES.match(head) or len(head) < long_line)
    return len(head) >= long_line or _last_short_line(lines, i, long_line)


def _previous(lines: list[RawLine], i: int) -> str:
    return next((lines[j].text for j in range(i - 1, -1, -1) if not lines[j].blank), "")


def _last_short_line(lines: list[RawLine], i: int, long_line: float) -> bool:
    """A short line inside a footnote: the last one before the next page begins (footnotes sit at
    the page bottom), or one ending an item with more of the footnote after it."""
    nxt = next((j for j in range(i + 1, len(lines)) if not lines[j].blank), None)
    if nxt is None:
        return False
    following = lines[nxt].text
    if following[:1].isspace():
        return True
    ends_item = lines[i].text.rstrip().endswith((".", ";"))
    return ends_item and (len(following.strip()) >= long_line or following.rstrip().endswith((".", ";")))

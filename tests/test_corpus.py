"""The samples read as TXT, DOCX and PDF give the same clean text, and places on the PDF are right.

What the clean text must be is not taken from our own normaliser: it is rebuilt from the
hand-made layout files (corpus/layout/*.json), which say which seed lines are page furniture,
which are footnote bodies and where each footnote marker stands.
"""

from __future__ import annotations

import pdfplumber
import pytest
import regex

from extractors.pipeline import extract

from .conftest import CORPUS, SAMPLES, layout, squash

LAID_OUT = [s for s in SAMPLES if layout(s)]


def expected(stem: str, keep_furniture: bool) -> tuple[str, list[str]]:
    """(body, footnotes) as the layout file says they are, whitespace removed."""
    spec = layout(stem)
    lines = (CORPUS / f"{stem}.txt").read_text(encoding="utf-8").split("\n")
    skip = set() if keep_furniture else {n for a, b in spec["drop"] for n in range(a, b + 1)}
    notes = []
    for note in sorted(spec["footnotes"], key=lambda n: int(n["label"])):
        ranges = [note["lines"], *note.get("continued", [])]
        skip |= {n for a, b in ranges for n in range(a, b + 1)}
        notes.append(squash("".join(lines[n - 1] for a, b in ranges for n in range(a, b + 1))))
    for note in spec["footnotes"]:
        n, after, label = note["marker_line"], note["marker_after"], note["label"]
        line = lines[n - 1]
        if after is None:
            assert line.strip() == label
            lines[n - 1] = ""
        else:
            at = line.index(after) + len(after)
            assert line[at : at + len(label)] == label
            lines[n - 1] = line[:at] + line[at + len(label) :]
    body = "".join(line for n, line in enumerate(lines, start=1) if n not in skip)
    return squash(body), notes


def test_every_sample_has_a_layout_and_renderings():
    assert LAID_OUT == SAMPLES
    for stem in SAMPLES:
        for ext in ("docx", "pdf"):
            assert (CORPUS / f"{stem}.{ext}").stat().st_size > 10_000, f"{stem}.{ext}: run `make corpus`"


# Plain text extracted from PDFs has lost its pages: where a footnote body sitting mid-paragraph ends
# is guessed (line lengths, the space that opens each page). A footnote that runs on over a page
# break (002 footnote 2 with an item opening a page, 003 footnote 2) still fools the guess.
TXT_FOOTNOTE_GUESS_FAILS = {"002_465208a09d94fdc9", "003_b29f7ffda15ae1c8"}
CASES = [
    pytest.param(stem, ext, marks=pytest.mark.xfail(strict=True, reason="footnote end guessed wrong in plain text"))
    if ext == "txt" and stem in TXT_FOOTNOTE_GUESS_FAILS else (stem, ext)
    for stem in LAID_OUT for ext in ("txt", "docx", "pdf")
]


@pytest.mark.parametrize("stem, ext", CASES)
def test_same_clean_text_in_every_format(stem, ext):
    t = extract(CORPUS / f"{stem}.{ext}").text
    body, notes = expected(stem, keep_furniture=ext == "txt")
    assert squash(t.text[: t.body_end]) == body
    assert [squash(t.text[n.start : n.end]) for n in t.footnotes] == notes


@pytest.mark.parametrize("stem", LAID_OUT)
def test_places_on_the_pdf_are_the_page_and_line_pdfplumber_sees(stem):
    """Every 40th word of the clean body: its (page, line) from our map, checked against an
    independent engine: pdfplumber's text of that page, line for line. The two engines order the
    lines of a two-column block (the signature table) differently, so 2% may disagree."""
    path = CORPUS / f"{stem}.pdf"
    t = extract(path).text
    with pdfplumber.open(path) as pdf:
        page_lines = [p.extract_text().split("\n") for p in pdf.pages]
    words = list(regex.finditer(r"\S{4,}", t.text[: t.body_end]))[::40]
    assert len(words) > 20
    wrong = []
    for w in words:
        place = t.place(w.start(), w.end())
        lines = page_lines[place.page - 1]
        # pdfplumber and PDFium agree on a page's lines but not always on blank ones: allow ±1
        near = " ".join(lines[max(0, place.line - 2) : place.line + 1])
        if w.group().strip(".,;:()") not in near:
            wrong.append((w.group(), place.page, place.line))
    assert len(wrong) <= 0.02 * len(words), wrong[:5]

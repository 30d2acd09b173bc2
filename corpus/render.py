"""Rebuild each seed as a real DOCX (national-header table, real footnotes, ruled tables) and PDF.

    python corpus/render.py [STEM …] [--check]     (or: make corpus)

The structure of each seed (furniture, footnotes, tables, title block) was decided by reading it
and is written in corpus/layout/<stem>.json (see corpus/layout/SPEC.md); this script only lays
it out. The PDF is made by LibreOffice headless (Debian: libreoffice-writer-nogui, fonts-liberation2:
its Liberation Serif covers Vietnamese, so no glyph falls back to another font),
which puts the footnotes at the page bottom in a smaller font, as Word would. Both files are
committed, so tests never need LibreOffice.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

CORPUS = Path(__file__).resolve().parent
FONT = "Times New Roman"  # Nghị định 30/2020: Times New Roman, 13-14 pt; LibreOffice uses Liberation Serif
OPENS_PARAGRAPH = re.compile(
    r"^(?:[IVX]{1,4}\.|\d{1,2}(?:\.\d{1,2})*\.?\s|[a-zđ]\)|\(\d{1,2}\)|[-+•–]\s|Căn cứ|Thực hiện)"
)
TASK_TABLE_CM = (1.1, 6.6, 3.0, 3.0, 2.3)  # TT | Nội dung | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


class LayoutError(ValueError):
    pass


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def check(layout: dict, lines: list[str]) -> None:
    """The SPEC check: tables hold exactly their lines' text, ranges do not overlap, labels increase."""
    owner: dict[int, str] = {}

    def claim(a: int, b: int, what: str) -> None:
        for n in range(a, b + 1):
            if n in owner:
                raise LayoutError(f"line {n} is in both {owner[n]} and {what}")
            owner[n] = what

    for a, b in layout.get("drop", []):
        claim(a, b, f"drop {a}-{b}")
    for note in layout.get("footnotes", []):
        for a, b in [note["lines"], *note.get("continued", [])]:
            claim(a, b, f"footnote {note['label']}")
    for t in layout.get("tables", []):
        a, b = t["lines"]
        claim(a, b, f"table {a}-{b}")
        cells = "".join(c for row in t["rows"] for c in row)
        if _squash(cells) != _squash("".join(lines[a - 1 : b])):
            raise LayoutError(f"table {a}-{b}: cell texts differ from the seed's lines")
    labels = [n["label"] for n in sorted(layout.get("footnotes", []), key=lambda n: n["marker_line"])]
    if labels != [str(i) for i in range(1, len(labels) + 1)]:
        raise LayoutError(f"footnote labels out of order: {labels}")


# -- DOCX building blocks -------------------------------------------------------------------------


def _style(document: docx.Document) -> None:
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(13)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(4)
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Cm(2), Cm(2), Cm(3), Cm(2)
    section.different_first_page_header_footer = True  # no page number on page 1 (Nghị định 30/2020)
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = header.add_run()
    for xml in (f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>',
                f'<w:instrText {nsdecls("w")} xml:space="preserve"> PAGE </w:instrText>',
                f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'):
        run._r.append(parse_xml(xml))


class Footnotes:
    """The word/footnotes.xml part, which python-docx does not write itself."""

    def __init__(self, document: docx.Document):
        self.root = parse_xml(
            f'<w:footnotes {nsdecls("w")}>'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
            '<w:footnote w:type="continuationSeparator" w:id="0">'
            "<w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
            "</w:footnotes>"
        )
        self.document = document
        self.next_id = 1

    def reference(self, paragraph, text: str) -> None:
        """A footnote reference run at the end of `paragraph`, and the footnote holding `text`."""
        fid = self.next_id
        self.next_id += 1
        paragraph._p.append(parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteReference w:id="{fid}"/></w:r>'
        ))
        note = parse_xml(
            f'<w:footnote {nsdecls("w")} w:id="{fid}"><w:p><w:pPr><w:jc w:val="both"/></w:pPr>'
            '<w:r><w:rPr><w:vertAlign w:val="superscript"/><w:sz w:val="20"/></w:rPr><w:footnoteRef/></w:r>'
            '<w:r><w:rPr><w:sz w:val="20"/></w:rPr><w:t xml:space="preserve"> </w:t></w:r></w:p></w:footnote>'
        )
        t = copy.deepcopy(note[0][-1])
        t[-1].text = text
        note[0].append(t)
        self.root.append(note)

    def save(self) -> None:
        if self.next_id == 1:
            return
        from lxml import etree

        blob = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)
        part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, blob, self.document.part.package)
        self.document.part.relate_to(part, RT.FOOTNOTES)


def _table(document: docx.Document, spec: dict) -> None:
    rows = spec["rows"]
    width = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=width)
    if spec["kind"] == "ruled":
        table.style = document.styles["Table Grid"]
        table.autofit = False
    widths = TASK_TABLE_CM if spec["kind"] == "ruled" and width == len(TASK_TABLE_CM) else [16 / width] * width
    for column, cm in zip(table.columns, widths, strict=True):
        column.width = Cm(cm)  # LibreOffice lays out by the grid's column widths
    for r, row in enumerate(rows):
        if spec["kind"] == "ruled":  # a row is kept on one page, as offices set their task tables
            table.rows[r]._tr.get_or_add_trPr().append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.width = Cm(widths[c])
            paras = text.split("\n")
            cell.paragraphs[0].text = paras[0]
            for more in paras[1:]:
                cell.add_paragraph(more)
            for p in cell.paragraphs:
                p.paragraph_format.space_after = Pt(0)
                if spec["kind"] == "layout":
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph()


# -- the body ---------------------------------------------------------------------------------------


def _note_text(note: dict, lines: list[str]) -> str:
    text = " ".join(
        " ".join(lines[n - 1].split()) for a, b in [note["lines"], *note.get("continued", [])] for n in range(a, b + 1)
    ).strip()
    return text[len(note["label"]):].strip() if text.startswith(note["label"]) else text


class Body:
    """Seed lines in, paragraphs out: hard breaks unwrapped, footnote markers made real."""

    def __init__(self, document: docx.Document, notes: Footnotes):
        self.document, self.notes = document, notes
        self.words: list[str] = []
        self.paragraph = None
        self.centered = False
        self.after_note = False

    def flush(self) -> None:
        if self.words:
            self.paragraph.add_run(" ".join(self.words))
        self.words = []
        self.after_note = False

    def end(self) -> None:
        self.flush()
        self.paragraph = None

    def add(self, text: str, centered: bool = False) -> None:
        text = " ".join(text.split())
        if not text:
            return
        last = self.words[-1] if self.words else ""
        if self.paragraph is not None and (centered != self.centered or OPENS_PARAGRAPH.match(text)
                                           or (centered and " ".join(self.words).isupper())
                                           or (last.endswith((".", ":", ";")) and text[:1].isupper())):
            self.end()
        if self.paragraph is None:
            self.paragraph = self.document.add_paragraph()
            self.paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centered else WD_ALIGN_PARAGRAPH.JUSTIFY
            self.paragraph.paragraph_format.first_line_indent = None if centered else Cm(1)
            self.centered = centered
        if last and re.search(r"\w[-/]$", last) and text[:1].isalnum():  # "515/KH-" + "BCA-BNN&MT"
            self.words[-1] += text
        elif self.after_note and not self.words and text[0] not in ",.;:)”’\"":  # "văn bản¹ chỉ đạo"
            self.words += ["", text]
        else:
            self.words.append(text)

    def footnote(self, text: str) -> None:
        self.flush()
        if self.paragraph is None:
            self.paragraph = self.document.add_paragraph()
        self.notes.reference(self.paragraph, text)
        self.after_note = True


def render_docx(stem: str, out: Path) -> None:
    lines = (CORPUS / f"{stem}.txt").read_text(encoding="utf-8").split("\n")
    path = CORPUS / "layout" / f"{stem}.json"
    layout = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    check(layout, lines)
    skip = {n for a, b in layout.get("drop", []) for n in range(a, b + 1)}
    for note in layout.get("footnotes", []):
        skip |= {n for a, b in [note["lines"], *note.get("continued", [])] for n in range(a, b + 1)}
    tables = {t["lines"][0]: t for t in layout.get("tables", [])}
    markers = {n["marker_line"]: [] for n in layout.get("footnotes", [])}
    for n in layout.get("footnotes", []):
        markers[n["marker_line"]].append(n)
    title = range(layout["title"][0], layout["title"][1] + 1) if layout.get("title") else range(0)

    document = docx.Document()
    _style(document)
    notes = Footnotes(document)
    body = Body(document, notes)
    n = 1
    while n <= len(lines):
        if n in tables:
            body.end()
            _table(document, tables[n])
            n = tables[n]["lines"][1] + 1
            continue
        if n not in skip:
            line = lines[n - 1]
            for note in sorted(markers.get(n, []), key=lambda x: line.find(x["marker_after"] or "")):
                if note["marker_after"] is None:  # the marker alone on its line belongs to the text before it
                    line = ""
                    body.footnote(_note_text(note, lines))
                    continue
                at = line.index(note["marker_after"]) + len(note["marker_after"])
                if line[at : at + len(note["label"])] != note["label"]:
                    raise LayoutError(f"{stem}: no marker {note['label']} after {note['marker_after']!r} on line {n}")
                body.add(line[:at], centered=n in title)
                body.footnote(_note_text(note, lines))
                line = line[at + len(note["label"]):]
            body.add(line, centered=n in title)
        n += 1
    body.end()
    notes.save()
    document.core_properties.title = stem
    document.save(out)


def render_pdf(docx_path: Path, out_dir: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("LibreOffice is needed for the PDF: apt-get install libreoffice-writer-nogui fonts-liberation2")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out_dir), str(docx_path)], check=True, capture_output=True)


def main(argv: list[str]) -> None:
    only_check = "--check" in argv
    stems = [a for a in argv if not a.startswith("-")] or sorted(p.stem for p in CORPUS.glob("*.txt"))
    for stem in stems:
        if only_check:
            path = CORPUS / "layout" / f"{stem}.json"
            seed = (CORPUS / f"{stem}.txt").read_text(encoding="utf-8").split("\n")
            check(json.loads(path.read_text(encoding="utf-8")), seed)
            print(f"{stem}: layout ok")
            continue
        out = CORPUS / f"{stem}.docx"
        render_docx(stem, out)
        render_pdf(out, CORPUS)
        print(f"{stem}: {out.name}, {stem}.pdf")


if __name__ == "__main__":
    main(sys.argv[1:])

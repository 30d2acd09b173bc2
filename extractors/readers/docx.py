"""DOCX: paragraphs and tables in body order, footnotes from the package's footnotes part.

Runs set in a legacy 8-bit Vietnamese font (TCVN3 .VnTime, .VnTimeH; VNI-Times: rules/encodings/fonts.tsv, the
font from the run, its character style, its paragraph's style chain or the document's defaults) are converted to
Unicode when that reads better, document-wide, than leaving them; a run already in Unicode is never touched.

The raw text is laid out the way the page shows it: one line per paragraph (a table cell's
paragraphs too, row by row), a footnote reference as its number glued to the word before it, and
the footnote bodies ("1 Công văn số …") at the end of the page that references them. The
normaliser then treats DOCX, PDF and TXT alike.
"""

from __future__ import annotations

import io
import zipfile

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn

from ..document import Document, Page, Table
from ..errors import ReadError
from . import legacy

FOOTNOTES_RELTYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
MAX_UNZIPPED = 256 * 1024 * 1024  # refuse zip bombs before inflating anything
MAX_RATIO = 200
SOFT_HYPHEN = "\xad"
FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def check_package(path: str, data: bytes, kind: str = "DOCX", part: str = "word/document.xml") -> None:
    """An Office package (DOCX, XLSX) that can be opened: a readable zip, no zip bomb, its main part there."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except zipfile.BadZipFile:
        raise ReadError(path, f"not a valid {kind}: the file is not a readable zip package (damaged or truncated)") \
            from None
    total = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if total > MAX_UNZIPPED or (total > 10 * 1024 * 1024 and total / packed > MAX_RATIO):
        raise ReadError(path, f"{kind} inflates to {total:,} bytes ({total // packed}x its size): refused as a zip "
                              "bomb")
    if part not in {i.filename for i in infos}:
        raise ReadError(path, f"not a {kind}: the zip has no {part}")


class _Layout:
    """Collects lines page by page while walking the body."""

    def __init__(self, footnotes: dict[str, str], rendered_breaks: bool, fonts: _Fonts | None):
        self.footnotes = footnotes
        self.fonts = fonts
        self.rendered_breaks = rendered_breaks
        self.pages: list[list[str]] = [[]]
        self.notes: list[list[str]] = [[]]
        self.tables: list[list[Table]] = [[]]
        self.marks: list[list[tuple[int, int]]] = [[]]  # per page: (line number, column) of each reference label
        self.line = ""
        self.line_marks: list[int] = []
        self.next_label = 1

    def new_page(self) -> None:
        self.end_line()
        self.pages.append([])
        self.notes.append([])
        self.tables.append([])
        self.marks.append([])

    def end_line(self) -> None:
        if self.line.strip():
            self.marks[-1].extend((len(self.pages[-1]), col) for col in self.line_marks)
            self.pages[-1].append(self.line)
        self.line = ""
        self.line_marks = []

    def run(self, r, style: str | None) -> None:
        for el in r:
            tag = el.tag
            if tag == qn("w:t"):
                self.line += self.fonts.text(r, style, el.text or "") if self.fonts else el.text or ""
            elif tag == qn("w:softHyphen") and self.fonts:  # byte 0xAD: TCVN3's "ư", else an invisible hyphen
                self.line += self.fonts.text(r, style, SOFT_HYPHEN).replace(SOFT_HYPHEN, "")
            elif tag == qn("w:tab"):
                self.line += "\t"
            elif tag == qn("w:br") and el.get(qn("w:type")) == "page":
                if not self.rendered_breaks:
                    self.new_page()
            elif tag in (qn("w:br"), qn("w:cr")):
                self.end_line()
            elif tag == qn("w:lastRenderedPageBreak") and self.rendered_breaks:
                self.new_page()
            elif tag == qn("w:footnoteReference"):
                label = str(self.next_label)
                self.next_label += 1
                self.line_marks.append(len(self.line))
                self.line += label
                self.notes[-1].append(f"{label} {self.footnotes.get(el.get(qn('w:id')), '')}")

    def paragraph(self, p) -> None:
        """A paragraph's runs; a text box's paragraphs inside it (drawn apart) on lines of their own, read once:
        Word gives a text box twice, as a drawing and as its VML fallback."""
        style = _paragraph_style(p)
        fallback = set(el for fb in p.iter(FALLBACK) for el in fb.iter(qn("w:r"), qn("w:p")))
        for el in p.iter(qn("w:r"), qn("w:p")):
            if el in fallback:
                continue
            if el.tag == qn("w:p"):
                if el is not p:
                    self.end_line()
            else:
                self.run(el, style)
        self.end_line()

    def table(self, tbl) -> None:
        rows = []
        for tr in tbl.iterchildren(qn("w:tr")):
            cells = []
            for tc in tr.iterchildren(qn("w:tc")):
                start = len(self.pages[-1])
                self.block(tc)
                cells.append(" ".join(" ".join(s.split()) for s in self.pages[-1][start:]))
            rows.append(tuple(cells))
        if rows:
            self.tables[-1].append(Table(tuple(rows), page=len(self.pages)))

    def block(self, parent) -> None:
        for child in parent.iterchildren():
            if child.tag == qn("w:p"):
                self.paragraph(child)
            elif child.tag == qn("w:tbl"):
                self.table(child)
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    self.block(content)


def _paragraph_style(p) -> str | None:
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return None if style is None else style.get(qn("w:val"))


def _ascii_font(rpr) -> str | None:
    fonts = None if rpr is None else rpr.find(qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:ascii")) or fonts.get(qn("w:hAnsi"))


class _Fonts:
    """The legacy font each run is set in, and its text in Unicode."""

    def __init__(self, document, body):
        root = document.styles.element
        self.own: dict[str, str | None] = {}
        self.based: dict[str, str] = {}
        self.default_style = None
        for st in root.iterchildren(qn("w:style")):
            sid = st.get(qn("w:styleId"))
            self.own[sid] = _ascii_font(st.find(qn("w:rPr")))
            if (based := st.find(qn("w:basedOn"))) is not None:
                self.based[sid] = based.get(qn("w:val"))
            if st.get(qn("w:type")) == "paragraph" and st.get(qn("w:default")) in ("1", "true"):
                self.default_style = sid
        self.default = _ascii_font(root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}"))
        self.enabled = self._worth_it(body)
        self._paragraph, self._here = None, {}

    def _style_font(self, sid: str | None) -> str | None:
        for _ in range(16):  # a basedOn chain, cut short if it loops
            if sid is None:
                return None
            if font := self.own.get(sid):
                return font
            sid = self.based.get(sid)
        return None

    def font(self, r, style: str | None) -> str | None:
        rpr = r.find(qn("w:rPr"))
        font = _ascii_font(rpr)
        if font is None and rpr is not None and (rstyle := rpr.find(qn("w:rStyle"))) is not None:
            font = self._style_font(rstyle.get(qn("w:val")))
        return font or self._style_font(style or self.default_style) or self.default

    def _worth_it(self, body) -> dict[str, tuple[str, bool]]:
        """(encoding, upper) of the legacy fonts whose runs read better converted, over the whole document (a run
        may be a piece of a word, too short to tell)."""
        runs: dict[str, list[str]] = {}
        for p in body.iter(qn("w:p")):
            style = _paragraph_style(p)
            for r in p.iter(qn("w:r")):
                if (font := self.font(r, style)) and legacy.font_encoding(font):
                    runs.setdefault(font, []).append(_run_text(r))
        chosen = {}
        for font, texts in runs.items():
            upper = legacy.font_encoding(font)[1]
            if enc := legacy.reading(texts, legacy.font_encoding(font)[0], upper, sep=""):
                chosen[font] = (enc, upper)
        return chosen

    def text(self, r, style: str | None, text: str) -> str:
        enc = self.enabled.get(font := self.font(r, style)) if self.enabled else None
        if not enc:
            return text
        p = next(r.iterancestors(qn("w:p")), None)
        if p is not self._paragraph:  # each font's encoding in this paragraph, judged on all its runs there
            self._paragraph, self._here, runs = p, {}, {}
            for run in () if p is None else p.iter(qn("w:r")):
                if (f := self.font(run, style)) in self.enabled:
                    runs.setdefault(f, []).append(_run_text(run))
            for f, texts in runs.items():
                self._here[f] = legacy.own_encoding("".join(texts), *self.enabled[f])
        return legacy.recode(text, self._here.get(font, enc[0]), enc[1])


def _run_text(r) -> str:
    return "".join(el.text or "" if el.tag == qn("w:t") else SOFT_HYPHEN
                   for el in r.iterchildren(qn("w:t"), qn("w:softHyphen")))


def _legacy_fonts(document) -> bool:
    """Whether any style or run of the body names a legacy font (nearly always not: then runs are not looked at)."""
    for root in (document.styles.element, document.element.body):
        for fonts in root.iter(qn("w:rFonts")):
            if any(legacy.font_encoding(fonts.get(qn(a)) or "") for a in ("w:ascii", "w:hAnsi")):
                return True
    return False


def _footnotes(document, fonts: _Fonts | None) -> dict[str, str]:
    for rel in document.part.rels.values():
        if rel.reltype == FOOTNOTES_RELTYPE:
            from lxml import etree

            root = etree.fromstring(rel.target_part.blob)
            notes = {}
            for fn in root.iterchildren(qn("w:footnote")):
                if fn.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                paras = ["".join(fonts.text(r, _paragraph_style(p), _run_text(r)).replace(SOFT_HYPHEN, "")
                                 if fonts else "".join(t.text or "" for t in r.iter(qn("w:t")))
                                 for r in p.iter(qn("w:r"))) for p in fn.iter(qn("w:p"))]
                notes[fn.get(qn("w:id"))] = " ".join(" ".join(p.split()) for p in paras if p.strip())
            return notes
    return {}


def read(path: str, data: bytes, sha256: str) -> Document:
    check_package(path, data)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as e:
        raise ReadError(path, f"damaged DOCX, cannot be opened ({e.__class__.__name__}: {e})") from None
    except Exception as e:  # lxml syntax errors and the like from a corrupt part
        raise ReadError(path, f"damaged DOCX, a part cannot be parsed ({e.__class__.__name__}: {e})") from None
    body = document.element.body
    rendered = body.find(".//" + qn("w:lastRenderedPageBreak")) is not None
    fonts = _Fonts(document, body) if _legacy_fonts(document) else None
    layout = _Layout(_footnotes(document, fonts), rendered, fonts)
    layout.block(body)
    layout.end_line()
    pages = []
    per_page = zip(layout.pages, layout.notes, layout.tables, layout.marks, strict=True)
    for n, (lines, notes, tables, marks) in enumerate(per_page, start=1):
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line) + 1)
        body = "".join(line + "\n" for line in lines)
        pages.append(Page(n, body + "".join(note + "\n" for note in notes), tuple(tables),
                          notes_start=len(body) if notes else None,
                          marks=tuple(starts[line] + col for line, col in marks)))
    pages = tuple(pages)
    if not any(p.text.strip() for p in pages):
        raise ReadError(path, "the document has no text")
    return Document(path, sha256, "docx", pages)

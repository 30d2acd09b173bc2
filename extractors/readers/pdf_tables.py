"""Ruled tables of a PDF page found from PDFium's own drawing objects: each border segment is a thin path;
their edges go through pdfplumber's table geometry (snap, join, intersections, cells, tables), and each cell's
text is PDFium's characters inside it. The same tables pdfplumber finds, without pdfplumber parsing the page
(which cost ~60 ms a page, most of the reading time of a table-heavy PDF)."""

from __future__ import annotations

import pypdfium2.raw as pdfium_c
from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

from ..document import Table
from .pdf_page import Chars, Grid

HYPHEN = "\ufffe"  # PDFium's mark for a hyphen that ends a line: the word goes on the next line
TOLERANCE = 3  # pdfplumber's defaults for snapping, joining and intersecting edges
MIN_EDGE = 3


def path_count(page) -> int:
    """Path objects on the page and in its forms one level down (as get_objects(max_depth=2) walks them),
    counted through PDFium's C calls: pypdfium2's object wrappers cost 8 ms a document on every page."""
    kind, path = pdfium_c.FPDFPageObj_GetType, pdfium_c.FPDF_PAGEOBJ_PATH
    count = 0
    for i in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, i)
        count += kind(obj) == path
        if kind(obj) == pdfium_c.FPDF_PAGEOBJ_FORM:
            count += sum(kind(pdfium_c.FPDFFormObj_GetObject(obj, j)) == path
                         for j in range(pdfium_c.FPDFFormObj_CountObjects(obj)))
    return count


def _edges(page, height: float) -> list[dict]:
    """The four edges of each path object's box, in pdfplumber's coordinates (top down)."""
    out = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        t, b = height - top, height - bottom
        for edge in ({"orientation": "h", "x0": left, "x1": right, "top": t, "bottom": t},
                     {"orientation": "h", "x0": left, "x1": right, "top": b, "bottom": b},
                     {"orientation": "v", "x0": left, "x1": left, "top": t, "bottom": b},
                     {"orientation": "v", "x0": right, "x1": right, "top": t, "bottom": b}):
            edge["width"], edge["height"] = edge["x1"] - edge["x0"], edge["bottom"] - edge["top"]
            out.append(edge)
    return out


def _cell_texts(raw: str, cells: list[list[int]]) -> list[str]:
    """The words of each cell (its characters' PDFium indices, in order)."""
    texts = []
    for members in cells:
        words: list[str] = []
        for k, i in enumerate(members):
            c = "-" if raw[i] == HYPHEN else raw[i]
            last = members[k - 1] if k else None
            if last is None or raw[last + 1: i].strip() == "" and i > last + 1 or raw[last] == HYPHEN:
                words.append(c)
            else:
                words[-1] += c
        texts.append(" ".join(words))
    return texts


def ruled_tables(page, chars: Chars, number: int) -> tuple[list[Table], Grid | None]:
    """The tables of one page as rows of cell texts, and their Grid (None if there is no table)."""
    height = page.get_height()
    edges = [e for e in merge_edges(_edges(page, height), TOLERANCE, TOLERANCE, TOLERANCE, TOLERANCE)
             if (e["width"] if e["orientation"] == "h" else e["height"]) >= MIN_EDGE]
    cells_found = intersections_to_cells(edges_to_intersections(edges, TOLERANCE, TOLERANCE))
    found = []  # (cells top down, their PDF boxes, columns, row tops)
    for cells in cells_to_tables(cells_found):
        cells = sorted(cells, key=lambda c: (c[1], c[0]))  # row by row, as the page reads
        columns = sorted({c[0] for c in cells})
        tops = sorted({c[1] for c in cells})
        if len(tops) >= 2 and len(columns) >= 2:
            found.append((cells, [(x0, height - bottom, x1, height - top) for x0, top, x1, bottom in cells],
                          columns, tops))
    if not found:
        return [], None
    grid = Grid(chars, [boxes for _, boxes, _, _ in found])
    tables = []
    for t, (cells, _, columns, tops) in enumerate(found):
        members = [grid.members.get((t, n), []) for n in range(len(cells))]
        texts = dict(zip(cells, _cell_texts(chars.raw, members), strict=True))
        by_row = {top: {c[0]: texts[c] for c in cells if c[1] == top} for top in tops}
        tables.append(Table(tuple(tuple(by_row[top].get(x, "") for x in columns) for top in tops), page=number))
    return tables, grid

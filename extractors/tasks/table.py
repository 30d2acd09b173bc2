"""Tasks from an appendix task table: TT | Nội dung | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian hoàn thành.

A PDF or DOCX reader hands over the table's cells; plain text has only the table flattened, each row's
cells one after another and sometimes interleaved ("… cắt giảm, không Công an xã; Bộ phận một cửa xã Năm
2025 yêu cầu người dân …"). There a row's lead, partners and deadline are read backwards from its deadline:
the agencies right before it, the first of them leading unless a ';' or ',' joins them into one cell.
Group rows ("II Phục vụ giải quyết thủ tục hành chính … (10 nhiệm vụ)") give each task its group.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from .. import agencies
from ..document import Table
from ..fold import fold
from ..normalize import Text
from .deadline import deadline, forms
from .model import Task, cues, squash, status

ROW_LABEL = regex.compile(r"^\s*(\d{1,3})\.?\s*$")
GROUP_LABEL = regex.compile(r"^\s*([IVXL]{1,5})\.?\s*$")


@lru_cache(maxsize=1)
def _cues() -> tuple[tuple[str, str], ...]:
    """(folded cue, part) for the cues that name a column: lead, partners, deadline; longest first."""
    rows = sorted(cues("lead", "partners", "deadline"), key=lambda r: -len(r[0]))
    return tuple((fold(cue), part) for cue, part in rows)


def _columns(header: tuple[str, ...]) -> dict[str, int] | None:
    """Which column holds what, from the header row's words; None when it is no task table."""
    found: dict[str, int] = {}
    for i, cell in enumerate(header):
        words = fold(squash(cell))
        part = next((p for cue, p in _cues() if cue in words), None)
        if part is None and words in ("tt", "stt", "so tt"):
            part = "label"
        if part is None and ("noi dung" in words or "nhiem vu" in words or "giai phap" in words):
            part = "text"
        if part and part not in found:
            found[part] = i
    return found if {"label", "text", "lead"} <= found.keys() else None


def from_tables(tables: tuple[Table, ...], t: Text) -> list[Task]:
    """The rows of every task table a reader found; a table going on over a page break has no header."""
    out: list[Task] = []
    columns, group, cursor = None, None, 0
    for tbl in tables:
        rows = list(tbl.rows)
        if rows and _columns(rows[0]):
            columns, rows = _columns(rows[0]), rows[1:]
        if columns is None or not rows or len(rows[0]) <= max(columns.values()):
            continue
        for row in rows:
            cell = {part: squash(row[i]) for part, i in columns.items()}
            if GROUP_LABEL.match(cell["label"]):
                group = squash(f"{cell['label']} {cell['text']}")
                continue
            label = ROW_LABEL.match(cell["label"])
            if not label and not cell["label"] and out and not cell["lead"]:
                continue  # a row broken over a page: its text is already in the clean text
            if not label:
                continue
            start, end = _locate(t, cell["text"], cursor)
            cursor = end
            out.append(Task(label[1], cell["text"], tuple(agencies.split(cell["lead"])),
                            tuple(agencies.split(cell.get("partners", ""))), deadline(cell.get("deadline", "")),
                            status(cell["text"]), group, start, end, "table"))
    return out


def _locate(t: Text, cell: str, cursor: int) -> tuple[int, int]:
    """Where a cell's text stands in the clean text: its first words, searched from the row before."""
    words = cell.split()[:6]
    if not words:
        return cursor, cursor
    pattern = regex.compile(r"\s+".join(regex.escape(w) for w in words))
    m = pattern.search(t.text, cursor) or pattern.search(t.text)
    if not m:
        return cursor, cursor
    return m.start(), min(len(t.text), m.start() + len(cell))


# the header row, flattened: "TT Nội dung, nhiệm vụ cụ thể Đơn vị chủ trì Đơn vị phối hợp Thời gian hoàn thành"
FLAT_HEADER = regex.compile(r"(?i)\bS?TT\s+Nội dung[^\n]{0,80}?chủ trì[^\n]{0,40}?(?:phối hợp[^\n]{0,20}?)?"
                            r"(?:Thời gian|Thời hạn|Tiến độ)(?:\s+(?:hoàn thành|thực hiện))?")
# "12. …" at a line's start; "25 Đảm bảo …" (dot forgotten) only where 25 follows 24
FLAT_ROW = regex.compile(r"(?m)^[ \t]*(\d{1,3})(?:\.[ \t]*|[ \t]+(?=\p{Lu}))")
FLAT_GROUP = regex.compile(r"(?<![\p{L}\p{N}])([IVX]{1,5})\s+(?=\p{Lu})([^\n]{3,200}?\(\d{1,3}\s+[\p{L} ]{3,20}\))")


@lru_cache(maxsize=1)
def _deadline_cell() -> regex.Pattern:
    """A deadline cell's text: its form, with the words that may open it ('Hoàn thành trong', 'Trong',
    'Thực hiện') and those that may close it ('và thực hiện thường xuyên', 'cấp trên hướng dẫn')."""
    alternatives = "|".join(f"(?:{p.pattern})" for p, _ in forms()).replace("?P<", "?<_")
    return regex.compile(rf"(?i)(?<![\p{{L}}\p{{N}}])(?:(?:hoàn thành|thực hiện)\s+)?(?:trong\s+|trước\s+|từ\s+)?"
                         rf"(?:{alternatives})(?:\s+(?:và\s+)?(?:{alternatives}))*"
                         rf"(?:[^\n.;]{{0,60}}?(?=\s+\p{{Lu}}|$|\n|\.|;))?")


def from_text(t: Text) -> list[Task]:
    """The task table flattened in plain text (no reader table): rows between their 'N.' labels."""
    text = t.text
    header = FLAT_HEADER.search(text, 0, t.body_end)
    if not header:
        return []
    region_end = t.body_end
    groups = list(FLAT_GROUP.finditer(text, header.end(), region_end))
    # a row opens a line, or follows its group's heading on the same line ("… (03 nhiệm vụ) 25 Đảm bảo …")
    found = sorted([*FLAT_ROW.finditer(text, header.end(), region_end),
                    *(m for g in groups if (m := AFTER_GROUP.match(text, g.end(), region_end)))],
                   key=lambda m: m.start())
    rows: list[regex.Match] = []
    for m in found:
        previous = int(rows[-1][1]) if rows else 0
        # a dotless number must run on from the row before; a repeated one ("34." again in a deadline cell
        # cut by a page break) is the same row
        if ("." in m[0] or int(m[1]) == previous + 1) and int(m[1]) != previous:
            rows.append(m)
    out = []
    for k, row in enumerate(rows):
        end = rows[k + 1].start() if k + 1 < len(rows) else region_end
        inside = [g for g in groups if row.end() <= g.start() < end]
        if inside:
            end = inside[0].start()
        before = [g for g in groups if g.start() < row.start()]
        group = squash(f"{before[-1][1]} {before[-1][2]}") if before else None
        out.append(_flat_row(t, row, end, group))
    return out


AFTER_GROUP = regex.compile(r"[ \t]+(\d{1,3})\.?[ \t]+(?=\p{Lu})")


def _flat_row(t: Text, row: regex.Match, end: int, group: str | None) -> Task:
    chunk = t.text[row.end():end]
    cells = _cells_on_lines(chunk) or _cells_before_deadline(chunk)
    if cells is None:
        return Task(row[1], squash(chunk), (), (), None, status(chunk), group, row.start(), end, "table")
    a, d, e = cells
    lead, partners = _lead_and_partners(chunk[a:d])
    body = squash(chunk[:a] + " " + chunk[e:])
    return Task(row[1], body, tuple(lead), tuple(partners), deadline(chunk[d:e]), status(body), group,
                row.start(), end, "table")


# a deadline cell after the names: a capitalised word that is no agency, after a name's last word
# ("Các cơ quan, ngành liên quan Sau khi Ban chỉ đạo … được thành lập")
NAMES_END = regex.compile(rf"(?<=\b(?:{agencies.LEVEL}|liên quan))\s+(?=\p{{Lu}})")


def _cells_on_lines(chunk: str) -> tuple[int, int, int] | None:
    """Cells that start on a line of their own after the content: (names start, deadline start, end)."""
    lines = list(regex.finditer(r"(?m)^[^\n]*", chunk))
    first = next((m.start() for m in lines[1:] if agencies.starts_agency(m[0].lstrip())), None)
    if first is None:
        return None
    end = len(chunk.rstrip())
    due = next((m.start() for m in _deadline_cell().finditer(chunk, first, end)), end)
    for m in lines:  # a line that does not open with a name is the deadline's
        if first < m.start() < due and m[0].strip() and not agencies.starts_agency(m[0].lstrip()):
            due = m.start()
            break
    for m in NAMES_END.finditer(chunk, first, due):
        if not agencies.starts_agency(chunk, m.end()):
            due = m.end()
            break
    return first, due, end


def _cells_before_deadline(chunk: str) -> tuple[int, int, int] | None:
    """Cells run into the content's line: read back from the deadline to the names before it."""
    for m in _deadline_cell().finditer(chunk):
        agencies_start = _agencies_before(chunk, m.start())
        if agencies_start is not None:
            return agencies_start, m.start(), m.end()
    last = list(_deadline_cell().finditer(chunk))  # a deadline alone on the last line: no agency named
    if last and chunk[last[-1].start() - 1:last[-1].start()] in ("\n", "") and not chunk[last[-1].end():].strip():
        return last[-1].start(), last[-1].start(), last[-1].end()
    return None


FULL_STOP = regex.compile(r"(?<=[\p{Ll}\p{N})])\.\s+(?=\p{Lu})")


@lru_cache(maxsize=1)
def _object() -> regex.Pattern:
    """A preposition or a verb of working together (rules/task_cues.tsv `object`) right before a name: the name is
    the content's ("kết nối với Trung tâm …")."""
    words = "|".join(regex.escape(c) for c, _ in cues("object"))
    return regex.compile(rf"(?i)(?<![\p{{L}}])(?:{words})\s+$")


def _agencies_before(chunk: str, pos: int) -> int | None:
    """Where the run of agency names that ends at `pos` starts, or None if no agency stands right there."""
    start = None
    for m in agencies.heads().finditer(chunk, max(0, pos - 300), pos):
        gap = chunk[m.start() - 2:m.start()] if m.start() >= 2 else ""
        # a name opens the run after a sentence's end, a line break, or a word of the content cell
        if m.start() > 0 and (gap.endswith(("\n", ". ", ".\n")) or regex.search(r"[\p{Ll},)]\s$", gap)) \
                and not _object().search(chunk, 0, m.start()):
            start = m.start()
            break
    if start is None:
        return None
    stop = list(FULL_STOP.finditer(chunk, start, pos))
    return stop[-1].end() if stop else start  # a full stop inside: the cells start after it


def _lead_and_partners(cells: str) -> tuple[list[str], list[str]]:
    """'Công an xã Công chức tư pháp xã' -> lead, partner; 'Công an xã; Bộ phận một cửa xã' is one cell."""
    for m in LINE_BREAK.finditer(cells):  # cells on lines of their own: "Viettel;VNPT…\nCác đơn vị …"
        return agencies.split(cells[:m.start()]), agencies.split(cells[m.end():])
    cells = squash(cells).strip(" .")
    for m in CELL_BREAK.finditer(cells):
        if m.start() > 0:
            return agencies.split(cells[:m.start()]), agencies.split(cells[m.end():])
    return agencies.split(cells), []


# where the lead cell ends and the partners' begins: a new name right after a name that ended with its
# level ("Công an xã Bộ phận …", "UBND xã cơ quan, đơn vị liên quan"); not after a ';' or ',' (one cell),
# nor inside a name ("Công chức chuyên môn UBND xã", "Văn phòng HĐND UBND xã")
LINE_BREAK = regex.compile(r"(?<=[^;,\s])[ \t]*\n(?=[ \t]*\p{Lu})")
CELL_BREAK = regex.compile(rf"(?<=\b{agencies.LEVEL})\s+(?=\p{{Lu}}|các\s|cơ quan|đơn vị)"
                           r"|(?<=\p{Ll})\s+(?=(?:Công an|Cơ quan|Các)\s)")  # "… xã hội Công an xã", "… thuế Cơ quan …"

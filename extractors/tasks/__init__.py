"""Tasks a plan or report assigns: appendix tables (table), items with their cue lines and direction
sections (plan), assignments in running text (running); deadlines normalised (deadline)."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace

import regex

from ..document import Document
from ..normalize import Text
from ..spans import Covered
from .deadline import Deadline, deadline
from .model import Task
from .plan import cued, directed, listed
from .running import assigned
from .table import from_tables, from_text

__all__ = ["Deadline", "Task", "find"]


def find(doc: Document, t: Text, on: str | None = None) -> list[Task]:
    """Every task of a document, in text order: the rows of a reader's task tables, and of the table as
    flattened in the text where the reader found none; then the plan's own items. A deadline written without
    its year ('trước ngày 15/12') takes it from `on`, the document's own date."""
    rows = from_tables(doc.tables, t)
    # rows the reader's tables missed (a table cut by a page break and not found again) from the text
    have = {r.label for r in rows}
    rows += [r for r in from_text(t) if r.label not in have]
    taken = [(r.start, r.end) for r in rows]
    body = [k for k in cued(t) + listed(t) + directed(t) if not any(a <= k.start < b for a, b in taken)]
    taken += [(k.start, k.end) for k in body]
    # then assignments in running text ("Giao … chủ trì, phối hợp với …, trước ngày …") where nothing else found one
    covered, starts = Covered(taken), sorted(a for a, _ in taken)
    body += [k for k in assigned(t) if k.start not in covered
             and bisect_left(starts, k.start) == bisect_left(starts, k.end)]  # no task found inside it either
    return sorted((_dated(k, t.text, on) for k in rows + body), key=lambda k: k.start)


# a date written in full, the context of a deadline without its year where the document's own date is not known
WRITTEN = regex.compile(r"(?<![\p{N}/])(?P<d>\d{1,2})\s?/\s?(?P<m>\d{1,2})\s?/\s?(?P<y>(?:19|20)\d\d)(?!\d)"
                        r"|ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>(?:19|20)\d\d)")


def _dated(task: Task, text: str, on: str | None) -> Task:
    """A deadline without its year in the year of the document's date, else of the last date written before the
    task ('Ngày 08/4/2021, Văn phòng UBND tỉnh … báo cáo trước ngày 30/8' in a news item)."""
    d = task.deadline
    if not d or d.date is not None or d.kind not in ("date", "month", "quarter"):
        return task
    if on is None:
        last = next(reversed(list(WRITTEN.finditer(text, 0, task.start))), None)
        on = last and f"{last['y']}-{int(last['m']):02d}-{int(last['d']):02d}"
    return replace(task, deadline=deadline(d.text, on)) if on else task

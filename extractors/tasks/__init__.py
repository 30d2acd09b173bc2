"""Tasks a plan or report assigns: appendix tables (table), items with their cue lines and direction
sections (plan), assignments in running text (running); deadlines normalised (deadline)."""

from __future__ import annotations

from bisect import bisect_left

from ..document import Document
from ..normalize import Text
from ..spans import Covered
from .deadline import Deadline
from .model import Task
from .plan import cued, directed, listed
from .running import assigned
from .table import from_tables, from_text

__all__ = ["Deadline", "Task", "find"]


def find(doc: Document, t: Text) -> list[Task]:
    """Every task of a document, in text order: the rows of a reader's task tables, and of the table as
    flattened in the text where the reader found none; then the plan's own items."""
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
    return sorted(rows + body, key=lambda k: k.start)

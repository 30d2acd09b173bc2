"""Tasks in the KB, filtered: by lead or partner (spelled any way: "cong an xa" finds "Công an xã Hoằng Kim"),
by document, due before a date, overdue as of a date. A partial deadline counts as due at its period's end
("2025-Q2" on 30 June); recurring and undated tasks are never due."""

from __future__ import annotations

import calendar
import json
from dataclasses import asdict, dataclass
from datetime import date as Date

import sqlite_utils

from ..fold import fold
from ..reports import shown_file

DONE = {"done"}


@dataclass(frozen=True)
class TaskRow:
    """A task as the KB holds it, with its document's path; its fields are the columns of `tasks --csv`."""

    path: str
    page: int | None
    line: int
    label: str | None
    lead: list[str]
    partners: list[str]
    deadline: str | None
    due: str | None
    status: str | None
    group: str | None
    text: str

    def as_dict(self) -> dict:
        return asdict(self)

    def as_csv(self) -> dict:
        """The row of `vanban tasks --csv` (and of a spreadsheet): lists written "a; b"."""
        return {k: "; ".join(v) if isinstance(v, list) else v for k, v in self.as_dict().items()}


def period_end(due: str | None) -> Date | None:
    """The last day a (partial) ISO deadline allows: '2025' -> 2025-12-31, '2025-Q2' -> 2025-06-30."""
    if not due:
        return None
    try:
        if "-Q" in due:
            year, q = due.split("-Q")
            month = int(q) * 3
            return Date(int(year), month, calendar.monthrange(int(year), month)[1])
        parts = [int(p) for p in due.split("-")]
    except ValueError:
        return None
    if len(parts) == 1:
        return Date(parts[0], 12, 31)
    if len(parts) == 2:
        return Date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return Date(*parts)


def _phrase(query: str | None) -> str | None:
    return " ".join(fold(query).split()) if query else None


def _names(units: list[str], phrase: str | None) -> bool:
    return phrase is None or any(phrase in " ".join(fold(u).split()) for u in units)


def tasks(db: sqlite_utils.Database, lead: str | None = None, partner: str | None = None, doc: str | None = None,
          due_before: Date | None = None, overdue_as_of: Date | None = None) -> list[TaskRow]:
    """The KB's tasks that pass every filter given, in document and text order; each report's once, from the file
    shown for it (`doc` names any of its files)."""
    rows = db.execute(
        "select d.path, t.label, t.body, t.lead, t.partners, t.deadline, t.due, t.status, t.grp, t.page, t.line "
        f"from tasks t join documents d on d.id = t.doc_id where {shown_file('d')} and (:doc is null or exists "
        "(select 1 from documents m where m.report_id = d.report_id and "
        "(m.path like '%' || :doc || '%' or m.id like :doc || '%'))) "
        "order by d.path, t.start", {"doc": doc}).fetchall()
    lead_q, partner_q, out = _phrase(lead), _phrase(partner), []
    for path, label, body, leads, partners, deadline, due, status, group, page, line in rows:
        leads, partners = json.loads(leads or "[]"), json.loads(partners or "[]")
        if not (_names(leads, lead_q) and _names(partners, partner_q)):
            continue
        end = period_end(due)
        if due_before and not (end and end < due_before):
            continue
        if overdue_as_of and not (end and end < overdue_as_of and status not in DONE):
            continue
        out.append(TaskRow(path, page, line, label, leads, partners, deadline, due, status, group, body))
    return out

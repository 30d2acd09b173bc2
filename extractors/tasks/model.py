"""A task a plan or report assigns: who leads it, who helps, by when, and how far it is."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

import regex

from ..rules import table
from .deadline import Deadline


@dataclass(frozen=True)
class Task:
    label: str | None  # "1", "(3)", "3.1.1", "a", "-"
    text: str
    lead: tuple[str, ...]
    partners: tuple[str, ...]
    deadline: Deadline | None
    status: str | None  # done | in_progress | not_done | overdue | None
    group: str | None  # the heading the task stands under
    start: int  # clean-text span of the task's text
    end: int
    source: str  # table | plan | direction

    def as_json(self, text) -> dict:
        """The contract's task; `text` is the clean Text it was found in (for its place)."""
        return {"label": self.label, "text": self.text, "lead": list(self.lead), "partners": list(self.partners),
                "deadline": self.deadline.as_dict() if self.deadline else None, "status": self.status,
                "group": self.group, "source": self.source, "place": text.place(self.start, self.end).as_dict()}

    def as_row(self, text) -> dict:
        """The KB's `tasks` row (without doc_id): the lists as JSON, the deadline in three columns."""
        d = self.deadline
        return {"label": self.label, "body": self.text, "lead": json.dumps(self.lead, ensure_ascii=False),
                "partners": json.dumps(self.partners, ensure_ascii=False), "deadline": d.text if d else None,
                "due": d.date if d else None, "due_kind": d.kind if d else None, "status": self.status,
                "grp": self.group, "source": self.source, **text.place(self.start, self.end).as_dict()}


@lru_cache(maxsize=1)
def _status_words() -> tuple[regex.Pattern, dict[str, str]]:
    rows = sorted(table("task_status"), key=lambda r: len(r["phrase"]), reverse=True)
    words = "|".join(regex.escape(r["phrase"]) for r in rows)
    return (regex.compile(rf"(?<![\p{{L}}])(?:{words})(?![\p{{L}}])", regex.IGNORECASE),
            {r["phrase"].lower(): r["status"] for r in rows})


def status(text: str) -> str | None:
    """The progress a task's text reports ('đã hoàn thành' -> done), or None."""
    pattern, meaning = _status_words()
    m = pattern.search(text)
    return meaning[m[0].lower()] if m else None


def squash(text: str) -> str:
    return " ".join(text.split())


def cues(*parts: str) -> list[tuple[str, str]]:
    """(cue, part) rows of rules/task_cues.tsv for the parts asked."""
    return [(r["cue"], r["part"]) for r in table("task_cues") if r["part"] in parts]

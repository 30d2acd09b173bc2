"""When a task is due: 'Hoàn thành trong tháng 7/2025' -> 2025-07 (month), 'Trong quý I/2025' -> 2025-Q1,
'Thực hiện thường xuyên' -> recurring. The forms are rules/deadlines.tsv; the first that matches wins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date
from functools import lru_cache

import regex

from ..rules import table

QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4}


@dataclass(frozen=True)
class Deadline:
    text: str
    date: str | None  # ISO date, or partial: "2025-06", "2025-Q2", "2025"
    kind: str  # date | month | quarter | year | recurring | other

    def as_dict(self) -> dict:
        return {"text": self.text, "date": self.date, "kind": self.kind}


@lru_cache(maxsize=1)
def forms() -> tuple[tuple[regex.Pattern, str], ...]:
    return tuple((regex.compile(r["pattern"], regex.IGNORECASE), r["kind"]) for r in table("deadlines"))


def deadline(text: str, on: str | None = None) -> Deadline | None:
    """The deadline a cell or a 'Thời gian hoàn thành: …' line states; None for an empty text. `on` is the
    document's own date ('2023-11-20', '2023-11', '2023'), the year of a form written without one."""
    text = " ".join(text.split()).strip(" .;,")
    if not text:
        return None
    # the form written first wins: "Tháng 12/2025 (theo Quyết định … ngày 30/5/2023)" is due in December 2025
    found = [(m.start(), rank, m, kind) for rank, (pattern, kind) in enumerate(forms()) if (m := pattern.search(text))]
    if not found:
        return Deadline(text, None, "other")
    _, _, m, kind = min(found, key=lambda f: (f[0], f[1]))
    return Deadline(text, _when(m, kind, on), "month" if kind == "half" else kind)


@lru_cache(maxsize=1)
def _due_words() -> regex.Pattern:
    words = "|".join(regex.escape(r["cue"]) for r in sorted(table("task_cues"), key=lambda r: -len(r["cue"]))
                     if r["part"] == "due")
    return regex.compile(rf"(?<![\p{{L}}])(?i:{words})(?![\p{{L}}])")


def stated(text: str, start: int = 0, end: int | None = None) -> Deadline | None:
    """The deadline a task's words state: at the first due word of rules/task_cues.tsv that a form of
    rules/deadlines.tsv opens or follows ("trước ngày 10/12/2023", "hoàn thành trong tháng 12/2023", "trong 30
    ngày làm việc"); a due word before anything else ("trong quá trình …") states none."""
    end = len(text) if end is None else end
    for m in _due_words().finditer(text, start, end):
        # the form may open at the due word, at a word of it ("vào tháng 2-2025") or right after it
        words = [m.start(), *(m.start() + k + 1 for k, ch in enumerate(m[0]) if ch == " "), m.end()]
        if any(opens_with_form(text[at:end]) for at in words):
            return deadline(text[m.start():end])
    return None


def recurring(text: str) -> Deadline | None:
    """A recurring deadline the text names ('thực hiện thường xuyên', 'báo cáo định kỳ hằng quý')."""
    return next((Deadline(m[0], None, "recurring") for pattern, kind in forms()
                 if kind == "recurring" and (m := pattern.search(text))), None)


def opens_with_form(text: str) -> bool:
    """Whether a text starts with a deadline form of the table, "other" ones included ("trong vòng 30 ngày …",
    "theo lộ trình …"): running text states a deadline there, not just any word after "trước"."""
    text = " ".join(text.split())
    return any(pattern.match(text) for pattern, _ in forms())


def _year(m: regex.Match, kind: str, on: str | None) -> str | None:
    """The year a form without one means: the document's, or the next where its day or month is already past at
    the document's date ('trước ngày 15/1' in a letter of 20/12/2023 is 2024-01-15)."""
    if not on or kind not in ("date", "month", "quarter"):
        return None
    y, seen = int(on[:4]), on[5:]
    month = int(m["m"]) if kind != "quarter" else 3 * QUARTERS[m["q"].upper()]
    due = f"{month:02d}-{int(m['d']):02d}" if kind == "date" else f"{month:02d}-31"
    return str(y + 1 if seen and due < seen[:5] else y)


def _when(m: regex.Match, kind: str, on: str | None = None) -> str | None:
    y = m.groupdict().get("y") or _year(m, kind, on)
    if y is None and kind in ("date", "month", "quarter"):
        return None
    if kind == "date":
        try:
            return Date(int(y), int(m["m"]), int(m["d"])).isoformat()
        except ValueError:  # "30/2/2025": keep the month it names
            return f"{y}-{int(m['m']):02d}" if 1 <= int(m["m"]) <= 12 else None
    if kind == "month":
        return f"{y}-{int(m['m']):02d}" if 1 <= int(m["m"]) <= 12 else None
    if kind == "quarter":
        return f"{y}-Q{QUARTERS[m['q'].upper()]}"
    if kind == "half":
        return f"{y}-06" if y else None
    if kind == "year":
        return y
    return None

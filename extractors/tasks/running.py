"""Tasks assigned in running text, as meeting-conclusion notices, directives and letters write them: "Giao UBND
thành phố Buôn Ma Thuột chủ trì, phối hợp với Sở Xây dựng rà soát …, báo cáo UBND tỉnh trước ngày 10/12/2023",
"đề nghị UBND thành phố … chủ trì, phối hợp với Ban Tôn giáo tỉnh …", "Sở Y tế chịu trách nhiệm …", "Giám đốc
các sở … chịu trách nhiệm thi hành Quyết định này". The words are rules/task_cues.tsv's (assign, charge,
official, verb, due); the lead is an agency (rules/agencies.tsv) or an official's title.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from .. import agencies
from ..normalize import Text
from ..rules import alternation
from .deadline import deadline
from .model import Task, cues, squash, status
from .plan import names

# a task runs to its sentence's end, over ';' ("…; giới thiệu kiểm điểm …, báo cáo … trong tháng 12/2023.")
SENTENCE = regex.compile(r"(?:[^.\n]|\.(?=\S))+(?:\.|\n|$)")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, regex.Pattern]:
    words = {part: alternation(c for c, _ in cues(part)) for part in ("assign", "charge", "official", "verb", "due")}
    leader = rf"(?:(?:các\s+)?{agencies.heads().pattern}|(?:{words['official']})(?![\p{{L}}]))"
    return {
        "assign": regex.compile(rf"(?<![\p{{L}}])(?i:{words['assign']})\s+(?=(?i:các\s+)?{leader})"),
        "charge": regex.compile(rf"\G\s*(?:(?:Điều\s+)?\d+[.)]\s*|[-–+]\s*)?(?={leader})"),
        "charged": regex.compile(rf"\s(?:{words['charge']})(?![\p{{L}}])"),
        "verb": regex.compile(rf"\s(?:{words['verb']})(?![\p{{L}}])|[:;]|,\s+(?=\p{{Ll}})"),
        "partners": regex.compile(r"(?i:phối\s+hợp\s+với|phối\s+hợp\s+cùng)\s+"),
        "due": regex.compile(rf"(?<![\p{{L}}])(?i:{words['due']})(?![\p{{L}}])"),
        "official": regex.compile(rf"[,;]\s*(?=(?:{words['official']})(?![\p{{L}}]))"),
    }


def _names(text: str) -> list[str]:
    """The agencies and officials a clause names: 'Chánh Văn phòng UBND tỉnh, Giám đốc Sở Tư pháp, Thủ trưởng
    các sở, ban, ngành' is three (an official's title opens a name of its own)."""
    return [n for part in _patterns()["official"].split(text) for n in names(part)]


def _lead(text: str, start: int, end: int) -> tuple[list[str], int]:
    """The agencies named from `start` up to the first verb that ends a name, and where they end."""
    stop = _patterns()["verb"].search(text, start, end)
    stop_at = stop.start() if stop else end
    return _names(text[start:stop_at]), stop_at


def _partners(text: str, start: int, end: int) -> list[str]:
    m = _patterns()["partners"].search(text, start, end)
    return _lead(text, m.end(), end)[0] if m else []


def _due(text: str, start: int, end: int):
    m = _patterns()["due"].search(text, start, end)
    if m is None:
        return None
    found = deadline(text[m.start():end])
    return found if found and found.kind != "other" else None


def assigned(t: Text) -> list[Task]:
    """Every clause that assigns a task to a named agency or official, with its partners and deadline."""
    text, out, p = t.text, [], _patterns()
    for clause in SENTENCE.finditer(text):
        a, b = clause.span()
        m = p["assign"].search(text, a, b)
        if m:
            lead, after = _lead(text, m.end(), b)
        elif (opens := p["charge"].match(text, a, b)) and (charged := p["charged"].search(text, opens.end(), b)):
            lead, after = _names(text[opens.end():charged.start()]), charged.end()
        else:
            continue
        lead = [x for x in lead if len(x.split()) <= 12]
        if not lead:
            continue
        body = squash(text[a:b])
        out.append(Task(None, body, tuple(lead), tuple(_partners(text, after, b)), _due(text, after, b),
                        status(body), None, a, b, "running"))
    return out

"""Tasks assigned in running text, as meeting-conclusion notices, directives and letters write them: "Giao UBND
thành phố Buôn Ma Thuột chủ trì, phối hợp với Sở Xây dựng rà soát …, báo cáo UBND tỉnh trước ngày 10/12/2023",
"đề nghị UBND thành phố … chủ trì, phối hợp với Ban Tôn giáo tỉnh …", "Sở Y tế chịu trách nhiệm …", "Giám đốc
các sở … chịu trách nhiệm thi hành Quyết định này". The words are rules/task_cues.tsv's (assign, charge,
official, verb, due); the lead is an agency (rules/agencies.tsv) or an official's title.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

import regex

from .. import agencies
from ..normalize import Text
from ..rules import alternation
from .deadline import stated
from .model import Task, cues, squash, status
from .plan import LABEL, names

# a task runs to its sentence's end, over ';' ("…; giới thiệu kiểm điểm …, báo cáo … trong tháng 12/2023.")
SENTENCE = regex.compile(r"(?:[^.\n]|\.(?=\S))+(?:\.|\n|$)")
BLANK_LINES = regex.compile(r"\n*")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, regex.Pattern]:
    words = {part: alternation(c for c, _ in cues(part))
             for part in ("assign", "charge", "official", "verb", "collective", "opening", "aspect",
                          "modal", "received", "partner")}
    # an agency, an official's title, or "các cơ quan, đơn vị …" (a group named in lower case after "các")
    leader = (rf"(?:(?:các\s+)?(?:đồng\s+chí\s+)?(?:{agencies.heads().pattern}|(?:{words['official']})(?![\p{{L}}]))"
              rf"|các\s+(?:{words['collective']})(?![\p{{L}}]))")
    return {
        "assign": regex.compile(rf"(?<![\p{{L}}])(?<!(?i:{words['received']})\s)(?i:{words['assign']})\s+"
                                rf"(?=(?i:các\s+)?{leader})"),
        # a later assignment of the same sentence: "Giao UBND tỉnh tổ chức thực hiện; giao Thường trực HĐND …"
        "again": regex.compile(rf";\s*(?:(?i:{words['opening']}),\s*)?"
                               rf"(?=(?i:{words['assign']})\s+(?:các\s+)?{leader})"),
        "charge": regex.compile(rf"\G\s*(?:(?:Điều\s+)?\d+[.)]\s*|[-–+]\s*)?(?:(?:{words['opening']}),\s*)?"
                                rf"(?={leader})"),
        "charged": regex.compile(rf"(?<!\s(?:{words['aspect']}))\s(?:(?:{words['modal']})\s+)?"
                                 rf"(?:{words['charge']})(?![\p{{L}}])"),
        # a comma before lower case ends a name, unless a group follows ("các cơ quan, đơn vị, các ngành …")
        "verb": regex.compile(rf"\s(?:{words['verb']})(?![\p{{L}}])|[:;]"
                              rf"|,\s+(?=\p{{Ll}})(?!(?:các\s+)?(?:{words['collective']})(?![\p{{L}}]))"),
        "partners": regex.compile(rf"(?i:{words['partner']})\s+"),
        "official": regex.compile(rf"[,;]\s*(?=(?:{words['official']})(?![\p{{L}}]))"),
        "clause": regex.compile(r"[,–]\s+"),
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


def _clauses(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """A sentence's assignments: one, or one per "; giao …" after the first."""
    cuts = [m.end() for m in _patterns()["again"].finditer(text, a, b)]
    return list(zip([a, *cuts], [*cuts, b], strict=True))


def _task(text: str, a: int, b: int) -> Task | None:
    """The task one clause assigns, placed where the assigning clause starts ("Chánh án … yêu cầu Chánh án Tòa án
    các cấp …" after a long "Để …," opening), or None."""
    p = _patterns()
    m = p["assign"].search(text, a, b)
    if m:
        lead, after = _lead(text, m.end(), b)
        start, due_from = max([a, *(c.end() for c in p["clause"].finditer(text, a, m.start()))]), after
    elif (opens := p["charge"].match(text, a, b)) and (charged := p["charged"].search(text, opens.end(), b)):
        lead, after, start = _names(text[opens.end():charged.start()]), charged.end(), a
        # the deadline may stand before the charge word ("… Ban Bí thư Trung ương Đoàn chuẩn bị báo cáo … vào
        # tháng 2-2025 …, yêu cầu khẩn trương …")
        due_from = opens.end()
    else:
        return None
    lead = [x for x in lead if len(x.split()) <= 12]
    if not lead:
        return None
    body = squash(text[start:b])
    return Task(None, body, tuple(lead), tuple(_partners(text, after, b)), stated(text, due_from, b),
                status(body), None, start, b, "running")


def _items(text: str, after: int) -> list[tuple[str, int, int]]:
    """The labelled items ("1. …", "a) …", "- …") that follow a sentence ending in a colon at `after`, each to
    its paragraph's end, while the next paragraph opens with a label of the first item's kind."""
    out, kind, pos = [], None, after
    while pos < len(text):
        start = BLANK_LINES.match(text, pos).end()
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        item = LABEL.match(text[start:end])
        here = item and next(k for k, v in item.groupdict().items() if v is not None)
        if not item or kind not in (None, here):
            break
        kind, pos = here, end
        out.append((item[kind], start, end))
    return out


def _listed(text: str, opening: Task, after: int) -> list[Task]:
    """An assignment that opens a list ("…, Chủ tịch UBND tỉnh yêu cầu Giám đốc các sở, … tập trung triển khai
    thực hiện các nội dung sau:" then "1. …", "2. …"): each item is a task of the opening's leads, unless it
    assigns its own."""
    out = []
    for label, a, b in _items(text, after):
        body = squash(LABEL.sub("", text[a:b], count=1))
        if label in "-+•–":
            return []  # dashed items are the parts of the one task the opening assigns
        # an item that opens with an agency ("1. Sở Kế hoạch và Đầu tư - cơ quan thường trực …") is that one's
        named = agencies.starts_agency(body) and _lead(body, 0, len(body))[0]
        own = None if named else _task(text, a, b)
        lead = named or (own.lead if own else opening.lead)
        out.append(Task(label, body, tuple(lead), opening.partners if lead == opening.lead else (),
                        stated(text, a, b), status(body), squash(text[opening.start:after]), a, b, "running"))
    return out


def _restates(first: Task, later: Task) -> bool:
    """A later task puts the head of the first one's lead in charge of it ("Giao Sở Kế hoạch và Đầu tư chủ trì …",
    then "… yêu cầu Giám đốc Sở Kế hoạch và Đầu tư triển khai thực hiện"); the same agency named again is a task
    of its own."""
    fold = [{"".join(x.split()).casefold() for x in k.lead} for k in (first, later)]
    return any(y != x and y.endswith(x) for x in fold[0] for y in fold[1])


def assigned(t: Text) -> list[Task]:
    """Every clause that assigns a task to a named agency or official, with its partners and deadline. A task
    without one takes the deadline of the sentences after it in its paragraph that assign nothing themselves
    ("Giao Sở Công Thương chủ trì … . Trình UBND tỉnh trước ngày 10/8/2018 …"); one to the head of an earlier
    task's lead in the same paragraph restates it (see _restates)."""
    text, out = t.text, []
    sentences = [s.span() for s in SENTENCE.finditer(text)]
    paragraph: list[int] = []  # where the paragraph's tasks so far are in `out`
    listed_to = 0  # the end of the items of a list an assignment opened: read as its tasks already
    for i, (a, b) in enumerate(sentences):
        if a < listed_to:
            continue
        found = [k for c in _clauses(text, a, b) if (k := _task(text, *c))]
        if found and text[a:b].rstrip().endswith(":") and (items := _listed(text, found[-1], b)):
            found[-1:], listed_to = items, items[-1].end
        if found and found[-1].deadline is None and not text[a:b].endswith("\n"):
            for c, d in sentences[i + 1:]:
                if _task(text, c, d):
                    break
                if due := stated(text, c, d):
                    found[-1] = replace(found[-1], deadline=due)
                    break
                if text[c:d].endswith("\n"):
                    break
        for k in found:
            if (first := next((j for j in paragraph if _restates(out[j], k)), None)) is None:
                paragraph.append(len(out))
                out.append(k)
            elif out[first].deadline is None and k.deadline is not None:
                out[first] = replace(out[first], deadline=k.deadline)
        if text[a:b].endswith("\n"):
            paragraph = []
    return out

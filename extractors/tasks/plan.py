"""Tasks a plan assigns in its body.

- items followed by their own cue lines: "(2) Tổ chức xây dựng Cơ sở dữ liệu đất đai …" / "Đơn vị chủ trì:
  Sở Tài nguyên và Môi trường." / "Đơn vị phối hợp: …" / "Thời gian thực hiện: Trong năm 2025.";
- direction sections (a heading with words from rules/task_cues.tsv `section`: "TỔ CHỨC THỰC HIỆN"), where
  "2. Sở Nội vụ" or "3. Giao Công an tỉnh" assigns that agency the items under it ("- …", "a) …", paragraphs).
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache

import regex

from .. import agencies
from ..normalize import Text
from .deadline import Deadline, deadline, recurring, stated
from .model import Task, cues, squash, status

LABEL = regex.compile(r"^\s*(?:\((?P<paren>\d{1,2})\)|(?P<dotted>\d{1,2}(?:\.\d{1,2}){1,3})\.?(?=\s)|"
                      r"(?P<num>\d{1,2})\.(?=\s)|(?P<letter>[a-zđ])\)|(?P<dash>[-+•–]))\s*")
GROUP_COUNT = regex.compile(r"\(\d{1,3}\s+nhiệm vụ\)")
ROMAN = regex.compile(r"^\s*[IVX]{1,5}\.\s")


@lru_cache(maxsize=1)
def _cue_line() -> regex.Pattern:
    rows = sorted(cues("lead", "partners", "deadline"), key=lambda r: -len(r[0]))
    alternatives = "|".join(rf"(?P<{part}_{i}>{regex.escape(cue)})" for i, (cue, part) in enumerate(rows))
    return regex.compile(rf"(?i)\s*(?:[-+•–]\s*)?(?:{alternatives})\s*:\s*")  # matched at a line's start


def _part(m: regex.Match) -> str:
    return next(name.rsplit("_", 1)[0] for name, value in m.groupdict().items() if value is not None)


def _lines(t: Text) -> list[tuple[int, int]]:
    """(start, end) of each body line of the clean text; a cue run on into a line ('… trực tuyến Đơn vị chủ
    trì: Sở …', where the plain text lost the line break) starts a line of its own."""
    out, pos = [], 0
    for line in t.text[: t.body_end].split("\n"):
        # a cue ends with a colon: a line without one is not searched (the pattern tries every space)
        cuts = [pos + m.start() + 1 for m in _cue_inside().finditer(line)] if ":" in line else []
        for a, b in zip([pos, *cuts], [*cuts, pos + len(line)], strict=True):
            out.append((a, b))
        pos += len(line) + 1
    return out


@lru_cache(maxsize=1)
def _cue_inside() -> regex.Pattern:
    words = "|".join(regex.escape(c) for c, p in cues("lead", "partners", "deadline") if " " in c)
    return regex.compile(rf"(?<=[\p{{L}}\p{{N}}.)])\s(?=(?:{words})\s*:)")


def _label(text: str) -> tuple[str | None, str | None]:
    """(label, kind) of a line: ('(2)', 'paren'), ('3.1.1', 'dotted'), ('2', 'num'), ('a', 'letter'), ('-', 'dash')."""
    m = LABEL.match(text)
    if not m:
        return None, None
    kind = next(k for k, v in m.groupdict().items() if v is not None)
    value = m[kind]
    return (f"({value})" if kind == "paren" else value), kind


@lru_cache(maxsize=1)
def _name_words() -> tuple[regex.Pattern, regex.Pattern]:
    ends = _alternation("name_end")
    drops = _alternation("name_drop")
    return (regex.compile(rf"\s+(?:{ends})(?![\p{{L}}]).*$", regex.IGNORECASE | regex.DOTALL),
            regex.compile(rf"^(?:{drops})\s+"))


def names(cell: str) -> list[str]:
    """The agencies a cue line names, without what follows a name ('… triển khai rà soát …') or a
    parenthesis saying what the agency does ('Sở Nội vụ (tham mưu Kế hoạch …)')."""
    end, drop = _name_words()
    out = []
    for unit in agencies.split(cell):
        unit = regex.sub(r"\s*\(\p{Ll}[^()]*\)", "", unit)
        unit = end.sub("", drop.sub("", unit)).strip(" .;,")
        if unit:
            out.append(unit)
    return out


def cued(t: Text) -> list[Task]:
    """Items each followed by its 'Đơn vị chủ trì: …' line (and partners and deadline lines)."""
    lines = _lines(t)
    text = t.text
    out, floor, last_item = [], 0, -1
    headings = _headings(text, lines)
    i = 0
    while i < len(lines):
        a, b = lines[i]
        m = _cue_line().match(text, a, b)
        if not m or _part(m) != "lead":
            if _label(text[a:b])[1] in ("paren", "dotted", "num"):
                last_item = i  # the nearest '(n)' or 'n.n.n.' line so far: where a cue's item starts
            i += 1
            continue
        first = last_item if last_item >= floor else None
        if first is None:
            i += 1
            continue
        parts: dict[str, list[str]] = {"lead": [], "partners": [], "deadline": []}
        j, part = i, None
        while j < len(lines):  # the cue lines and the lines running on from them
            c, d = lines[j]
            cm = _cue_line().match(text, c, d)
            label, kind = _label(text[c:d])
            if cm:
                part = _part(cm)
                parts[part].append(text[cm.end():d])
            elif part and not label and part != "deadline":
                parts[part].append(text[c:d])
            elif part and kind == "dash" and j > i:
                break
            else:
                break
            j += 1
        start, end = lines[first][0], lines[i][0] - 1
        label, kind = _label(text[start:end])
        body = squash(LABEL.sub("", text[start:end], count=1))
        due = (deadline(" ".join(parts["deadline"])) or Deadline("", None, "other")) if parts["deadline"] else None
        out.append(Task(label.strip("()") if kind == "dotted" else label, body,
                        tuple(n for cell in parts["lead"] for n in names(cell)),
                        tuple(n for cell in parts["partners"] for n in names(cell)),
                        due, status(body), _group(text, lines, headings, first, kind), start, end, "plan"))
        floor, i = j, j
    return out


def _headings(text: str, lines: list[tuple[int, int]]) -> list[int]:
    """The lines that may head a group of items: numbered ('3.1.', '2.') or Roman ('II.')."""
    return [k for k, (a, b) in enumerate(lines)
            if _label(text[a:b])[1] in ("dotted", "num") or ROMAN.match(text[a:b])]


def _group(text: str, lines: list[tuple[int, int]], headings: list[int], first: int, kind: str | None) -> str | None:
    """The heading above an item: for '(n)' the nearest numbered heading; for '3.1.1' its parent '3.1.'."""
    own, _ = _label(text[lines[first][0]:lines[first][1]])
    depth = own.count(".") if own and kind == "dotted" else 99
    for k in reversed(headings[: bisect_left(headings, first)]):
        line = text[lines[k][0]:lines[k][1]]
        label, other = _label(line)
        if ROMAN.match(line) or (label.count(".") if other == "dotted" else 0) < depth:
            return squash(line)
    return None


def _alternation(*kinds: str) -> str:
    """The cue words of these kinds (rules/task_cues.tsv) as a regex alternation, the longest first."""
    return "|".join(regex.escape(c) for c, _ in sorted(cues(*kinds), key=lambda r: -len(r[0])))


@lru_cache(maxsize=16)
def _cued(shape: str, *kinds: str) -> regex.Pattern:
    """`shape` with the cue words of these kinds in place of {w}."""
    return regex.compile(shape.replace("{w}", _alternation(*kinds)))


def _opens_task() -> regex.Pattern:
    """What opens the task text run on after an agency heading: 'Chủ trì, …', 'Phối hợp …'."""
    return _cued(r"(?i)(?:{w})(?![\p{L}])", "lead", "partners", "name_end")


def _closing() -> regex.Pattern:
    return _cued(r"(?i)(?<![\p{L}])(?:{w})(?![\p{L}])", "closing")


def _section_heading() -> regex.Pattern:
    return _cued(r"(?i)^\s*(?:[IVX]{1,5}\.\s*)?[^\n]{0,40}(?:{w})", "section")


def _section_opening() -> regex.Pattern:
    """The words that end the sentence opening a directive's tasks by agency ('… Chủ tịch UBND tỉnh yêu cầu:')."""
    return _cued(r"(?i)(?<![\p{L}])(?:{w})\s*:\s*$", "section_opening")


def _first_verb() -> regex.Pattern:
    return _cued(r"\s(?:{w})(?![\p{L}])", "verb")


def _opening_agencies(line: str) -> str | None:
    """The agencies a paragraph opens with, up to its first verb ('Các Sở, ban ngành …, UBND các huyện, thành phố
    tiếp tục thực hiện …'), or None where it does not open with one."""
    line = line.strip()
    verb = _first_verb().search(line)
    if not verb or not agencies.starts_agency(line) or len(line[:verb.start()].split()) > 30:
        return None
    return line[:verb.start()].strip(" ,;:")


def _new_subject(line: str) -> bool:
    """A paragraph that opens with an agency or an official: it says what that one does, not the heading's."""
    line = line.lstrip()
    return agencies.starts_agency(line) or any(line.startswith(c) for c, _ in cues("official"))


def listed(t: Text) -> list[Task]:
    """The items under a heading of tasks ('2. Nhiệm vụ chung …' then '2.1. …' … '2.11. …') that have no cue
    lines of their own (those are `cued`): tasks for whoever the heading addresses, lead not named."""
    lines = _lines(t)
    text = t.text
    words = _alternation("task_list")
    heading = regex.compile(rf"(?i)(?:{words})")
    out, parent, current = [], None, None

    def close(k: int) -> None:
        if current is None or GROUP_COUNT.search(text, *lines[current]):
            return  # "2.1. Về pháp lý (03 nhiệm vụ);" names a group of tasks, it is none itself
        if not any(_cue_line().match(text, *lines[j]) for j in range(current, k)):
            start, end = lines[current][0], lines[k - 1][1]
            label, _ = _label(text[start:end])
            body = squash(LABEL.sub("", text[start:end], count=1))
            out.append(Task(label, body, (), (), _stated_deadline(body), status(body), parent[1], start, end, "plan"))

    for k, (a, b) in enumerate(lines):
        line = text[a:b]
        label, kind = _label(line)
        if kind in ("num", "dotted") or ROMAN.match(line):
            child = (parent and kind == "dotted" and label.startswith(parent[0] + ".")
                     and label.count(".") == parent[0].count(".") + 1)
            close(k)
            current = k if child else None
            if not child:
                parent = (label, squash(line)) if kind and heading.search(line) else None
    close(len(lines))
    return out


def directed(t: Text) -> list[Task]:
    """'2. Sở Nội vụ' in a direction section, and the items under it: tasks that agency leads. A heading
    that runs on into its task ('4. Giao Công an xã chủ trì, phối hợp … có trách nhiệm:') is one task,
    its dashed items part of it."""
    lines = _lines(t)
    text = t.text
    out: list[Task] = []
    agency, group, in_section, whole = None, None, False, False
    for a, b in lines:
        line = text[a:b]
        if ROMAN.match(line) or line.lstrip().startswith("Nơi nhận") or _closing().search(line):
            in_section, agency = bool(_section_heading().match(line)), None
            continue
        if not in_section:
            # "III. TỔ CHỨC THỰC HIỆN:", or a directive's "…, Chủ tịch UBND tỉnh yêu cầu:" before its agencies
            in_section = line.rstrip().endswith(":") and bool(_section_heading().match(line)
                                                               or _section_opening().search(line))
            continue
        label, kind = _label(line)
        if not label and agency and _new_subject(line):
            agency = None  # "Chủ tịch UBND tỉnh yêu cầu Thủ trưởng …" after the agencies' items: not the last one's
        if not label and agency is None and (lead := _opening_agencies(line)):
            # a paragraph of its own under a topic heading: "Các Sở, ban ngành …, UBND các huyện tiếp tục …"
            out.append(_directed(t, lead, group, "", a, b))
            continue
        if kind == "num":
            agency, rest = _heading_agency(LABEL.sub("", line, count=1))
            group, whole = (squash(line[: len(line) - len(rest)]) if agency else None), False
            if agency and rest.strip():
                start = a + len(line) - len(rest)
                # run on in the same paragraph of the source, the task is the heading's; on a line of its own
                # (its bullet lost), it is an unlabelled paragraph under it
                own = t.place(a, a + 1).line == t.place(start, start + 1).line
                out.append(_directed(t, agency, group, label, a, b) if own
                           else _directed(t, agency, group, "", start, b))
                whole = rest.rstrip().endswith(":")
            continue
        if agency and squash(line) and not _cue_line().match(line):
            if whole and kind == "dash":
                last = out[-1]
                out[-1] = Task(last.label, squash(f"{last.text} {line}"), last.lead, last.partners, last.deadline,
                               last.status, last.group, last.start, b, last.source)
            else:
                out.append(_directed(t, agency, group, label or "", a, b))
    return out


@lru_cache(maxsize=1)
def _partners() -> regex.Pattern:
    """'phối hợp (với) <names>' in a direction section's item, the names up to a word of `partner_end`."""
    opens = _alternation("partner", "partner_bare")
    ends = _alternation("partner_end")
    return regex.compile(rf"(?i)(?<![\p{{L}}])(?:{opens})\s+(?P<names>[^;.:]+?)(?=\s+(?:{ends})(?![\p{{L}}])|[;.:]|$)")


def _directed(t: Text, agency: str, group: str | None, label: str, start: int, end: int) -> Task:
    body = squash(LABEL.sub("", t.text[start:end], count=1) if label else t.text[start:end])
    due = _stated_deadline(body) or recurring(body)
    helping = _partners().search(body)
    partners = tuple(names(helping["names"])) if helping and agencies.starts_agency(helping["names"]) else ()
    return Task(label, body, tuple(agencies.split(agency)), partners, due, status(body), group, start, end,
                "direction")


def _stated_deadline(body: str):
    """A deadline with a date that the item's own text states ("… gửi về Tổ công tác trong tháng 3/2025"), unlike
    the date of a document it cites ("Nghị định số 45/2020/NĐ-CP ngày 08/4/2020"); recurring words are not enough."""
    due = stated(body)  # a form without its year ('trong tháng 7') gets it where the document's date is known
    return due if due and due.kind in ("date", "month", "quarter", "year") else None


def _heading_agency(text: str) -> tuple[str | None, str]:
    """'Sở Nội vụ' -> the agency; 'Giao Công an tỉnh Chủ trì, phối hợp …' -> the agency and the run-on text."""
    _, drop = _name_words()
    text = drop.sub("", text.strip())
    if not agencies.starts_agency(text):
        return None, text
    words = text.split(" ")
    for n in range(2, len(words)):
        # "Công an tỉnh Chủ trì, …"; in a long heading also "… xã thực hiện và chỉ đạo …"
        if (words[n][:1].isupper() or len(words) > 14) and _opens_task().match(" ".join(words[n:])):
            return " ".join(words[:n]).strip(" .:"), " ".join(words[n:])
    if len(words) <= 14:
        return text.strip(" .:"), ""
    return None, text

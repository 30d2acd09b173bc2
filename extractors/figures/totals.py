"""Total claims: a stated total against its parts ("1.674 thủ tục (cấp tỉnh: 1.377, cấp huyện: 195, cấp xã:
102)", "7.020 tấn, trong đó … 6.670 tấn, … 350 tấn", "gồm …", "đã hoàn thành …, tiếp tục …", "…, còn b",
"gồm: + … + …", ": Khiển trách 32, cảnh cáo 17, khai trừ 9"). Counts of listed items are counts.py's; the
verdicts are judge.py's (a list that does not say it is complete is never an error).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from functools import lru_cache

import regex

from ..rules import alternation, level_alternation, table
from ..spans import Sorted
from . import judge
from .clauses import (
    OF_WHICH,
    ROW_GAP,
    changed,
    counts_as,
    denominator,
    nested,
    numerator,
    previous_sentence,
    sentence_end,
    sentence_start,
    within_parentheses,
)
from .find import Figure
from .judge import Claim
from .percent import cue

PARTS_OPEN = regex.compile(r"\G[^()\d;.]{0,40}?\(")


@lru_cache(maxsize=1)
def _level_label() -> regex.Pattern:
    """'cấp tỉnh:', 'huyện:': a part labelled by its administrative level (rules/levels.tsv, use org)."""
    return regex.compile(rf"(?i:(?<!\p{{L}})(?:cấp\s+)?(?:{level_alternation('org')})\s*:)")


def sums(text: str, figures: Sorted, found: list[Claim]) -> list[Claim]:
    """A total followed by its parts in parentheses: every number inside is a part."""
    out = []
    for total in figures:
        m = PARTS_OPEN.match(text, total.end, total.end + 60)
        if not m or (total.kind == "percent" and not m.group().strip() == "("):
            continue
        close = text.find(")", m.end(), m.end() + 400)
        if close < 0 or "(" in text[m.end():close]:
            continue
        # a rate's parts are rates: "0,42% (do nguyên nhân chủ quan 0,24% và do nguyên nhân khách quan 0,18%)"
        parts = [f for f in figures.between(m.end(), close) if f.end <= close
                 and (f.kind == "percent") == (total.kind == "percent") and not denominator(text, f)]
        if len(parts) < 2 or (total.kind == "duration" and all(p.unit not in (None, total.unit) for p in parts)):
            continue  # "4 năm (trong đó: … 69 dự án; … 220 dự án)": a duration, the parts are not its
        if total.kind == "percent" and any(cue(text, f) for f in [total, *parts]):
            continue  # growth rates do not add up: "5,2% (Trung ương tăng 6,9%; địa phương tăng 1,5%)"
        # "(cấp tỉnh: …, cấp huyện: …)", a breakdown by level, is all of it; "(trong đó: …)" and other labels
        # ("Hà Nội: 5, TP.HCM: 3") may name some parts only
        inside = text[m.end():close]
        labelled = "gồm" in text[total.end:m.end()] or (not OF_WHICH.match(inside.lstrip())
                                                        and len(_level_label().findall(inside)) >= 2)
        out.append(judge.total(total, parts, labelled, total.start, close + 1))
    return out


STATUS = regex.compile(
    r"(?i:đã\s+hoàn\s+thành|đang\s+triển\s+khai|tiếp\s+tục|chưa\s+hoàn\s+thành|còn\s+lại|đã\s+triển\s+khai"
    r"|đang\s+chờ|đang\s+thực\s+hiện|chưa\s+triển\s+khai)"
)


GOES_ON = regex.compile(r"\.?\s*(?i:đến nay|hiện nay|trong đó|kết quả)")


def _parts(text: str, figures: Sorted, start: int, end: int, unit: str | None = None) -> list[Figure]:
    """Figures between start and end that are parts: not rates, not a fraction's denominator; a fraction's
    numerator counts as a part ("đã triển khai 13/19 nhiệm vụ")."""
    out = []
    for f in figures.between(start, end):
        if f.end > end or f.kind == "percent":
            continue
        if denominator(text, f) or changed(text, f):
            continue  # a denominator is the whole, a change ("giảm 140,2 nghìn tấn") no part of it
        if (unit is not None and f.unit != unit or f.unit is None) and not numerator(text, f):
            continue  # a number after a noun names something ("mô hình 8"); a part counts, with its noun
        out.append(f)
    return out


def breakdowns(text: str, figures: Sorted, found: list[Claim]) -> list[Claim]:
    """A total and its parts in the same sentence: after 'trong đó' any figures, else figures counting the
    same thing ('giao 12 nhiệm vụ, đã hoàn thành 06 nhiệm vụ, tiếp tục triển khai 06 nhiệm vụ'); a total
    already checked against its parts is not claimed again."""
    out, taken = [], set()
    totals = {c.start for c in found if c.kind == "sum"}
    for total in figures:
        if total.kind == "percent" or total.start in taken or denominator(text, total) or changed(text, total):
            continue
        end = sentence_end(text, total.end)
        if GOES_ON.match(text, end, end + 20):  # "… 36 mô hình điểm. Đến nay, đã hoàn thành 17 mô hình, …"
            end = sentence_end(text, end + 1)
        # "7.020 tấn, trong đó … 6.670 tấn, … 350 tấn"; "…%. Trong đó, …"; "gồm …"
        parts, complete = _opened_parts(text, figures, total, end)
        if len(parts) < 2:
            parts, complete = _other_parts(text, figures, total, end), False
        if len(parts) < 2:
            continue
        claim = None if total.start in totals else judge.total(
            total, parts, complete, total.start, parts[-1].end, same_things=all(p.unit == total.unit for p in parts))
        if claim:
            out.append(claim)
        if not claim or claim.verdict != "unverifiable":  # an undecided reading leaves its parts free to be totals
            taken |= {p.start for p in parts}
    return out


def _other_parts(text: str, figures: Sorted, total: Figure, end: int) -> list[Figure]:
    """A total's parts in the other shapes of a sentence (none of them says the parts are all of it)."""
    w = OF_WHICH.search(text, total.end, min(end, total.end + 60))
    if w and not regex.search(r"[\d(]", text[total.end:w.start()]):  # "T …, trong đó: …" up to ';'
        clause = text.find(";", w.end(), end)
        return _parts(text, figures, w.end(), end if clause < 0 else clause)
    if (colon := text.find(":", total.end, total.end + 60)) > 0 and INTRODUCED.search(
            text, max(0, total.start - 15), total.start):
        # "Trong số 58.111 trường hợp đã xác minh: … 1.410 trường hợp, … 56.701 trường hợp"
        return _parts(text, figures, colon, end, total.unit)
    if total.unit and (labels := _labelled(text, figures, total, end)):
        return labels  # "58 đảng viên …, bằng các hình thức: Khiển trách 32, cảnh cáo 17, khai trừ 9"
    if total.kind == "count" and total.exact:  # each part with its status: "đã hoàn thành 06 nhiệm vụ"
        return [p for p in _parts(text, figures, total.end, end, total.unit)
                if STATUS.search(text, max(0, p.start - 90), p.end + 25)]
    return []


# what opens a list of parts; ", có 93 giải Nhất, 544 giải Nhì …" only with a number right after it
OPENS_PARTS = regex.compile(r"(?i:trong\s+đó|bao\s+gồm|gồm|(?<=,\s)có(?=\s+\d))(?:\s+có)?\s*[:,]?")


LABELLED = regex.compile(r"(?<=[:,;]\s*|\svà\s)\p{L}+(?:\s+\p{L}+){0,3}\s+$")


def _labelled(text: str, figures: Sorted, total: Figure, end: int) -> list[Figure]:
    """After a colon, numbers each right after its label: ': Khiển trách 32, cảnh cáo 17, khai trừ 9'."""
    colon = text.find(":", total.end, min(end, total.end + 80))
    if colon < 0 or any(f.kind != "percent" for f in figures.between(total.end, colon)):
        return []
    parts = [f for f in figures.between(colon, end) if f.unit is None and f.kind != "percent"
             and LABELLED.search(text, max(colon, f.start - 40), f.start)]
    return parts if len(parts) >= 2 else []


def _opened_parts(text: str, figures: Sorted, total: Figure, end: int) -> tuple[list[Figure], bool]:
    """The parts after 'trong đó'/'gồm' that count what the total counts (or, failing that, one other thing
    together: '144 học sinh đạt giải, trong đó, có 15 giải Nhất, …'), and whether 'gồm' says they are all."""
    opened = total.unit and _opening(text, figures, total, end)
    if not opened:
        return [], False
    w, region = opened
    first = next((f for f in figures.between(w.end(), region) if f.unit and f.kind != "percent"), None)
    for unit in dict.fromkeys([total.unit, first.unit if first else total.unit]):
        parts = [f for f in _parts(text, figures, w.end(), region, unit) if not nested(text, w.end(), f)]
        if parts and (parts[0].start - w.end() > 60 or ";" in text[w.end():parts[0].start]):
            return [], False  # the parts open right after "trong đó"/"gồm", not after a list of names
        if len(parts) >= 2:
            return parts, "gồm" in w.group().lower()
    # each part its own noun ("126 đơn vị hành chính cấp xã, gồm 51 phường và 75 xã"): taken only when they add up
    mixed = [f for f in figures.between(w.end(), region) if f.end <= region and f.unit and f.kind in ("count", None)
             and not (denominator(text, f) or changed(text, f) or nested(text, w.end(), f))]
    if len(mixed) >= 2 and sum(f.value for f in mixed) == total.value:
        return mixed, "gồm" in w.group().lower()
    return [], False


def _opening(text: str, figures: Sorted, total: Figure, end: int) -> tuple[regex.Match, int] | None:
    """Where the parts of a total open ('trong đó', 'gồm'), in its sentence or at the start of the next, with
    nothing but rates between ('… 111.980 tỷ đồng, tăng 22,44% so với cùng kỳ. Trong đó, …'), and where
    they end (that sentence's end)."""
    w = OPENS_PARTS.search(text, total.end, min(len(text), end + 3, total.end + 200))
    after = regex.compile(r"\.[ \t]+").match(text, end)
    if w is None and after:
        w = OPENS_PARTS.match(text, after.end())
    if w is None or any(f.kind != "percent" for f in figures.between(total.end, w.start())):
        return None
    end = sentence_end(text, w.end())
    following = OPENS_PARTS.search(text, w.end(), end)  # another list opens: this one has ended
    return w, following.start() if following else end


REMAINDER_BEFORE = regex.compile(r"(?i:còn\s+lại|hiện\s+còn|còn)\s+$")


REMAINDER_AFTER = regex.compile(r"\G[^\d;.]{0,30}?(?i:còn\s+lại)")


PENDING = regex.compile(r"(?i:đang|chưa)\s+\p{Ll}+(?:\s+\p{Ll}+)?\s+$")


INTRODUCED = regex.compile(r"(?i:đối với|trong số|tổng số)\s+$")


def remainders(text: str, figures: Sorted, found: list[Claim]) -> list[Claim]:
    """What is left states the whole: 'a/T …, còn b …' (T = a + b), '15/19 …; 05/19 … còn lại' (15 + 5 = 19),
    'Đối với T …: … a …, còn b …' (T = a + b). A remainder claims to complete the list, so a
    mismatch is an error."""
    out = []
    for rest in figures:
        if rest.kind == "percent" or rest.approx:
            continue
        before = REMAINDER_BEFORE.search(text, max(0, rest.start - 20), rest.start)
        after = REMAINDER_AFTER.match(text, rest.end, rest.end + 40)
        pending = PENDING.search(text, max(0, rest.start - 30), rest.start)  # "đang xác minh 6.940": not all of it
        if not (before or after or pending):
            continue
        start = max(0, rest.start - 300)
        clause = max((m.end() for m in regex.finditer(r"\.\s|\n", text[start:rest.start])), default=0) + start
        earlier = [f for f in figures.between(clause, rest.start) if f.kind != "percent"]
        fraction = next((f for f in reversed(earlier) if denominator(text, f)), None)
        if fraction is not None:  # the nearest fraction: its numerator and the remainder make its denominator
            total = fraction
            # every numerator over that denominator: "29/44 …; 11/44 …; còn 4 …" (29 + 11 + 4 = 44)
            parts = [f for k, f in enumerate(earlier[:-1]) if denominator(text, earlier[k + 1])
                     and earlier[k + 1].value == total.value]
            if denominator(text, rest):  # "… 05/19 mô hình còn lại": the remainder is itself a fraction
                continue
            if within_parentheses(text, total.end, rest):
                continue  # a name in a list: "6/16 phường … (Phường 4, 5, … và 14), các phường còn lại"
        elif total := next((f for f in earlier if INTRODUCED.search(text, max(0, f.start - 15), f.start)), None):
            parts = [f for f in earlier if f.start > total.end and f.unit == total.unit]
        elif rest.unit and (total := _stated_before(text, figures, rest, clause)):
            # "77 đơn thuộc thẩm quyền. Đến nay đã giải quyết 66 đơn (đạt 85,71%), còn 11 đơn": the whole in the
            # sentence before; only "còn lại" says the parts are all of it
            parts = [f for f in earlier if f.unit == rest.unit and not f.approx]
            before = before if before and "lại" in before.group().lower() else None
        else:
            continue
        parts = parts + [rest]
        if len(parts) >= 2:
            first = min(p.start for p in parts + [total])
            out.append(judge.total(total, parts, bool(before or after), first, rest.end))
    out += _shared_denominators(text, figures)
    return out


def _stated_before(text: str, figures: Sorted, rest: Figure, clause: int) -> Figure | None:
    """The last figure of the remainder's unit in the sentence before the remainder's."""
    return next((f for f in reversed(figures.between(previous_sentence(text, clause), clause))
                 if f.end <= clause and f.unit == rest.unit and f.kind != "percent" and f.exact), None)


def _shared_denominators(text: str, figures: Sorted) -> list[Claim]:
    """'15/19 mô hình …; đối với 05/19 mô hình còn lại': the numerators over one denominator add up to it."""
    out = []
    for last in figures:
        if not (denominator(text, last) and REMAINDER_AFTER.match(text, last.end, last.end + 40)):
            continue
        near = figures.between(last.start - 400, last.end)
        pairs = [(near[k - 1], f) for k, f in enumerate(near) if k and denominator(text, f) and f.value == last.value]
        if len(pairs) < 2:
            continue
        out.append(judge.total(last, [a for a, _ in pairs], True, pairs[0][0].start, last.end))
    return out


ITEMISED = regex.compile(r"\G[^\n\d]{0,20}?(?i:gồm|bao gồm)\s*:\s*\n")


ITEM_LINE = regex.compile(r"\G[ \t]*[+\-•][ \t]*")


def itemised(text: str, figures: Sorted, found: list[Claim]) -> list[Claim]:
    """'1.569 văn bản, gồm:' and one item a line ('+ 511 nghị quyết …', '+ 1.044 quyết định …'): the first
    figure of each item is a part; 'gồm' claims the list is complete."""
    out = []
    for total in figures:
        m = ITEMISED.match(text, total.end, total.end + 40)
        if not m or total.kind == "percent":
            continue
        parts, pos = [], m.end()
        while item := ITEM_LINE.match(text, pos, pos + 10):
            line_end = text.find("\n", item.end())
            line_end = len(text) if line_end < 0 else line_end
            first = figures.between(item.end(), item.end() + 3)
            if not first:
                break
            parts.append(first[0])
            pos = line_end + 1
        if len(parts) >= 2:
            out.append(judge.total(total, parts, True, total.start, parts[-1].end))
    return out


# a sentence that goes on with the parts of the last one's total: "272 đảng viên … bị thi hành kỷ luật. Cụ thể, …"
DETAILED = regex.compile(r"\.?\s*(?i:cụ thể|trong đó|trong số đó|chia ra|bao gồm|gồm)")
BETWEEN_SENTENCES = regex.compile(r"[.\s]*")


def tallies(text: str, figures: Sorted, found: list[Claim]) -> list[Claim]:
    """A total followed by figures that count the same thing and add up to it ("272 đảng viên … Cụ thể, … 215
    đảng viên …; … 57 đảng viên", "1.071.393 thí sinh. Trong đó, số thí sinh … là 1.014.020, …; số … là 57.373",
    a table row "Mức 3 68544 61827 6717"). Nothing in these shapes says which figures are the parts, so a
    total is taken only when the first ones after it add up to it: a guess never raises an alarm."""
    out, used = [], set()
    claimed = {c.start for c in found if c.kind == "sum"}
    for total in figures:
        if total.kind == "percent" or total.start in claimed or total.value < 3 or denominator(text, total):
            continue
        if total.start in used:  # a part of a tally before: "08 học sinh … Toán (04 học sinh), …"
            continue
        end = sentence_end(text, total.end)
        if DETAILED.match(text, end, end + 20):  # the parts go on in the next sentences: "Cụ thể, …; …"
            for _ in range(2):
                end = sentence_end(text, BETWEEN_SENTENCES.match(text, end).end())
        counted = _counted(text, figures, total)
        parts = _tally(text, figures, counted, end)
        if not (parts and _within(total, parts)) and (verb := _done(text, total)):
            # "thụ lý 1.150 vụ …, giải quyết 829 vụ. Trong đó, TAND tỉnh đã thụ lý 165 vụ và đã giải quyết 112
            # vụ …": the parts are done as the total is (the same words before the number)
            parts = _tally(text, figures, counted, end, verb)
        claim = parts and _within(total, parts) and judge.total(total, parts, False, total.start, parts[-1].end)
        if claim and claim.verdict == "ok":
            out.append(claim)
            used |= {p.start for p in parts}
    return out


def _within(total: Figure, parts: list[Figure]) -> bool:
    """The parts as written add up to the total within its own precision: a guessed list must add up, not merely
    overlap it by everyone's rounding ("Hà Nội (138 ngàn người); Đồng Nai (91 ngàn …); Bình Dương (46 ngàn …)")."""
    lo, hi = total.bounds()
    return lo <= sum(p.value for p in parts) <= hi


def _counted(text: str, figures: Sorted, f: Figure) -> Figure:
    """A fraction's numerator counts what its denominator counts: "15/36 trường" counts trường."""
    if f.unit is None and (bar := numerator(text, f)):
        after = figures.between(bar.end(), bar.end() + 1)
        if after and after[0].unit:
            return replace(f, unit=after[0].unit)
    return f


DONE = regex.compile(r"(?<![\p{L}])(\p{Ll}+\s+\p{Ll}+)\s+$")


def _done(text: str, f: Figure) -> str | None:
    """The two words right before a figure that say what was done ('thụ lý', 'hòa giải thành'), or None."""
    m = DONE.search(text, max(0, f.start - 30), f.start)
    return m[1].lower() if m else None


def _tally(text: str, figures: Sorted, total: Figure, end: int, done: str | None = None) -> list[Figure] | None:
    """The first figures after the total that count what it counts (and, given `done`, are done as it is), as far
    as they add up to it (a table row's cells when it names nothing), or None."""
    low, high, parts, previous = Decimal(0), Decimal(0), [], total
    for f in figures.between(total.end, end):
        if f.end > end or f.kind == "percent" or denominator(text, f) or nested(text, total.end, f):
            continue
        if done and _done(text, f) != done:
            continue
        f = _counted(text, figures, f)
        if total.unit is None:  # cells of one row: only blanks between them
            if f.unit is not None or not ROW_GAP.fullmatch(text[previous.end:f.start]):
                return None
        elif not counts_as(text, f, total) or changed(text, f):
            continue  # another thing counted, or a change ("tăng 570 người"), is not a part
        parts.append(previous := f)
        low, high = low + f.bounds()[0], high + f.bounds()[1]
        if len(parts) >= 2 and high >= total.bounds()[0]:
            return parts
        if low > total.bounds()[1]:
            return None
    return None


LABEL_AFTER = regex.compile(r"\s*:")


@lru_cache(maxsize=1)
def _total_after() -> regex.Pattern:
    """A total word right before a figure: 'toàn trường: 758' (rules/totals_after.tsv)."""
    words = alternation(r["word"] for r in table("totals_after"))
    return regex.compile(rf"(?<![\p{{L}}])(?i:{words})\s*(?:là|đạt|có)?\s*:?\s*$")


def totals_after(text: str, figures: Sorted, found: list[Claim]) -> list[Claim]:
    """A total stated after its parts ('Khối 10: 347 hs, khối 11: 214 hs, khối 12: 197 hs; toàn trường: 758'): the
    figures right before it, in its sentence and counting one thing, as far back as they add up to it. Nothing
    says where the parts start, so it is taken only when they add up (a guess never raises an alarm)."""
    out, claimed = [], {c.start for c in found if c.kind == "sum"}
    for total in figures:
        if total.kind == "percent" or total.start in claimed or total.value < 3:
            continue
        if not _total_after().search(text, max(0, total.start - 25), total.start):
            continue
        start = sentence_start(text, total.start)
        parts, low = [], Decimal(0)
        for f in reversed(figures.between(start, total.start)):
            if f.end > total.start or f.kind == "percent" or denominator(text, f) or changed(text, f):
                continue
            if LABEL_AFTER.match(text, f.end) or (parts and f.unit != parts[0].unit):
                continue  # "Khối 10:" names a part; the parts count one thing ("347 hs, … 214 hs")
            parts.insert(0, f)
            low += f.bounds()[0]
            if len(parts) >= 2 and _within(total, parts):
                out.append(judge.total(total, parts, False, parts[0].start, total.end))
                break
            if low > total.bounds()[1]:
                break
    return out

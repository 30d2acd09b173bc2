"""Claims: the arithmetic a report states, recomputed and judged.

- ratio: a fraction with its stated rate ("104.462/108.117 …, đạt tỷ lệ 96,62%", "27.95% (244/ 873)",
  "3.065 … trên tổng số 3.416 …, đạt tỷ lệ 89,7%");
- share: a part with its rate of a total stated before "trong đó";
- sum: a total with its parts ("1.674 thủ tục (cấp tỉnh: 1.377, cấp huyện: 195, cấp xã: 102)", "trong đó …",
  "đã hoàn thành …, tiếp tục …", "…, còn b", "gồm: + … + …"). Counts are in counts.py.

A stated rate is ok when it equals the computed one rounded or truncated to the decimals written; an
approximate one ("hơn 80%") is judged by its direction; what cannot be decided is unverifiable, never
an error.
"""

from __future__ import annotations

import regex

from ..spans import Sorted
from . import judge
from .find import Figure
from .judge import Claim
from .numbers import write
from .percent import cue

WINDOW = 220  # how far before a rate its fraction may stand (one clause of a report)
CLAUSE_END = regex.compile(r"[;\n]|\.\s")
SLASH = regex.compile(r"^\s?/\s?$|^[^\d;/()]{0,80}/[^\d;/()]{0,20}$")  # "a/b", "a hồ sơ trực tuyến/b"
OVER_TOTAL = regex.compile(r"(?i:trên\s+tổng\s+(?:số\s+)?)")
# between a fraction and its rate: a few words, no other figure, no closing parenthesis, no comparison
ADJACENT = regex.compile(r"(?s)(?!.*(?:\)|(?i:so với)))[^;\n]{0,120}$")
OVER = regex.compile(r"(?i:(?<!\p{L})trên\s+$)")  # "a hồ sơ trên b hồ sơ": only between two of one unit


def _ratio(a: Figure, b: Figure, rate: Figure) -> Claim:
    return judge.rate("ratio", [(a, b)], rate, min(a.start, rate.start), max(b.end, rate.end))


def _closing(text: str, pos: int, reach: int = 400) -> int:
    """Where the parenthesis opening right after `pos` closes (nested ones skipped), or -1."""
    opening = text.find("(", pos, pos + 3)
    if opening < 0:
        return -1
    depth = 0
    for i in range(opening, min(len(text), opening + reach)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return i
    return -1


def ratios(text: str, figures: Sorted, found: list[Claim]) -> list[Claim]:
    """A rate with its written fraction. Growth, points and thresholds are never rates of a fraction; an
    attainment of plan is, where the fraction is written with it ("369.882,4 ha/392.069 ha, tương đương với
    94,34% kế hoạch", "đạt 45% kế hoạch (450/1.000 tỷ đồng)")."""
    out, used = [], set()
    for rate in (f for f in figures if f.kind == "percent"):
        kind = cue(text, rate)
        if kind not in (None, "attainment"):
            continue
        # "p% (a/b)", "p% (… a/b)": the fraction in the parentheses right after the rate
        close = _closing(text, rate.end)
        inside = figures.between(rate.end, close) if close > 0 else []
        pair = next(((a, b) for a, b in zip(inside, inside[1:], strict=False)
                     if a.kind != "percent" and text[a.end:b.start].strip() == "/"), None)
        if pair:
            out.append(_ratio(*pair, rate))
            used |= {pair[0].start, pair[1].start}
            continue
        if kind not in (None, "attainment"):
            continue
        # "a …/b …, đạt tỷ lệ p%" or "a … trên tổng số b …, đạt p%": the nearest fraction before the rate, same clause
        clause = max((m.end() for m in CLAUSE_END.finditer(text, max(0, rate.start - WINDOW), rate.start)),
                     default=max(0, rate.start - WINDOW))
        before = [f for f in figures.between(clause, rate.start)
                  if f.kind != "percent" and f.end <= rate.start and f.start not in used]
        for b_i in range(len(before) - 1, 0, -1):
            a, b = before[b_i - 1], before[b_i]
            between = text[a.end:b.start]
            if SLASH.match(between) or OVER_TOTAL.search(between) or (a.unit and a.unit == b.unit
                                                                      and OVER.search(between) and not b.approx):
                if not ADJACENT.match(text[b.end:rate.start]) or b_i != len(before) - 1:
                    break  # the fraction's terms and its rate are one phrase: "a/b …, đạt tỷ lệ p%"
                out.append(_ratio(a, b, rate))
                used |= {a.start, b.start}
                break
    return out


PARTS_OPEN = regex.compile(r"\G[^()\d;.]{0,40}?\(")


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
                 and (f.kind == "percent") == (total.kind == "percent") and not _denominator(text, f)]
        if len(parts) < 2:
            continue
        # "(cấp tỉnh: …, cấp huyện: …)" is all of it; "(trong đó: …)" names some parts only
        inside = text[m.end():close]
        labelled = "gồm" in text[total.end:m.end()] or (":" in inside and not OF_WHICH.match(inside.lstrip()))
        out.append(judge.total(total, parts, labelled, total.start, close + 1))
    return out


SENTENCE_END = regex.compile(r"\.(?:\s|$)|\n")
STATUS = regex.compile(
    r"(?i:đã\s+hoàn\s+thành|đang\s+triển\s+khai|tiếp\s+tục|chưa\s+hoàn\s+thành|còn\s+lại|đã\s+triển\s+khai"
    r"|đang\s+chờ|đang\s+thực\s+hiện|chưa\s+triển\s+khai)"
)
GOES_ON = regex.compile(r"\.?\s*(?i:đến nay|hiện nay|trong đó|kết quả)")
OF_WHICH = regex.compile(r"(?i:trong\s+đó)\s*[:,]?")
SHARE = regex.compile(r"(?i:(?:(?:đạt|chiếm)\s+(?:t[ỷỉ]\s+lệ\s+|khoảng\s+)?|t[ỷỉ]\s+lệ\s+|tương\s+đương\s+))\(?$")


def _sentence_end(text: str, pos: int) -> int:
    m = SENTENCE_END.search(text, pos, pos + 1500)
    return m.start() if m else min(len(text), pos + 1500)


def _inside_parentheses(text: str, f: Figure, before: int) -> bool:
    """The figure stands in parentheses that close before `before`: a part listed with another total."""
    between = text[f.end:before]
    return between.count(")") > between.count("(")


def _denominator(text: str, f: Figure) -> bool:
    return text[max(0, f.start - 2):f.start].strip().endswith("/")


def _parts(text: str, figures: Sorted, start: int, end: int, unit: str | None = None) -> list[Figure]:
    """Figures between start and end that are parts: not rates, not a fraction's denominator; a fraction's
    numerator counts as a part ("đã triển khai 13/19 nhiệm vụ")."""
    out = []
    for f in figures.between(start, end):
        if f.end > end or f.kind == "percent":
            continue
        if _denominator(text, f):
            continue
        over = regex.match(r"\s?/\s?", text[f.end:f.end + 3])
        if (unit is not None and f.unit != unit or f.unit is None) and not over:
            continue  # a number after a noun names something ("mô hình 8"); a part counts, with its noun
        out.append(f)
    return out


def _sentence_start(text: str, pos: int, reach: int = 600) -> int:
    ends = list(SENTENCE_END.finditer(text, max(0, pos - reach), pos))
    return ends[-1].end() if ends else max(0, pos - reach)


def _previous_sentence(text: str, start: int) -> int:
    """Where the sentence before the one starting at `start` starts."""
    end = len(text[:start].rstrip(" \t\n.;"))
    return _sentence_start(text, end) if end > 0 else 0


def shares(text: str, figures: Sorted, found: list[Claim]) -> list[Claim]:
    """'B …, chiếm p%', 'T …, trong đó B … (đạt tỷ lệ p%)', 'B … (p%)': a part with its percentage of a base
    stated before it in the sentence (or, failing that, the sentence before), for rates with no other kind
    (percent.cue) and not already checked against a fraction. Every earlier figure that counts what the part
    counts and is not smaller is an admissible base; the reading is explicit only when there is one and the
    words tie the part to it ("trong đó", "chiếm")."""
    out, used = [], {f.start for c in found for f in figures.between(c.start, c.end) if f.kind == "percent"}
    for rate in figures:
        if rate.kind != "percent" or rate.start in used or cue(text, rate) is not None:
            continue
        said = SHARE.search(text, max(0, rate.start - 25), rate.start)
        if said and (after := TERMS_AFTER.match(text, rate.end)):
            # "Tỷ lệ … đạt 99,68%; trong đó, tổng số hồ sơ đã giải quyết là 175.920 hồ sơ, số hồ sơ đúng hạn là
            # 175.354 hồ sơ": the terms after the rate, every smaller over every larger of one unit
            terms = [f for f in figures.between(after.end(), _sentence_end(text, after.end()))
                     if f.kind != "percent" and f.unit]
            readings = [(a, b) for a in terms for b in terms if a is not b and a.unit == b.unit and a.value <= b.value]
            if readings:
                out.append(judge.rate("share", readings, rate, rate.start, max(b.end for _, b in readings), False))
                continue
        if not (said or text[max(0, rate.start - 2):rate.start].strip() == "("):
            continue
        clause = [f for f in reversed(figures.between(max(0, rate.start - 160), rate.start))
                  if f.kind != "percent" and f.end <= rate.start
                  and not regex.search(r"[;]|\.\s", text[f.end:rate.start])]
        if not clause or rate.value > 100:  # no share is more than its whole
            continue
        if CHANGED.search(text, max(0, clause[0].start - 20), clause[0].start):
            continue  # "giảm 2.676 việc (3,27%)": a change's rate, growths' to read
        # each figure of the clause before the rate may be the part, the nearest first ("… 384.209 vụ với
        # 641.616 bị cáo, đạt tỷ lệ 99,5%": the cases or the accused), each with the bases it admits
        readings = [(part, base) for part in clause for base in _admissible(text, figures, part)]
        part = clause[0]
        if not readings:
            sentence = _sentence_start(text, part.start)
            of_which = list(OF_WHICH.finditer(text, sentence, part.start))
            if of_which:
                # the figure just before "trong đó", counting something else: taken only when the rate checks
                # out against it (a guess must not raise an alarm)
                w = of_which[-1]
                before = [f for f in reversed(figures.between(w.start() - 250, w.start())) if f.end <= w.start()
                          and f.kind == "count" and not _inside_parentheses(text, f, w.start()) and f.value]
                claim = before and judge.rate("share", [(part, before[0])], rate, before[0].start, rate.end, False)
                if claim and claim.verdict == "ok":
                    out.append(claim)
            continue
        parts = {p.start for p, _ in readings}
        # "chiếm" or a bare "(p%)" says the part's share of the total; "đạt tỷ lệ" may be a success rate over
        # a base the text does not give (cases whose mediation ended, not cases received). The reading is
        # explicit only with one part and one base, tied by the words, counting a named thing; not when the
        # rate names another base after it ("chiếm 27,8% số dân"), nor for a change ("tăng …")
        tied = not said or "chiếm" in said.group().lower()
        part, base = readings[0]
        named = NAMED_BASE.match(text, rate.end)  # "chiếm 94,66% tổng số thí sinh" names the base it means
        explicit = (len(readings) == 1 and len(parts) == 1 and tied and base.unit is not None
                    and not (named and base.unit.lower() not in text[named.end():named.end() + 30].lower())
                    and not CHANGED.search(text, max(0, part.start - 20), part.start))
        start = min(b.start for _, b in readings)
        out.append(judge.rate("share", readings, rate, start, rate.end, explicit))
    return out


TERMS_AFTER = regex.compile(r"\G\s*[;,]?\s*(?i:trong\s+đó|cụ\s+thể)\s*[:,]?")


def _admissible(text: str, figures: Sorted, part: Figure) -> list[Figure]:
    """The bases a part admits: in its sentence, else in the sentence before (a total stated in one sentence,
    its parts in the next)."""
    sentence = _sentence_start(text, part.start)
    bases = _bases(text, figures, part, sentence)
    if not bases and sentence > 0:
        bases = _bases(text, figures, part, _previous_sentence(text, sentence))
    return bases


def _bases(text: str, figures: Sorted, part: Figure, start: int) -> list[Figure]:
    """The figures between `start` and the part that may be its base: the same unit, not smaller, not a part
    listed in parentheses of another total, not a sibling with a rate of its own; the nearest first."""
    end = part.start
    return [f for f in reversed(figures.between(start, end)) if f.end <= end
            and f.kind != "percent" and _counts_as(text, part, f) and f.value >= part.value and f.value
            and not _inside_parentheses(text, f, part.start) and not OWN_RATE.match(text, f.end)]


def _counts_as(text: str, part: Figure, base: Figure) -> bool:
    """The part counts what the base counts: the same unit or noun, or a part with no noun after it whose
    noun stands before it ("1.071.393 thí sinh. Trong đó, số thí sinh đăng ký trực tuyến là 1.014.020")."""
    if part.unit == base.unit:
        return True
    if part.unit is not None or base.unit is None:
        return False
    said = text[max(base.end, part.start - 60):part.start]
    return bool(regex.search(rf"(?<!\p{{L}}){regex.escape(base.unit)}(?!\p{{L}})", said))


# a figure with a rate of its own is a sibling of the part, not its base: "9.604 hộ nghèo, chiếm tỷ lệ 3,14%"
OWN_RATE = regex.compile(r"\G[^\d;.()]{0,60}?[,(]\s*(?:(?i:chiếm|đạt|tỷ lệ|tỉ lệ)[^\d;.]{0,12})?\d[\d.,]*\s?%")
NAMED_BASE = regex.compile(r"\G\s*(?i:số|tổng|dân số|của)\s")


def breakdowns(text: str, figures: Sorted, found: list[Claim]) -> list[Claim]:
    """A total and its parts in the same sentence: after 'trong đó' any figures, else figures counting the
    same thing ('giao 12 nhiệm vụ, đã hoàn thành 06 nhiệm vụ, tiếp tục triển khai 06 nhiệm vụ'); a total
    already checked against its parts is not claimed again."""
    out, taken = [], set()
    totals = {c.start for c in found if c.kind == "sum"}
    for total in figures:
        if total.kind == "percent" or total.start in taken or _denominator(text, total):
            continue
        end = _sentence_end(text, total.end)
        if GOES_ON.match(text, end, end + 20):  # "… 36 mô hình điểm. Đến nay, đã hoàn thành 17 mô hình, …"
            end = _sentence_end(text, end + 1)
        w = OF_WHICH.search(text, total.end, min(end, total.end + 60))
        parts, complete = _opened_parts(text, figures, total, end)
        if len(parts) >= 2:  # "7.020 tấn, trong đó … 6.670 tấn, … 350 tấn"; "…%. Trong đó, …"; "gồm …"
            pass
        elif w and not regex.search(r"[\d(]", text[total.end:w.start()]):
            clause = text.find(";", w.end(), end)
            parts = _parts(text, figures, w.end(), end if clause < 0 else clause)
        elif (colon := text.find(":", total.end, total.end + 60)) > 0 and INTRODUCED.search(
                text, max(0, total.start - 15), total.start):
            # "Trong số 58.111 trường hợp đã xác minh: … 1.410 trường hợp, … 56.701 trường hợp"
            parts = _parts(text, figures, colon, end, total.unit)
        elif total.unit and (labels := _labelled(text, figures, total, end)):
            parts = labels  # "58 đảng viên …, bằng các hình thức: Khiển trách 32, cảnh cáo 17, khai trừ 9"
        elif total.kind == "count" and total.exact:  # each part with its status: "đã hoàn thành 06 nhiệm vụ"
            parts = [p for p in _parts(text, figures, total.end, end, total.unit)
                     if STATUS.search(text, max(0, p.start - 90), p.end + 25)]
        else:
            continue
        if len(parts) < 2:
            continue
        taken |= {p.start for p in parts}
        if total.start not in totals:
            out.append(judge.total(total, parts, complete, total.start, parts[-1].end,
                                   same_things=all(p.unit == total.unit for p in parts)))
    return out


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
        parts = [f for f in _parts(text, figures, w.end(), region, unit) if not _nested(text, w.end(), f)]
        if parts and (parts[0].start - w.end() > 60 or ";" in text[w.end():parts[0].start]):
            return [], False  # the parts open right after "trong đó"/"gồm", not after a list of names
        if len(parts) >= 2:
            return parts, "gồm" in w.group().lower()
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
    end = _sentence_end(text, w.end())
    following = OPENS_PARTS.search(text, w.end(), end)  # another list opens: this one has ended
    return w, following.start() if following else end


def _nested(text: str, start: int, f: Figure) -> bool:
    """The figure stands in parentheses opened after `start`: a detail of a part ('222 trường (có 8 …)')."""
    before = text[start:f.start]
    return before.count("(") > before.count(")")


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
        fraction = next((f for f in reversed(earlier) if _denominator(text, f)), None)
        if fraction is not None:  # the nearest fraction: its numerator and the remainder make its denominator
            total = fraction
            # every numerator over that denominator: "29/44 …; 11/44 …; còn 4 …" (29 + 11 + 4 = 44)
            parts = [f for k, f in enumerate(earlier[:-1]) if _denominator(text, earlier[k + 1])
                     and earlier[k + 1].value == total.value]
            if _denominator(text, rest):  # "… 05/19 mô hình còn lại": the remainder is itself a fraction
                continue
        else:
            total = next((f for f in earlier if INTRODUCED.search(text, max(0, f.start - 15), f.start)), None)
            if total is None:
                continue
            parts = [f for f in earlier if f.start > total.end and f.unit == total.unit]
        parts = parts + [rest]
        if len(parts) >= 2:
            first = min(p.start for p in parts + [total])
            out.append(judge.total(total, parts, bool(before or after), first, rest.end))
    out += _shared_denominators(text, figures)
    return out


def _shared_denominators(text: str, figures: Sorted) -> list[Claim]:
    """'15/19 mô hình …; đối với 05/19 mô hình còn lại': the numerators over one denominator add up to it."""
    out = []
    for last in figures:
        if not (_denominator(text, last) and REMAINDER_AFTER.match(text, last.end, last.end + 40)):
            continue
        near = figures.between(last.start - 400, last.end)
        pairs = [(near[k - 1], f) for k, f in enumerate(near) if k and _denominator(text, f) and f.value == last.value]
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


CHANGED = regex.compile(r"(?i:(?<!\p{L})(tăng|giảm)(?:\s+thêm)?)\s+$")
# between a change and its rate: "giảm 106 vụ (giảm 10,28%)", "giảm 36 người chết (giảm 6,91%)", "tăng 538 vụ -
# tương ứng tăng 49,63%", "giảm 225ha (tương ứng giảm 47%)"
CHANGE_RATE = regex.compile(r"(?i)(?:\s+\p{Ll}+){0,3}\s*[(,;]?\s*[-–]?\s*(?:(?:tương\s+ứng|tương\s+đương)\s+)?"
                            r"(?:(?:tăng|giảm)\s+|[-+]\s?)?$")


def growths(text: str, figures: Sorted, found: list[Claim]) -> list[Claim]:
    """A growth or fall whose values are both written: 'N vụ … giảm M vụ (giảm p%)' (the earlier value is
    N + M; N is any earlier figure of M's unit in the sentence or the one before), 'giảm p% (a/b vụ)' (a now,
    b before). Judged by judge.change, which never calls one an error."""
    out = []
    for rate in figures:
        if rate.kind != "percent" or rate.unit != "%":
            continue
        close = _closing(text, rate.end)
        inside = figures.between(rate.end, close) if close > 0 else []
        pair = next(((a, b) for a, b in zip(inside, inside[1:], strict=False)
                     if text[a.end:b.start].strip() == "/"), None)
        if pair and cue(text, rate) == "growth":
            a, b = pair
            if b.value:
                readings = [(f"{_w(a)}/{_w(b)} − 1", abs(a.value / b.value - 1) * 100)]
                out.append(judge.change(rate, readings, {"current": float(a.value), "previous": float(b.value)},
                                        rate.start, close + 1))
            continue
        before = [f for f in figures.between(max(0, rate.start - 80), rate.start) if f.end <= rate.start]
        m = before[-1] if before else None
        if m is None or m.kind == "percent" or m.unit is None or not CHANGE_RATE.fullmatch(text[m.end:rate.start]):
            continue
        direction = CHANGED.search(text, max(0, m.start - 20), m.start)
        if direction is None:
            continue
        sign = 1 if direction[1].lower() == "tăng" else -1
        nows = [f for f in figures.between(_previous_sentence(text, _sentence_start(text, m.start)), m.start)
                if f.end <= direction.start() and f.unit == m.unit and f.kind != "percent" and not f.approx
                and not CHANGED.search(text, max(0, f.start - 20), f.start)]
        op = "−" if sign > 0 else "+"
        readings = [(f"{_w(m)}/({_w(n)} {op} {_w(m)})", m.value / (n.value - sign * m.value) * 100)
                    for n in reversed(nows) if n.value - sign * m.value > 0]
        if readings:
            values = {"change": float(m.value), "current": [float(n.value) for n in nows]}
            out.append(judge.change(rate, readings, values, min(n.start for n in nows), rate.end))
    return out


def _w(f: Figure) -> str:
    return write(f.value, f.decimals)


# The finders, in order; each reads one shape of sentence and sees what the earlier ones found.
FINDERS = (
    ratios,  # a rate with its written fraction: "a/b …, đạt p%", "p% (a/b)", "a trên tổng số b …, đạt p%"
    sums,  # a total with its parts in parentheses: "1.674 thủ tục (cấp tỉnh: 1.377, …)"
    shares,  # a part's rate of a total stated before "trong đó" (rates not checked against a fraction)
    remainders,  # what is left completes the whole: "a/T …, còn b …"
    itemised,  # "T …, gồm:" and one item a line
    breakdowns,  # a total and its parts in one sentence (totals not checked yet)
    growths,  # a growth with both values: "N vụ, giảm M vụ (giảm p%)", "giảm p% (a/b vụ)"
)


def claims(text: str, figures: list[Figure]) -> list[Claim]:
    """The ratios, shares and sums of a text (counts are counts.py's), in text order."""
    figures, found = Sorted(figures), []
    for finder in FINDERS:
        found += finder(text, figures, found)
    return sorted(found, key=lambda c: c.start)

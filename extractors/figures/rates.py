"""Rate claims: a stated percentage against its written terms.

- ratio: a fraction with its stated rate ("104.462/108.117 …, đạt tỷ lệ 96,62%", "27.95% (244/ 873)",
  "3.065 … trên tổng số 3.416 …, đạt tỷ lệ 89,7%");
- share: a part's rate of a base, every admissible (part, base) reading of the sentence tried ("T …, trong
  đó B … (chiếm p%)", "B …, chiếm p%", "đạt p%; trong đó, tổng số … là T, số … là B");
- growth: a growth or fall whose values are both written ("N vụ … giảm M vụ (giảm p%)").
What each percentage is (growth, attainment, …) is percent.py's; the verdicts are judge.py's.
"""

from __future__ import annotations

import regex

from ..spans import Sorted
from . import judge
from .clauses import (
    CHANGED,
    CLAUSE_END,
    OF_WHICH,
    ROW_GAP,
    changed,
    closing,
    counts_as,
    inside_parentheses,
    previous_sentence,
    sentence_end,
    sentence_start,
)
from .find import Figure
from .judge import Claim, written
from .percent import cue, plan_words_end

PER = {100, 1000, 10000, 100000}  # "… máy/100 dân", "… giường bệnh/10.000 dân"
WINDOW = 220  # how far before a rate its fraction may stand (one clause of a report)
SLASH = regex.compile(r"^\s?/\s?$|^[^\d;/()]{0,80}/[^\d;/()]{0,20}$")  # "a/b", "a hồ sơ trực tuyến/b"
OVER_TOTAL = regex.compile(r"(?i:(?:trên|trong)\s+tổng\s+(?:số\s+)?)")
# between a fraction and its rate: a few words, no other figure, no closing parenthesis, no comparison
ADJACENT = regex.compile(r"(?s)(?!.*(?:\)|(?i:so với)))[^;\n]{0,120}$")
OVER = regex.compile(r"(?i:(?<!\p{L})trên\s+$)")  # "a hồ sơ trên b hồ sơ": only between two of one unit


def _ratio(text: str, figures: Sorted, a: Figure, b: Figure, rate: Figure) -> Claim:
    """a/b against its rate; the other figures of b's noun in the sentence may have been taken out of b."""
    sentence = figures.between(sentence_start(text, min(a.start, rate.start)), sentence_end(text, rate.end))
    net_of = [f for f in sentence if b.unit and f.unit == b.unit and f.kind != "percent" and f is not a and f is not b]
    return judge.rate("ratio", [(a, b)], rate, min(a.start, rate.start), max(b.end, rate.end), net_of=net_of)


def _fraction_after(text: str, figures: Sorted, rate: Figure, numerator_may_be_a_rate: bool
                    ) -> tuple[tuple[Figure, Figure] | None, int]:
    """The first 'a/b' in the parentheses right after a rate ("p% (… a/b)"), and where they close."""
    close = closing(text, rate.end)
    inside = figures.between(rate.end, close) if close > 0 else []
    pair = next(((a, b) for a, b in zip(inside, inside[1:], strict=False)
                 if (numerator_may_be_a_rate or a.kind != "percent") and text[a.end:b.start].strip() == "/"), None)
    if pair and any(f.kind == "percent" and f.start > pair[1].end for f in inside):
        return None, close  # "70% (… 39.845 ha/40.000 ha KH, bằng 99,6%)": the fraction is the later rate's
    return pair, close


MEASURE_NAMED = regex.compile(r"(?i:t[ỷỉ]\s+lệ)\s+\p{L}+")  # "tỷ lệ cử tri đi bầu": a measure of its own


def _of_each(text: str, a: Figure, b: Figure, rate: Figure) -> bool:
    """100% after a fraction that is not whole, with the measure named between, is a rate each of its a things
    reached, not a/b: "123/159 xã, phường, thị trấn tỷ lệ cử tri đi bầu đạt 100%"."""
    return (rate.value == 100 and a.value < b.value and bool(MEASURE_NAMED.search(text, b.end, rate.start))
            and not judge.consistent(a.value / b.value * 100, rate.value, rate.decimals, rate.approx))


def _clause_start(text: str, rate: Figure) -> int:
    """Where the rate's clause starts, WINDOW characters back at most."""
    return max((m.end() for m in CLAUSE_END.finditer(text, max(0, rate.start - WINDOW), rate.start)),
               default=max(0, rate.start - WINDOW))


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
        pair, _ = _fraction_after(text, figures, rate, numerator_may_be_a_rate=False)
        if pair and _of_each(text, *pair, rate):
            continue
        if pair:
            out.append(_ratio(text, figures, *pair, rate))
            used |= {pair[0].start, pair[1].start}
            continue
        # "a …/b …, đạt tỷ lệ p%" or "a … trên tổng số b …, đạt p%": the nearest fraction before the rate, same clause
        clause = _clause_start(text, rate)
        before = [f for f in figures.between(clause, rate.start)
                  if f.kind != "percent" and f.end <= rate.start and f.start not in used]
        for b_i in range(len(before) - 1, 0, -1):
            a, b = before[b_i - 1], before[b_i]
            between = text[a.end:b.start]
            if b.value in PER and a.unit != b.unit:
                break  # "13,62 máy/100 dân": a density, not a fraction
            if a.kind == b.kind == "count" and a.unit != b.unit:
                continue  # a pair, not a fraction: "4.975 vụ/6.755 bị can" (cases and their accused)
            if SLASH.match(between) or OVER_TOTAL.search(between) or (a.unit and a.unit == b.unit
                                                                      and OVER.search(between) and not b.approx):
                if not ADJACENT.match(text[b.end:rate.start]) or _of_each(text, a, b, rate):
                    break  # the fraction's terms and its rate are one phrase: "a/b …, đạt tỷ lệ p%"
                claim = _ratio(text, figures, a, b, rate)
                if b_i != len(before) - 1 and claim.verdict != "ok":
                    break  # another figure stands between ("200/264 xã và 1 huyện …, chiếm 75,75%"): only a fit
                out.append(claim)
                used |= {a.start, b.start}
                break
    return out


# between a plan's words and its figure: "so với chỉ tiêu là 1.854 hộ", "kế hoạch năm (1.200 tỷ đồng)"
PLAN_FIGURE = regex.compile(r"\G(?:\s+\p{Ll}+){0,3}?\s*(?:là|:|\(|bằng)?\s*(?=\d)")


def attainments(text: str, figures: Sorted, found: list[Claim]) -> list[Claim]:
    """An attainment of plan with both values written: 'A …, đạt p% so với chỉ tiêu là B …' (A the nearest figure
    before the rate in its clause, counting what B counts). Judged as a rate that is never explicit: the plan's
    figure may be another year's or a range's end, so a mismatch is unverifiable, never an error."""
    out, used = [], {f.start for c in found for f in figures.between(c.start, c.end) if f.kind == "percent"}
    for rate in figures:
        if rate.kind != "percent" or rate.start in used or (end := plan_words_end(text, rate)) is None:
            continue
        gap = PLAN_FIGURE.match(text, end, end + 40)
        after = figures.between(gap.end(), gap.end() + 1) if gap else []
        plan = after[0] if after and after[0].kind != "percent" else None
        if plan is None:
            continue
        start = _clause_start(text, rate)
        actual = next((f for f in reversed(figures.between(start, rate.start)) if f.end <= rate.start
                       and f.kind != "percent" and plan.unit and counts_as(text, f, plan)), None)
        if actual is not None:
            out.append(judge.rate("attainment", [(actual, plan)], rate, actual.start, plan.end, explicit=False))
    return out


# the words that say a percentage is a share: "chiếm (tỷ lệ) p%", "đạt tỷ lệ p%", "tỷ lệ … là hơn p%", "(p%)"; and
# the next one of a pair: "đạt tỷ lệ 99,5% về số vụ và 98,6% về số bị cáo"
SHARE = regex.compile(r"(?i:(?:(?:đạt|chiếm)\s+(?:t[ỷỉ]\s+(?:lệ|trọng)\s+|khoảng\s+)?|t[ỷỉ]\s+lệ\s+(?:\p{L}+\s+){0,6}?"
                      r"(?:là|đạt)\s+|t[ỷỉ]\s+lệ\s+|tương\s+đương\s+|\d\s?%(?:\s+về\s+[^,;\d]{0,20}?)?\s+và\s+)"
                      r"(?:(?:hơn|gần|khoảng|trên|xấp\s+xỉ)\s+)?)\(?$")


def shares(text: str, figures: Sorted, found: list[Claim]) -> list[Claim]:
    """'B …, chiếm p%', 'T …, trong đó B … (đạt tỷ lệ p%)', 'B … (p%)': a part with its percentage of a base
    stated before it in the sentence (or, failing that, the sentence before), for rates with no other kind
    (percent.cue) and not already checked against a fraction. Every earlier figure that counts what the part
    counts and is not smaller is an admissible base; the reading is explicit only when there is one and the
    words tie the part to it ("trong đó", "chiếm")."""
    out, used = [], {f.start for c in found for f in figures.between(c.start, c.end) if f.kind == "percent"}
    for rate in figures:
        if rate.kind != "percent" or rate.start in used or cue(text, rate) is not None or rate.value > 100:
            continue  # (no share is more than its whole)
        said = SHARE.search(text, max(0, rate.start - 60), rate.start)
        if said and (claim := _terms_after(text, figures, rate)):
            out.append(claim)
            continue
        if not (said or text[max(0, rate.start - 2):rate.start].strip() == "("):
            continue
        clause = [f for f in reversed(figures.between(max(0, rate.start - 160), rate.start))
                  if f.kind != "percent" and f.end <= rate.start and not inside_parentheses(text, f, rate.start)
                  and not regex.search(r"[;]|\.\s", text[f.end:rate.start])]  # (a detail of a figure is no part)
        if said and not clause and (claim := _terms_before(text, figures, rate)):
            out.append(claim)
            continue
        if clause and changed(text, clause[0]):
            continue  # "giảm 2.676 việc (3,27%)": a change's rate, growths' to read
        # "11.925 hộ, chiếm 6,74% so với 176.822 hộ": the base named right after the rate
        if said and clause and (after := _figure_after(BASE_AFTER, text, figures, rate)) \
                and counts_as(text, clause[0], after) and after.value >= clause[0].value:
            out.append(_share(text, figures, [(clause[0], after)], rate, said, clause[0].start))
            continue
        # each figure of the clause before the rate may be the part, the nearest first ("… 384.209 vụ với
        # 641.616 bị cáo, đạt tỷ lệ 99,5%": the cases or the accused), each with the bases it admits
        readings = [(part, base) for part in clause for base in _admissible(text, figures, part)]
        if not readings and clause and (named := _named_bases(text, figures, clause[0], rate)):
            # "215 đảng viên …; trong đó, có 47 cấp ủy viên, chiếm 12,8% tổng số đảng viên bị kỷ luật"
            bases, tied = named
            out.append(judge.rate("share", [(clause[0], b) for b in bases], rate, bases[-1].start, rate.end, tied))
            continue
        if not readings and (later := _figure_after(PART_AFTER, text, figures, rate)):
            # "(chiếm 98% giá trị xuất khẩu) đạt trên 10,56 tỷ USD": the part written after its rate
            readings = [(later, base) for base in _admissible(text, figures, later) if base.end <= rate.start]
        if readings:
            out.append(_share(text, figures, readings, rate, said, min(b.start for _, b in readings)))
        elif clause and (claim := _guessed(text, figures, clause[0], rate)):
            out.append(claim)
    return out


def _share(text: str, figures: Sorted, readings: list[tuple[Figure, Figure]], rate: Figure,
           said: regex.Match | None, start: int) -> Claim:
    """The judge's verdict on a share's readings; the siblings that may put its base in doubt are looked for only
    when the reading is explicit (only then can a near miss be an error)."""
    explicit = _explicit(text, rate, said, readings)
    return judge.rate("share", readings, rate, start, max(rate.end, max(b.end for _, b in readings)), explicit,
                      siblings=_siblings(text, figures, rate) if explicit else ())


SIBLINGS = 400  # how far after a share its siblings are looked for
CHIEM = regex.compile(r"(?i:chiếm(?:\s+t[ỷỉ]\s+(?:lệ|trọng))?)\s+$")


def _siblings(text: str, figures: Sorted, rate: Figure) -> list[tuple[Figure, Figure]]:
    """The other 'N …, chiếm p%' that follow this rate (to a blank line, SIBLINGS characters at most): (N, p), N the
    figure right before its rate."""
    end = text.find("\n\n", rate.end, rate.end + SIBLINGS)
    out, previous = [], None
    for f in figures.between(rate.end, end if end >= 0 else rate.end + SIBLINGS):
        if f.kind == "percent" and previous is not None and CHIEM.search(text, max(0, f.start - 20), f.start):
            out.append((previous, f))
        previous = f if f.kind != "percent" else None
    return out


def row_shares(text: str, figures: Sorted, found: list[Claim]) -> list[Claim]:
    """A table row read as text, each count followed by its percentage ("Mức 3 68544 61827 6717 43434 70,3%
    11795 19,1%"): the base is one of the row's earlier cells, which the row does not say, so a rate is
    claimed only when one of them gives it (a guess never raises an alarm)."""
    out, used = [], {f.start for c in found for f in figures.between(c.start, c.end) if f.kind == "percent"}
    for rate in figures:
        if rate.kind != "percent" or rate.start in used:
            continue
        line = text.rfind("\n", 0, rate.start) + 1
        row = [f for f in figures.between(line, rate.start) if f.end <= rate.start]
        if len(row) < 2 or row[-1].kind == "percent" or not ROW_GAP.fullmatch(text[row[-1].end:rate.start]):
            continue
        part = row[-1]
        readings = [(part, base) for base in reversed(row[:-1]) if base.kind != "percent" and base.unit == part.unit
                    and base.value >= part.value]
        claim = readings and judge.rate("share", readings, rate, readings[-1][1].start, rate.end, False)
        if claim and claim.verdict == "ok":
            out.append(claim)
    return out


def _explicit(text: str, rate: Figure, said: regex.Match | None, readings: list[tuple[Figure, Figure]]) -> bool:
    """"chiếm" or a bare "(p%)" says the part's share of the total; "đạt tỷ lệ" may be a success rate over a
    base the text does not give (cases whose mediation ended, not cases received). The reading is explicit
    only with one part and one base, tied by the words, counting a named thing; not when the rate names
    another base after it ("chiếm 27,8% số dân"), nor for a change ("tăng …")."""
    part, base = readings[0]
    tied = not said or "chiếm" in said.group().lower()
    # "chiếm 94,66% tổng số thí sinh", "chiếm 92,2% diện tích gieo cấy" name the base they mean
    named = NAMED_BASE.match(text, rate.end) or WHOLE_NAMED.match(text, rate.end)
    return (len(readings) == 1 and tied and base.unit is not None
            and not (named and base.unit.lower() not in text[named.end():named.end() + 30].lower())
            and not changed(text, part))


def _terms_after(text: str, figures: Sorted, rate: Figure) -> Claim | None:
    """'Tỷ lệ … đạt 99,68%; trong đó, tổng số hồ sơ đã giải quyết là 175.920 hồ sơ, số hồ sơ đúng hạn là
    175.354 hồ sơ': the terms after the rate, every smaller over every larger of one unit."""
    after = TERMS_AFTER.match(text, rate.end)
    if after is None:
        return None
    terms = [f for f in figures.between(after.end(), sentence_end(text, after.end())) if f.kind != "percent" and f.unit]
    readings = [(a, b) for a in terms for b in terms if a is not b and a.unit == b.unit and a.value <= b.value]
    if not readings:
        return None
    return judge.rate("share", readings, rate, rate.start, max(b.end for _, b in readings), False)


BASE_AFTER = regex.compile(r"\G\s*(?i:so\s+với|trên)\s+(?:(?i:tổng\s+số)\s+)?(?=\d)")


PART_AFTER = regex.compile(r"\G\)?[^;.\d()]{0,60}?(?i:đạt|tương\s+đương(?:\s+với)?|là|với)\s+"
                           r"(?:(?i:hơn|gần|khoảng|trên)\s+)?(?=\d)")


def _figure_after(words: regex.Pattern, text: str, figures: Sorted, rate: Figure) -> Figure | None:
    """The figure right after `words` that follow a rate: its base ('chiếm 6,74% so với 176.822 hộ', BASE_AFTER)
    or its part ('(chiếm 98% giá trị xuất khẩu) đạt trên 10,56 tỷ USD', PART_AFTER)."""
    m = words.match(text, rate.end)
    found = figures.between(m.end(), m.end() + 20) if m else []
    return found[0] if found and found[0].start == m.end() and found[0].kind != "percent" else None


def _guessed(text: str, figures: Sorted, part: Figure, rate: Figure) -> Claim | None:
    """The figure just before "trong đó", counting something else than the part: taken only when the rate
    checks out against it (a guess must not raise an alarm)."""
    of_which = list(OF_WHICH.finditer(text, sentence_start(text, part.start), part.start))
    if not of_which:
        return None
    w = of_which[-1]
    before = [f for f in reversed(figures.between(w.start() - 250, w.start())) if f.end <= w.start()
              and f.kind == "count" and not inside_parentheses(text, f, w.start()) and f.value]
    claim = before and judge.rate("share", [(part, before[0])], rate, before[0].start, rate.end, False)
    return claim if claim and claim.verdict == "ok" else None


def _terms_before(text: str, figures: Sorted, rate: Figure) -> Claim | None:
    """'Tổng số cử tri …: 5.454.246 cử tri …; Tổng số cử tri đi bỏ phiếu 5.420.976 người; Tỉ lệ cử tri tham gia bầu cử
    đạt 99,39%', 'Như vậy, tỷ lệ học sinh đạt giải là hơn 79%': a rate with no figure in its clause, of terms in the
    clauses before it (its sentence, else the one before). Nothing says which: a pair is taken only when the rate
    fits it (a guess never raises an alarm), the nearest first."""
    start = sentence_start(text, rate.start)
    if not figures.between(start, rate.start):
        start = previous_sentence(text, start)
    terms = [f for f in figures.between(start, rate.start) if f.end <= rate.start and f.kind != "percent"
             and f.unit and not changed(text, f)]
    for part in reversed(terms):
        for base in reversed(terms):
            if base is not part and base.value >= part.value and counts_as(text, part, base):
                claim = judge.rate("share", [(part, base)], rate, min(part.start, base.start), rate.end, False)
                if claim.verdict == "ok":
                    return claim
    return None


TERMS_AFTER = regex.compile(r"\G\s*[;,]?\s*(?i:trong\s+đó|cụ\s+thể)\s*[:,]?")


def _admissible(text: str, figures: Sorted, part: Figure) -> list[Figure]:
    """The bases a part admits: in its sentence, else in the sentence before (a total stated in one sentence,
    its parts in the next)."""
    sentence = sentence_start(text, part.start)
    bases = _bases(text, figures, part, sentence)
    if not bases and sentence > 0:
        bases = _bases(text, figures, part, previous_sentence(text, sentence))
    return bases


def _bases(text: str, figures: Sorted, part: Figure, start: int) -> list[Figure]:
    """The figures between `start` and the part that may be its base: the same unit, not smaller, not a part
    listed in parentheses of another total, not a sibling with a rate of its own; the nearest first."""
    end = part.start
    return [f for f in reversed(figures.between(start, end)) if f.end <= end
            and f.kind != "percent" and counts_as(text, part, f) and f.value >= part.value and f.value
            and not inside_parentheses(text, f, part.start) and not _sibling(text, figures, f)]


def _sibling(text: str, figures: Sorted, f: Figure) -> bool:
    """A figure with a rate of its own that does not go on with its parts ("1.346 công chức, đạt tỷ lệ 96,3% …
    Trong đó, 1.070 người …" is their whole)."""
    own = OWN_RATE.match(text, f.end)
    if not own:
        return False
    after = next((g for g in figures.between(own.end(), own.end() + 200) if g.kind != "percent"), None)
    return not OF_WHICH.search(text, own.end(), after.start if after else own.end() + 200)


# a figure with a rate of its own is a sibling of the part, not its base: "9.604 hộ nghèo, chiếm tỷ lệ 3,14%"
OWN_RATE = regex.compile(r"\G[^\d;.()]{0,60}?[,(]\s*(?:(?i:chiếm|đạt|tỷ lệ|tỉ lệ)[^\d;.]{0,12})?\d[\d.,]*\s?%")


NAMED_BASE = regex.compile(r"\G\s*(?i:số|tổng|dân số|của)\s")
# a noun right after a rate names its whole ("chiếm 92,2% diện tích gieo cấy"); these words go on otherwise
WHOLE_NAMED = regex.compile(r"\G\s+(?!(?:và|so|với|trong|tại|là|được|đã|nhưng|còn|trở|cao|thấp|tăng|giảm|đạt|"
                            r"chiếm|theo|do|vào|ở|từ|đến|cùng|kế|dự|chỉ|mục)(?!\p{L}))\p{Ll}+")
BASE_NOUN = regex.compile(r"\G\s*(?i:(?:trong\s+)?tổng\s+số|số)\s+(\p{L}+(?:\s+\p{L}+){0,3})")


def _named_bases(text: str, figures: Sorted, part: Figure, rate: Figure) -> tuple[list[Figure], bool] | None:
    """The bases of a part that counts another noun than its whole, when the rate names the whole's noun after
    it ("47 cấp ủy viên, chiếm 12,8% tổng số đảng viên bị kỷ luật"): the figures of that noun before the part,
    in its sentence (else the one before), the nearest first. Tied (an explicit reading) when there is one in the
    part's sentence and "trong đó" leads from it to the part."""
    m = BASE_NOUN.match(text, rate.end)
    if m is None:
        return None
    named = m[1].lower()
    sentence = sentence_start(text, part.start)
    for start in (sentence, previous_sentence(text, sentence)):
        bases = [f for f in reversed(figures.between(start, part.start)) if f.end <= part.start and f.unit
                 and f.kind != "percent" and named.startswith(f.unit.lower()) and f.value >= part.value]
        if bases:
            tied = start == sentence and len(bases) == 1 and bool(OF_WHICH.search(text, bases[0].end, part.start))
            return bases, tied
        if start == 0:
            break
    return None


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
        pair, close = _fraction_after(text, figures, rate, numerator_may_be_a_rate=True)
        if pair and cue(text, rate) == "growth":
            a, b = pair
            if b.value:
                readings = [(f"{written(a)}/{written(b)} − 1", abs(a.value / b.value - 1) * 100)]
                out.append(judge.change(rate, readings, {"current": float(a.value), "previous": float(b.value)},
                                        rate.start, close + 1))
            continue
        if cue(text, rate) == "growth" and (claim := _stated_both(text, figures, rate)):
            out.append(claim)
            continue
        before = [f for f in figures.between(max(0, rate.start - 80), rate.start) if f.end <= rate.start]
        m = before[-1] if before else None
        if m is None or m.kind == "percent" or m.unit is None or not CHANGE_RATE.fullmatch(text[m.end:rate.start]):
            continue
        direction = CHANGED.search(text, max(0, m.start - 20), m.start)
        if direction is None:
            continue
        sign = 1 if direction[1].lower() == "tăng" else -1
        nows = [f for f in figures.between(previous_sentence(text, sentence_start(text, m.start)), m.start)
                if f.end <= direction.start() and f.unit == m.unit and f.kind != "percent" and not f.approx
                and not changed(text, f)]
        op = "−" if sign > 0 else "+"
        readings = [(f"{written(m)}/({written(n)} {op} {written(m)})", m.value / (n.value - sign * m.value) * 100)
                    for n in reversed(nows) if n.value - sign * m.value > 0]
        if readings:
            values = {"change": float(m.value), "current": [float(n.value) for n in nows]}
            out.append(judge.change(rate, readings, values, min(n.start for n in nows), rate.end))
    return out


# "A …, tăng p% so với cùng kỳ (B)": the earlier value in parentheses after the comparison
EARLIER_AFTER = regex.compile(r"\G\s*(?i:so\s+(?:với\s+)?)[^()\d;.]{0,30}(?:\d{4}[^()\d;.]{0,10})?\(\s*")
# "tăng từ A lên B", "giảm từ A xuống B", "từ A … còn B": both values, the earlier first
FROM_TO = regex.compile(r"(?i)(?<!\p{L})từ\s+$")
TO = regex.compile(r"(?i)^\s*(?:\p{L}+\s+){0,4}?(?:lên|xuống|còn)\s+$")


def _stated_both(text: str, figures: Sorted, rate: Figure) -> Claim | None:
    """A growth whose now and earlier values are both stated with it, in its clause up to 160 characters before it:
    'A …, tăng p% so với cùng kỳ (B)', 'tăng từ A lên B (p%)'. Readings: the relative change, and for two rates the
    change in points (82,66% against 80,08%, 'tăng 2,58%')."""
    clause = [f for f in figures.between(max(0, rate.start - 160), rate.start)
              if f.end <= rate.start and not CLAUSE_END.search(text, f.end, rate.start)]
    pair = None
    if (m := EARLIER_AFTER.match(text, rate.end, rate.end + 60)) and clause:
        now = clause[-1]
        earlier = next(iter(figures.between(m.end(), m.end() + 25)), None)
        if earlier and earlier.start - m.end() < 3 and earlier.unit == now.unit and not changed(text, now):
            pair = (now, earlier)
    for a, b in zip(clause, clause[1:], strict=False):
        if FROM_TO.search(text, max(0, a.start - 8), a.start) and TO.match(text[a.end:b.start]) and a.unit == b.unit:
            pair = (b, a)
    if pair is None or not pair[1].value:
        return None
    now, earlier = pair
    readings = [(f"{written(now)}/{written(earlier)} − 1", abs(now.value / earlier.value - 1) * 100)]
    if now.kind == "percent":
        readings.append((f"{written(now)} − {written(earlier)}", abs(now.value - earlier.value)))
    return judge.change(rate, readings, {"current": float(now.value), "previous": float(earlier.value)},
                        min(now.start, earlier.start, rate.start), max(now.end, earlier.end, rate.end))

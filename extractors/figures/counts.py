"""Count claims: a stated number of items against the items actually there.

- a heading's count against the numbered rows or items under it: "I Về pháp lý (03 nhiệm vụ)" then
  "1. … 2. … 3. …"; "(06 nhiệm vụ): (1) … (6)";
- "ban hành 03 Kế hoạch, 22 Công văn²" against the documents footnote 2 lists (citations of that type;
  "văn bản" counts those of no other type named).
A count with nothing to count against is not a claim; a list that may hold more than its citations
(un-numbered reports) is unverifiable, never an error.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from ..normalize import Text
from ..references import Reference
from ..references.grammar import type_words
from ..rules import alternation, table
from . import judge
from .clauses import OF_WHICH
from .judge import Claim

HEADING = regex.compile(r"\((\d{1,3})\s+(nhiệm vụ|giải pháp|mô hình|nội dung|nhóm nhiệm vụ)\)\s*:?")
# a numbered row: "1. …", "51." alone in a table cell, "25 Đảm bảo …" (the dot forgotten)
ROW = regex.compile(r"(?m)^[ \t]*(\d{1,3})(?:[.)](?:[ \t]|$)|[ \t]+(?=\p{Lu}))")
FIRST_ROW = regex.compile(r"[ \t]*(\d{1,3})(?:[.)]|[ \t]+(?=\p{Lu}))")
ITEM = regex.compile(r"\((\d{1,2})\)")


def _chain(numbers: list[int]) -> int:
    """How long the run 1, 2, 3 … (or n, n+1 …) from the first number found is."""
    count, last = 0, None
    for value in numbers:
        if last is None or value == last + 1:
            count, last = count + 1, value
        elif value > last + 1:
            break
    return count


DASH_LINE = regex.compile(r"[ \t]*[-+•–][ \t]")
LEFT_ITEM = regex.compile(r"(?<![\p{L}\p{N}])\(?(\d{1,2})\)")


@lru_cache(maxsize=1)
def _listed() -> tuple[regex.Pattern, ...]:
    """(count, by_number, named, inline): a number of counted things (a noun from rules/units.tsv), and
    the list right after it: "06 văn bản quy phạm pháp luật gồm: (1) …", "11 dịch vụ công của Công an 1) …";
    "03 cấp (tỉnh, huyện, xã)", "07 huyện (Krông Năng, …, Ea H’Leo và Krông Búk)"; written inline."""
    nouns = "|".join(regex.escape(r["unit"]) for r in table("units") if r["kind"] == "count")
    count = rf"(?<![\p{{L}}\p{{N}}/.,])(\d{{1,3}})\s+(?i:{nouns})(?![\p{{L}}])"
    # the list that follows opens with item 1 (a list that goes on from an earlier one opens higher: "12) …");
    # no "." between the number and the list: "…: 839 hồ sơ. 2) …" is an item of another list
    by_number = regex.compile(rf"{count}[^\d:;().]{{0,80}}?(?:\s+gồm)?\s*:?\s*(?=\(?(?P<first>\d{{1,2}})\))")
    named = regex.compile(rf"{count}(?P<words>[^()\d.;]{{0,40}}?)\s*\((?:bao gồm\s+(?:các\s+\p{{Ll}}+\s+)?)?"
                          rf"(?P<names>[^()\d]{{3,300}})\)")
    # "04 cấp: Trung ương - tỉnh - huyện - xã", "02 nhóm TTHC: …; …", "03 tỉnh Đắk Nông, Bình Thuận, Lâm Đồng"
    inline = regex.compile(rf"{count}(?:[^:;.\d()]{{0,40}}?:\s*|\s+(?=\p{{Lu}}))"
                           rf"(?P<items>(?:(?![;,]\s*\d{{1,3}}\s)[^.\n()]){{3,300}})")  # up to the next count
    return regex.compile(count), by_number, named, inline, regex.compile(rf"{count}[^\n:]{{0,120}}:[ \t]*\n")


def enumerations(t: Text) -> list[Claim]:
    """A number of things and the list right after it: '(1) … (n)' / '1) … n)', or names in parentheses.
    A footnote's label ("2 Nội dung làm việc: (1) …") is no count."""
    text, out = t.text, []
    labels = {n.start for n in t.footnotes}
    _, by_number, named, inline, dashed = _listed()
    found = [m for m in by_number.finditer(text) if m.start() not in labels]
    for k, m in enumerate(found):
        end = found[k + 1].start() if k + 1 < len(found) else m.end() + 5000  # the next list starts its own
        items = list(LEFT_ITEM.finditer(text, m.end(), min(end, m.end() + 5000)))
        counted = _chain([int(i[1]) for i in items])
        if m["first"] != "1" and counted != int(m[1]):
            continue  # a list going on from an earlier one ("12) … 25)") only ever confirms
        # a list cut short by the end of the text (an excerpt, a truncated file) may go on past it
        cut = counted < int(m[1]) and bool(items) and len(text[items[-1].end():].strip()) < 400
        out.append(judge.count(int(m[1]), counted, f"{counted} items listed", m.start(), m.end(), decidable=not cut,
                               why="the list may go on past the end of the text"))
    for m in dashed.finditer(text):  # "02 lớp …, cụ thể:" and one "- …" line an item: only ever confirms
        lines, pos = 0, m.end()
        while DASH_LINE.match(text, pos, pos + 5):
            lines += 1
            nxt = text.find("\n", pos)
            if nxt < 0:
                break
            pos = nxt + 1
        if m.start() not in labels and lines == int(m[1]) >= 2:
            out.append(judge.count(lines, lines, f"{lines} items listed", m.start(), m.end()))
    for m in inline.finditer(text):  # a list written inline only ever confirms its count
        names = _split(m["items"])
        if m.start() not in labels and len(names) == int(m[1]) >= 2:
            out.append(judge.count(len(names), len(names), f"{len(names)} listed", m.start(), m.end()))
    for m in named.finditer(text):
        if m.start() in labels:
            continue
        names = [n.strip() for n in regex.split(r",|\s+và\s+", m["names"]) if n.strip()]
        if len(names) < 2 or any(len(n.split()) > 5 for n in names):
            continue  # not a plain list of names
        stated = int(m[1])
        if (m["words"].strip() or stated < 2) and len(names) != stated:
            continue  # words between the count and the list, or one thing ("01 máy (CSDL và truyền thông)"): the
            # parentheses may describe rather than name
        # "và" alone may join two names or sit inside one ("(Kế hoạch và Đầu tư)"): not plain to count
        out.append(judge.count(stated, len(names), f"{len(names)} named", m.start(), m.end(),
                               decidable="," in m["names"], why="'và' may join two names or sit inside one"))
    return out


SEPARATORS = (r";", r"\s[-–]\s", r",|\s+và\s+")


def _split(items: str) -> list[str]:
    """An inline list's items, split at its strongest separator: ';', then ' - ', then ',' / 'và'."""
    for sep in SEPARATORS:
        if regex.search(sep, items):
            return [n for n in regex.split(sep, items) if n.strip()]
    return [items] if items.strip() else []


# a count that names its own list, at a line's or a clause's start: "5 Vấn đề: Pháp lý, …; 4 Xuyên suốt: …"
DEFINED = regex.compile(r"(?<=(?:^|\n|;)[ \t]*(?:\d{1,2}[ \t]+)?)(\d{1,2})[ \t]+(\p{L}+(?:[ \t]+\p{L}+){0,3})[ \t]*:"
                        r"[ \t]*(?P<items>[^;\n]{2,400}?)(?=\s*(?:;|\.?\n|\.?$))")
# a count with its items quoted: 'yêu cầu 5 rõ “rõ người, rõ việc, …”', '02 nhiệm vụ (“…”; “…”)'
QUOTED = regex.compile(r"(?<![\p{L}\p{N}/.,])(\d{1,2})[ \t]+(\p{L}+(?:[ \t]+\p{L}+){0,7})[ \t]*\(?[ \t]*"
                       r"(?P<items>“[^”\n]{1,300}”(?:[ \t]*[;,]?[ \t]*(?:và[ \t]+)?“[^”\n]{1,300}”)*)")
PARENTHESISED = regex.compile(r"\([^()]*\)")


def _plain(items: list[str]) -> bool:
    """Short items of two to six words and no figures: a list whose every item is plain to count."""
    return all(2 <= len(i.split()) <= 6 and not regex.search(r"\d", i) for i in items)


def defined(t: Text) -> list[Claim]:
    """Counts that name their own items: '5 Vấn đề: a, b, c, d và e', '5 rõ “a, b, c, d, e”', '02 nhiệm vụ
    (“a”; “b”)'. Only a plain list can be wrong; one whose separators do not read plainly (' - ' and ','
    mixed, one-word items like 'phòng, chống', long clauses) is unverifiable."""
    out, labels = [], {n.start for n in t.footnotes}
    for pattern in (DEFINED, QUOTED):
        for m in pattern.finditer(t.text):
            if m.start() in labels or ITEM.search(m["items"]) or m["items"].lstrip().startswith("-"):
                continue  # a footnote's label, or a numbered / dashed list (enumerations count those)
            quotes = regex.findall(r"“([^”]*)”", m["items"])
            body = quotes[0] if len(quotes) == 1 else m["items"]
            items = [f"“{q}”" for q in quotes] if len(quotes) > 1 else _split(PARENTHESISED.sub("", body))
            mixed = len(quotes) < 2 and len([s for s in SEPARATORS[1:] if regex.search(s, body)]) > 1
            stated = int(m[1])
            if len(items) < 2 and stated < 2:
                continue
            start, end = _stated_in_body(t, m) or (m.start(), m.end())
            plain = not (mixed or len(quotes) == 1 or not (quotes or _plain(items)))
            # "và" may join two items or sit inside one name ("Bộ Kế hoạch và Đầu tư"): a list whose readings
            # with and without it differ is not plain
            commas = [i for i in regex.split(r",", PARENTHESISED.sub("", body)) if i.strip()]
            if len(quotes) < 2 and " và " in body and not any(regex.search(sep, body) for sep in SEPARATORS[:2]):
                plain = plain and len(commas) == len(items)
            out.append(judge.count(stated, len(items), f"{len(items)} listed", start, end, decidable=plain))
    return out


def _stated_in_body(t: Text, m: regex.Match) -> tuple[int, int] | None:
    """A footnote defining '5 Vấn đề: …' for a body sentence that says '5 vấn đề …⁽¹⁾': the claim is the
    body's, so it stands there."""
    note = next((n for n in t.footnotes if n.start <= m.start() < n.end), None)
    link = note and next((k for k in t.links if k.label == note.label and k.offset < note.start), None)
    if link is None:
        return None
    sentence_start = max(t.text.rfind(". ", 0, link.offset), t.text.rfind("\n", 0, link.offset), 0)
    said = regex.compile(rf"(?<![\p{{L}}\p{{N}}])0?{int(m[1])}\s+(?i:{regex.escape(m[2])})(?![\p{{L}}])")
    found = said.search(t.text, sentence_start, link.offset)
    return found.span() if found else None


def headings(text: str, body_end: int) -> list[Claim]:
    """Heading counts against the rows under them; headings with no rows of their own (a plan's body
    sections) against the appendix groups, paired in order; a total 'N nhiệm vụ … tại Phụ lục' against
    all the appendix's rows. A pairing in order may be wrong, so only a match is reported there."""
    out, listed, bare = [], [], []
    found = list(HEADING.finditer(text, 0, body_end))
    for i, h in enumerate(found):
        region_end = found[i + 1].start() if i + 1 < len(found) else body_end
        stated = int(h[1])
        rows = [(int(m[1]), m.start()) for m in ROW.finditer(text, h.end(), region_end)]
        first = FIRST_ROW.match(text, h.end(), region_end)  # the first row run on after the heading
        if first and (not rows or rows[0][1] > first.start(1)):
            rows.insert(0, (int(first[1]), first.start()))
        items = [(int(m[1]), m.start()) for m in ITEM.finditer(text, h.end(), region_end)]
        for numbers, what in ((rows, "numbered rows"), (items, "items (1), (2) …")):
            if numbers and numbers[0][1] - h.end() <= 3:  # the list opens right after the heading
                counted = _chain([n for n, _ in numbers])
                out.append(judge.count(stated, counted, f"{counted} {what} listed", h.start(), h.end()))
                if what == "numbered rows":
                    listed.append(counted)
                break
        else:
            bare.append(h)
    if len(bare) == len(listed) >= 2:
        out += [judge.count(n, n, f"{n} rows under the appendix's matching group", h.start(), h.end())
                for h, n in zip(bare, listed, strict=True) if int(h[1]) == n]
    for m in APPENDIX_TOTAL.finditer(text, 0, body_end):
        if listed and int(m[1]) == sum(listed):
            out.append(judge.count(sum(listed), sum(listed), f"{sum(listed)} rows in the appendix", m.start(), m.end()))
    return out


APPENDIX_TOTAL = regex.compile(r"(?<![\p{L}\p{N}])(\d{1,3})\s+nhiệm vụ[^.\d]{0,40}?(?:tại|trong|theo)\s+Phụ lục")


def _type_words() -> str:
    """The type words spelled out ("Kế hoạch", not "KH") as an alternation, longest first."""
    return alternation(w for w in type_words() if len(w) > 3)


@lru_cache(maxsize=1)
def _count_phrase() -> regex.Pattern:
    """'03 Kế hoạch', '22 Công văn', '06 văn bản', '04 dự thảo': a number of documents of a type."""
    words = _type_words()
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}])(\d{{1,3}})\s+((?i:{words}|văn bản|dự thảo))(?![\p{{L}}])")


LISTED_NEXT = regex.compile(r"(?i)^[\s,]*(?:ngày\s+[\d/]+\s*)?(?:[,;]|và|,\s*và)?\s*(?:các\s+)?(?:số\s*)?$")


def _items(t: Text, start: int, end: int, mentions: list[tuple[int, int, str]]) -> list[tuple[str | None, str]]:
    """The documents a footnote lists: each item's first citation, and the citations listed right after it
    ('Kế hoạch số 288/… và Kế hoạch số 305/…', 'số 32/…, 33/… và số 36/…'), not those named inside an item's
    subject ('… về việc triển khai Quyết định số 11/…'). Items with no citation count as (None, text)."""
    out, pos = [], start
    for m in _item_end().finditer(t.text, start, end + 1):
        inside = [(a, b, kind) for a, b, kind in mentions if pos <= a < m.start()]
        if not inside and t.text[pos:m.start()].strip():
            out.append((None, t.text[pos:m.start()].strip().lower()))
        previous = None
        for a, b, kind in inside:
            if previous is None or LISTED_NEXT.match(t.text[previous:a]):
                out.append((kind, t.text[a:b].lower()))
            previous = b
        pos = m.end()
    return out


@lru_cache(maxsize=1)
def _item_end() -> regex.Pattern:
    """Where an item of a footnote's list ends: ';', or '.' before the next type word."""
    words = _type_words()
    return regex.compile(rf";|\.\s*(?=(?i:{words})\s)|$")


def _footnote_items(t: Text, link, note, sentence_start: int) -> list[Claim]:
    """'theo 4 tiêu chí⁵' against the items of footnote 5 (split at ';'); only a match is a finding, as the
    items of such a footnote may be grouped otherwise."""
    count = _listed()[0]
    phrases = [m for m in count.finditer(t.text, sentence_start, link.offset + 40)
               if m.start() < link.offset and link.offset - m.end() <= 3]  # the marker may stand inside: "25⁵ cơ sở"
    if not phrases:
        return _grouped(t, link, note, sentence_start)
    body = t.text[note.start + len(note.label):note.end]
    items = [i for i in body.split(";") if i.strip()]
    stated = int(phrases[-1][1])
    if len(items) != stated or stated < 2:
        return _grouped(t, link, note, sentence_start)
    return [judge.count(stated, stated, f"footnote {link.label} lists {stated}", *phrases[-1].span())]


NUMBER_BEFORE_NOUN = regex.compile(r"(?<![\p{L}\p{N}/.,])(\d{1,3})(?:\s?/\s?\d{1,3})?\s+(?=\p{Ll})")


def _grouped(t: Text, link, note, sentence_start: int) -> list[Claim]:
    """'đã triển khai 13/19 nhiệm vụ, đang triển khai 04 nhiệm vụ, … 02 nhiệm vụ⁶' against footnote 6's lists
    '(1) … (13)', '(1) … (4)', '(1) … (2)', paired in order; only matches are reported."""
    starts = [i.start() for i in ITEM.finditer(t.text, note.start, note.end) if i[1] == "1"]
    if len(starts) < 2:
        return []
    chains = []
    for k, a in enumerate(starts):
        b = starts[k + 1] if k + 1 < len(starts) else note.end
        chains.append(_chain([int(i[1]) for i in ITEM.finditer(t.text, a, b)]))
    count = _listed()[0]
    # the counts of the sentence, a fraction by its numerator ("13/19 nhiệm vụ" counts 13)
    counted = [(int(m[1]), m.start(), m.end())
               for m in NUMBER_BEFORE_NOUN.finditer(t.text, sentence_start, link.offset)
               if "/" in m[0] or count.match(t.text, m.start(), m.end() + 30)]
    if len(counted) != len(chains):
        return []
    return [judge.count(n, c, f"footnote {link.label} lists {c}", a, b)
            for (n, a, b), c in zip(counted, chains, strict=True) if n == c]


def footnoted(t: Text, references: list[Reference]) -> list[Claim]:
    """'… 02 Quyết định, 06 văn bản¹' against the documents footnote 1 lists, item by item."""
    out = []
    notes = {n.label: n for n in t.footnotes}
    canonical = type_words()
    mentions = sorted((m.start, m.end, canonical.get((m.type or "").lower(), m.type or "").lower())
                      for r in references for m in r.mentions)
    for link in t.links:
        note = notes.get(link.label)
        if note is None:
            continue
        sentence_start = max(t.text.rfind(". ", 0, link.offset), t.text.rfind("\n", 0, link.offset), 0)
        phrases = list(_count_phrase().finditer(t.text, sentence_start, link.offset))
        if not phrases or link.offset - phrases[-1].end() > 40:
            out.extend(_footnote_items(t, link, note, sentence_start))
            continue
        items = _items(t, note.start + len(note.label), note.end, mentions)
        named = {canonical.get(p[2].lower(), p[2]).lower() for p in phrases}
        for p in phrases:
            stated, noun = int(p[1]), canonical.get(p[2].lower(), p[2]).lower()
            if noun == "dự thảo":  # drafts have no number: every item is one
                counted, loose = len(items), 0
            elif noun == "văn bản":  # the documents of no other type named in the sentence
                counted = sum(1 for kind, _ in items if kind and kind not in named - {"văn bản"})
                loose = sum(1 for kind, _ in items if kind is None)
            else:
                counted = sum(1 for kind, _ in items if kind == noun)
                loose = sum(1 for kind, text in items if kind is None and noun in text)  # "Báo cáo … hàng tháng"
            what = f"footnote {link.label} lists {counted}" + ("" if counted == stated or counted == 0 or loose
                                                               else f" {p[2]}")
            out.append(judge.count(stated, counted, what, p.start(), p.end(), decidable=not (counted == 0 or loose),
                                   why=f"{loose} more listed without a number"))
    return out


@lru_cache(maxsize=1)
def _named_list() -> tuple[regex.Pattern, regex.Pattern]:
    """'3 trụ cột, gồm: Chính quyền số, kinh tế số và xã hội số', 'ba đơn vị cấp xã, gồm: Lạc An, …', '5 trường
    … là Bình Thành, Sơn Phú, …', '04 giáo viên giỏi: cô …, cô …', 'Có 6 trường, trung tâm giáo dục đạt tỷ lệ tốt
    nghiệp 100% là …', 'cả 4 bảng xếp hạng PAR INDEX, SIPAS, PCI và PGI': a count, up to twenty words (a list
    only ever confirms), 'gồm'/'là'/':' or a capital letter, and the items up to the sentence's end (split at ';'
    where there is one); and, second, the same with no word opening the list ('3 trụ cột chính quyền số, …')."""
    words = alternation(r["word"] for r in table("number_words") if r["value"].isdigit())
    count = rf"(?<![\p{{L}}\p{{N}}/.,])(?<!(?i:thứ)\s+)(\d{{1,2}}|(?i:{words}))\s+"
    items = r"\s*(?P<items>(?:[^.\n(]|\([^()\n]{0,60}\)){3,400})"
    opened = regex.compile(count + r"(\p{L}+(?:,?\s+[\p{L}\d%]+){0,19}?)"
                           r"(?:,?\s+(?:gồm|bao gồm|là)\s*:?|\s*:|\s+(?=\p{Lu}))" + items)
    bare = regex.compile(count + r"(\p{L}+)(?P<bare>\s+(?=\p{Ll}))" + items)
    return opened, bare


COMMA = regex.compile(r"(?<!\d),|,(?!\d)")  # between items, not inside a number ("88,24%")
NAME_HEAD = regex.compile(r"\p{Lu}\S*(?:\s+\p{Lu}\S*)*")
# what follows a listed name when the list gives each its figure: from "với/là/có/đạt/chiếm" or the number on
VALUE_AFTER_NAME = regex.compile(r"\s+(?:(?:với|là|có|đạt|chiếm)(?!\p{L})|[\d.,]+(?:\s|%|$)).*$")


def named_lists(t: Text) -> list[Claim]:
    """A count with the names of its items written after it; only ever confirms (names may hold 'và', and a
    list that disagrees is as likely misread as wrong)."""
    values = {r["word"].lower(): int(r["value"]) for r in table("number_words") if r["value"].isdigit()}
    out, labels = [], {n.start for n in t.footnotes}
    opened, unopened = _named_list()
    starts = set()
    for m in [*opened.finditer(t.text), *unopened.finditer(t.text)]:
        if m.start() in starts:
            continue  # a list with a word that opens it, read already
        stated = int(m[1]) if m[1].isdigit() else values.get(m[1].lower())
        listed = PARENTHESISED.sub("", m["items"])  # "cô Tạ Thị Hoàng Hà (Lịch sử)": the name is the item
        # the items split at ';' (the whole sentence), or at ',' and 'và' up to the first ';'
        commas = [i.strip() for i in COMMA.split(listed.split(";")[0]) if i.strip()]
        readings = ([i.strip() for i in listed.split(";") if i.strip()],
                    [i.strip() for i in regex.split(rf"{COMMA.pattern}|\s+và\s+", listed.split(";")[0]) if i.strip()],
                    # "A, B và C": 'và' before the last item only ("Bộ Kế hoạch và Đầu tư, Bộ Tài chính và Bộ …")
                    [*commas[:-1], *commas[-1].rsplit(" và ", 1)] if len(commas) >= 2 else [])
        if m.groupdict().get("bare"):  # no word opens the list ("3 trụ cột chính quyền số, kinh tế số và xã
            # hội số"): only short items that run to the sentence's end, the first holding the rest of the noun
            readings = tuple(r for r in readings[1:] if r and all(len(i.split()) <= 5 for i in r)
                             and not OF_WHICH.match(r[-1]) and ";" not in m["items"] and len(m["items"]) < 400)
        else:  # ';' and ',' both separate: "Đông Tảo, Nhuế Dương (Khoái Châu); Xuân Trúc, …"
            readings += ([i.strip() for i in regex.split(rf"{COMMA.pattern}|;|\s+và\s+", listed) if i.strip()],)
        # names run on into the sentence: "…, Tân Bình thuộc nhóm …" ends at the name's last capital word, and
        # the names end where the items stop being names ("…, Phù Nham và thị trấn nông trường …")
        named = [r[:next((k for k, i in enumerate(r) if not i[:1].isupper()), len(r))] for r in readings]
        readings += tuple([*r[:-1], NAME_HEAD.match(r[-1])[0]] for r in named if len(r) >= 2 and NAME_HEAD.match(r[-1]))
        # names with their figures ("tỉnh Nghệ An có tỷ lệ 88,24%, Phú Thọ 85%", "Hà Nam với 727.215 người; …"): the
        # name is the item
        readings += tuple([VALUE_AFTER_NAME.sub("", i) for i in r] for r in readings
                          if any(regex.search(r"\d", i) for i in r))
        plain = [r for r in readings if all(i and len(i.split()) <= 12 and not regex.search(r"\d", i) for i in r)]
        items = next((r for r in plain if len(r) == stated), None)  # a list of names, as many as stated
        if m.start() in labels or stated is None or stated < 2 or items is None:
            continue
        starts.add(m.start())
        out.append(judge.count(stated, len(items), f"{len(items)} named", m.start(), m.end()))
    return out

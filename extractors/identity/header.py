"""The document's own identity from its header: issuer (with its parent line), number and symbol, place and
date, type and title.

Only what the document says. A header lost in extraction leaves number, place and date empty; the issuer is
then the subject of the opening sentence ("…, Ban chỉ đạo … tỉnh Lâm Đồng báo cáo kết quả …"), and an
appendix "(kèm theo Kế hoạch số    /KH-UBND ngày 25/3/2025 …)" gives the document's type, symbol and date.
A blank day in a draft ("Đắk Lắk, ngày    tháng 12 năm 2022") gives a partial date ("2022-12").
"""

from __future__ import annotations

from datetime import date as Date
from functools import lru_cache

import regex

from .. import agencies
from ..normalize import Text
from ..references import grammar
from ..references.grammar import type_words
from ..references.key import implied_issuer, numbered_key
from ..rules import alternation, level_alternation, levels, table
from .lines import source_lines
from .words import sentence_case, spelled_out, words

HEADER = 1500  # the header block sits in the first characters of the clean text, or of the part from its motto on
NAVIGATION = 8000  # how far a header may come after a website's navigation lines or a law library's fields
PLACE_DATE = regex.compile(  # the place's last word may be in lower case, as old documents write "Hà nội"
    r"(?<![\p{L}\p{N}])(?P<place>\p{Lu}[\p{Ll}\p{M}]*(?:[ \t]+\p{Lu}[\p{Ll}\p{M}]*){0,3}"
    r"(?:[ \t]+\p{Ll}[\p{Ll}\p{M}]*)?),"
    r"[ \t]*ngày[ \t]*(?P<d>\d{1,2})?[ \t]*tháng[ \t]*(?P<m>\d{1,2})?[ \t]*năm[ \t]*(?P<y>(?:19|20)\d\d)"
)
# a number before 1990 with the issuer's code alone after a hyphen: "Số: 13-TBXH"
OLD_NUMBER = regex.compile(r"\d{1,5}-\p{Lu}[\p{Lu}\p{N}&]+(?![\p{L}\p{N}/-])")
# an official gazette's title in capitals names issuer, number and date: "QUYẾT ĐỊNH CỦA THỦ TƯỚNG CHÍNH PHỦ SỐ
# 115/2004/QĐ-TTG NGÀY 25 THÁNG 6 NĂM 2004 VỀ VIỆC …"
TITLE_NUMBER = regex.compile(r"(?<![\p{L}])CỦA\s+(?P<issuer>\p{Lu}[\p{Lu}\p{M}\s]{1,80}?)\s+SỐ\s+(?=\d)")
TITLE_DATE = regex.compile(r"\s+NGÀY\s+(?P<d>\d{1,2})\s+THÁNG\s+(?P<m>\d{1,2})\s+NĂM\s+(?P<y>(?:19|20)\d\d)")
BLANK_SYMBOL = regex.compile(r"\s*/\s*(?P<symbol>\p{Lu}[\p{Lu}\p{N}&.-]*)")
FIELD_END = regex.compile(r"\||\n|\s-\s")  # a law library's value ends at a bar, a line break or a list dash
FIELD_DATE = regex.compile(r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>(?:19|20)\d\d)")


def _date(y: str, mo: str | None, d: str | None) -> str | None:
    if not mo:
        return y
    try:
        return Date(int(y), int(mo), int(d)).isoformat() if d else f"{int(y):04d}-{int(mo):02d}"
    except ValueError:
        return None


def _spaced(phrase: str) -> str:
    return r"\s+".join(regex.escape(w) for w in phrase.split())


@lru_cache(maxsize=1)
def _motto() -> regex.Pattern:
    """The national motto's lines (rules/header.tsv `motto`), as written (running text's "nước Cộng hòa xã hội
    chủ nghĩa Việt Nam" is no motto)."""
    return regex.compile("|".join(_spaced(w) for w in words("motto")))


@lru_cache(maxsize=1)
def _own_number() -> regex.Pattern:
    """'Số: 19/BC-…', party 'Số 38-KH/TU', a law's 'Luật số: 65/2025/QH15', a title in capitals naming its number
    ('ÁN LỆ SỐ 43/2021/AL', 'THÔNG TƯ SỐ 15-BTC/TT'); a blank 'Số:      /KH-UBND' is a draft without its number
    yet. A type word in sentence case before 'số' without a colon is a citation, unless it opens the text ('Án lệ
    số 26/2018/AL về …')."""
    spelled = sorted({w for w in type_words().values() if len(w) > 3}, key=len, reverse=True)
    plain, capitals = alternation(spelled), alternation(w.upper() for w in spelled)
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?:Số\s*:?|(?P<type>{plain})\s+số\s*:|(?P<type>{capitals})\s+SỐ\s*:?"
                         rf"|(?<=^\s*)(?P<type>{plain})\s+số)\s*(?=\d|/)")


def header_start(text: str) -> int:
    """Where the header block starts: the text's start, or a little before its motto where a website's navigation
    lines or a law library's fields come first."""
    m = _motto().search(text, 0, NAVIGATION)
    return max(0, m.start() - 600) if m and m.start() > HEADER - 500 else 0


def own_number(text: str) -> dict:
    """{number, symbol, place, date, type} of the header (type: the one its number line names, 'Luật số: …'),
    None where it does not say; then what a law library's fields say; and the issuer ("issuer") where a gazette's
    title names it with the number."""
    found: dict = {"number": None, "symbol": None, "place": None, "date": None, "type": None}
    a = header_start(text)
    head = text[: a + HEADER]
    m = PLACE_DATE.search(head, a)
    if m:
        found |= {"place": m["place"], "date": _date(m["y"], m["m"], m["d"])}
    elif adopted := _adopted().search(head, a):
        found["date"] = _date(adopted["y"], adopted["m"], adopted["d"])
    so = _own_number().search(head, a)
    titled = TITLE_NUMBER.search(head, a)
    if titled and so and so.start() < titled.start():
        titled = None  # the number line comes first; the gazette title names another's number later
    if so and not titled:
        found["type"] = so["type"] and type_words().get(so["type"].lower())
        n = grammar.bare_symbol().match(head, so.end(), so.end() + 80)
        if n:
            found["number"] = numbered_key(n)[0]
        elif old := OLD_NUMBER.match(head, so.end()):
            found["number"] = old[0]
        elif blank := BLANK_SYMBOL.match(head, so.end()):
            found["symbol"] = blank["symbol"]
    elif titled and (n := grammar.bare_symbol().match(head, titled.end(), titled.end() + 80)):
        found["number"] = numbered_key(n)[0]
        found["issuer"] = spelled_out(sentence_case(" ".join(titled["issuer"].split())))
        if not found["date"] and (d := TITLE_DATE.match(head, n.end())):
            found["date"] = _date(d["y"], d["m"], d["d"])
    fields = library_fields(text[: a + HEADER])
    found["number"] = found["number"] or fields.get("number")
    found["date"] = found["date"] or fields.get("date")
    if found["number"]:
        found["symbol"] = found["number"].split("/", 1)[-1] if "/" in found["number"] else None
    return found | {"fields": fields}


@lru_cache(maxsize=1)
def _adopted() -> regex.Pattern:
    """A court precedent's date, the day it was adopted ('Được Hội đồng Thẩm phán … thông qua ngày 24 tháng 02 năm
    2021'; of 'các ngày 20, 21, 23 tháng 02 năm 2024', the last)."""
    return regex.compile(rf"(?:{alternation(words('adopted'))})\s+(?:vào\s+)?(?:các\s+)?ngày\s+"
                         r"(?:\d{1,2}\s*(?:,|và)\s*)*(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+"
                         r"(?P<y>(?:19|20)\d\d)")


@lru_cache(maxsize=1)
def _field_label() -> regex.Pattern:
    labels = alternation(r["label"] for r in table("library_fields"))
    return regex.compile(rf"(?<![\p{{L}}])(?P<label>{labels})(?![\p{{L}}])\s*:?\s*\|?\s*")


def library_fields(text: str) -> dict:
    """A law library's fields about the document (rules/library_fields.tsv): {number, doc_type, date, issuer}
    as far as they are given; a value runs to a bar, a line break, a list dash or the next label."""
    label = _field_label()
    fields = {r["label"]: r["field"] for r in table("library_fields")}
    out: dict = {}
    for m in label.finditer(text):
        field = fields[m["label"]]
        if not field or field in out:
            continue
        ends = (FIELD_END.search(text, m.end()), label.search(text, m.end()))
        end = min([e.start() for e in ends if e] or [len(text)])
        value = " ".join(text[m.end():end].split()).strip(" .;,")
        if field == "number" and (n := grammar.bare_symbol().match(value)):
            out[field] = numbered_key(n)[0]
        elif field == "doc_type" and value.lower() in type_words():
            out[field] = type_words()[value.lower()]
        elif field == "date" and (d := FIELD_DATE.match(value)):
            out[field] = _date(d["y"], d["m"], d["d"])
        elif field == "issuer" and agencies.starts_agency(value):
            out[field] = value
    return out


@lru_cache(maxsize=1)
def _type_line() -> regex.Pattern:
    """A type word in capitals opening the title block: 'BÁO CÁO', 'KẾ HOẠCH' …"""
    spelled = sorted({w for w in type_words().values() if len(w) > 3}, key=len, reverse=True)
    return regex.compile("(?<![\\p{L}])(?P<type>" + "|".join(regex.escape(w.upper()) for w in spelled)
                         + ")(?=\\s+\\p{Lu}\\p{Ll})")  # a title follows: 'BÁO CÁO Tổng kết …', not 'ĐỀ ÁN 06


def _inside_capitals(t: Text, at: int) -> bool:
    """Whether the word before `at` is in capitals on the same source line: 'TÓM TẮT VĂN BẢN' (a website's heading)
    is no type line."""
    before = regex.search(r"(\S+)\s*$", t.text[max(0, at - 40):at])
    if not before or not before[1].isupper() or not before[1].isalpha():
        return False
    return t.place(at - len(before[0]), at - len(before[0]) + 1).line == t.place(at, at + 1).line


def _title_end(t: Text, start: int, end: int) -> int:
    """Where a title run on into the first paragraph ends: before the source line that opens with a word of
    rules/header.tsv `body_opening` ('Ngày 06/10/2023, tại trụ sở …', 'Căn cứ …')."""
    opening = regex.compile(rf"(?:{alternation(words('body_opening'))})(?![\p{{L}}])")
    for line in source_lines(t, start, end)[1:]:
        if opening.match(line.text):
            return line.start
    return end


def type_and_title(t: Text) -> tuple[str | None, str | None, int]:
    """('Báo cáo', its title, where the header ends) from the first paragraphs: a type word in capitals and a
    title in sentence case, or, after the header's number, date or motto, a title in capitals too ('QUYẾT ĐỊNH VỀ
    VIỆC BAN HÀNH QUY CHẾ … CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH': up to the enacting authority); else the type a law
    library's field gives."""
    text = t.text
    a = header_start(text)
    end = min(len(text), a + HEADER)
    for m in _type_line().finditer(text, a, end):
        if _inside_capitals(t, m.start()):
            continue
        line_end = text.find("\n", m.end())
        line_end = _title_end(t, m.end(), line_end if line_end >= 0 else len(text))
        title = " ".join(text[m.end(): line_end].split())
        if title:
            word = m["type"].lower()
            return type_words().get(word, word.capitalize()), title, m.start()
    dated = [m.end() for m in (PLACE_DATE.search(text, a, end), _own_number().search(text, a, end),
                               _motto().search(text, a, end)) if m]
    titles = _capitals_title().finditer(text, max(dated), end) if dated else ()
    m = next((m for m in titles if not _inside_capitals(t, m.start())), None)
    # a report with no header opens with its title in capitals ("BÁO CÁO TÌNH HÌNH THỰC HIỆN THÁNG 1 NĂM 2006 …")
    m = m or _capitals_title().match(text, a + len(text[a:]) - len(text[a:].lstrip()))
    if m is None and (extract := _extract_of().search(text, a, end)):
        return type_words()[extract["type"].lower()], None, 0
    if m is None and (enacting := _enacting().search(text, a, a + NAVIGATION)):
        return next(r["type"] for r in table("enacting_formulas") if r["formula"] == enacting["formula"]), None, 0
    if m is None:
        word = (library_fields(text[:end]).get("doc_type") or "").lower()
        return (type_words().get(word), None, 0) if word in type_words() else (None, None, 0)
    word = m["type"].lower()
    # "ÁN LỆ SỐ 43/2021/AL": the number, not a title
    title = " ".join(m["title"].split()) if not regex.match(r"\s*SỐ\s*:?\s*\d", m["title"]) else None
    return type_words().get(word, word.capitalize()), title and sentence_case(title), m.start()


@lru_cache(maxsize=1)
def _enacting() -> regex.Pattern:
    """'QUYẾT NGHỊ:' before the articles (rules/enacting_formulas.tsv)."""
    formulas = alternation(r["formula"] for r in table("enacting_formulas"))
    return regex.compile(rf"(?<![\p{{L}}])(?P<formula>{formulas})\s*:")


@lru_cache(maxsize=1)
def _extract_of() -> regex.Pattern:
    """'Trích Báo cáo của …': an extract of a document of that type."""
    spelled = sorted({w for w in type_words().values() if len(w) > 3}, key=len, reverse=True)
    return regex.compile(rf"(?<![\p{{L}}])(?:{alternation(words('extract_of'))})\s+"
                         rf"(?P<type>(?i:{alternation(spelled)}))(?![\p{{L}}])")


@lru_cache(maxsize=1)
def _capitals_title() -> regex.Pattern:
    """A type word in capitals with its title in capitals, ending before the enacting authority, a line break
    or a word in lower case."""
    spelled = sorted({w for w in type_words().values() if len(w) > 3}, key=len, reverse=True)
    enacting = alternation(r["word"] for r in table("header") if r["part"] == "enacting")
    word = r"[\p{Lu}\p{N}][\p{Lu}\p{N}\p{M}/,.;:()&\-–]*(?![\p{L}])"
    return regex.compile(rf"(?<![\p{{L}}])(?P<type>{alternation(w.upper() for w in spelled)})(?![\p{{L}}])"
                         rf"(?P<title>(?:[ \t]+(?!(?:{enacting})(?![\p{{L}}])){word})*)")


def issuer_lines(t: Text, head_end: int) -> list[str]:
    """The issuer block as written, parent line first: ['UBND TỈNH ĐẮK LĂK', 'TỔ CÔNG TÁC TRIỂN KHAI ĐỀ ÁN 06']."""
    a = header_start(t.text)
    so = _own_number().search(t.text, a, head_end or a + HEADER)
    motto = _motto().search(t.text, a, head_end or a + HEADER)
    end = min([m.start() for m in (so, motto) if m] or [0])
    # the run of lines in capitals right before the number or the motto (a line without letters, "********",
    # does not end it); a two-column header flattened into one line keeps its cell bars: "HỘI ĐỒNG NHÂN DÂN | …"
    lines: list[str] = []
    for ln in reversed(source_lines(t, a, end)):
        text = ln.text.strip(" |\t")
        if not regex.search(r"\p{L}", text):
            continue
        if not text.isupper() or _title_word().match(text):
            break
        if not _motto().search(text):
            lines.insert(0, text)
    # one name cut by the layout: "ỦY / BAN NHÂN DÂN / TỈNH SƠN LA", "NGÂN HÀNG NHÀ NƯỚC / VIỆT NAM" (a lone word, a
    # line opening with a level or with words that continue a name)
    k = 1
    while k < len(lines):
        if (len(lines[k - 1].split()) == 1 or lines[k].split()[0].lower() in levels("title")
                or lines[k].startswith(tuple(words("continues")))):
            lines[k - 1:k + 1] = [f"{lines[k - 1]} {lines[k]}"]
        else:
            k += 1
    return [lines[0], " ".join(lines[1:])] if len(lines) > 1 else lines


@lru_cache(maxsize=1)
def _title_word() -> regex.Pattern:
    """A type word in capitals opening a line: the title ('LUẬT TỔ CHỨC CHÍNH PHỦ'), never the issuer."""
    spelled = sorted({w for w in type_words().values() if len(w) > 3}, key=len, reverse=True)
    return regex.compile(rf"(?:{alternation(w.upper() for w in spelled)})(?![\p{{Ll}}])")


def issuer_named(lines: list[str]) -> str | None:
    """The issuing body's name from its header block, as running text writes it; a unit named only by what it is
    ('UBND TỈNH ĐẮK LẮK' / 'VĂN PHÒNG', rules/header.tsv `unit`) is its parent's ('Văn phòng Ủy ban nhân dân tỉnh
    Đắk Lắk')."""
    if not lines:
        return None
    name = sentence_case(lines[-1])
    if len(lines) > 1 and name in words("unit"):
        name = f"{name} {sentence_case(lines[0])}"
    return spelled_out(name)


def issuer_of_symbol(symbol: str | None) -> str | None:
    """The body the document's own symbol names: '2015/QH13' -> Quốc hội, 'NĐ-CP' -> Chính phủ."""
    code = regex.sub(r"^\d{4}/", "", symbol or "")
    return implied_issuer(code) if code else None


def issuer_of_type(doc_type: str | None) -> str | None:
    """The one body that issues documents of a type (rules/doc_types.tsv `issuer`: a law is the National
    Assembly's)."""
    return next((r["issuer"] for r in table("doc_types") if r["word"] == doc_type and r["issuer"]), None)


@lru_cache(maxsize=1)
def _opening() -> regex.Pattern:
    verbs = "|".join(regex.escape(w) for w in words("issuer_verb"))
    return regex.compile(rf"\s+(?:{verbs})(?![\p{{L}}])")


# where the subject of the opening sentence starts: after '), ', '; ', a full stop, a colon or a line break,
# or after a parenthesis closing what precedes it ('Kính gửi: Công an tỉnh (…) Sở Tư pháp nhận được …')
SUBJECT_START = regex.compile(r"\),?\s+(?=\p{Lu})|[;.:]\s+|\n")


@lru_cache(maxsize=1)
def _aside_and_locality() -> tuple[regex.Pattern, regex.Pattern]:
    aside = regex.compile(rf"\s*\((?:{'|'.join(_spaced(w) for w in words('aside'))})[^()]*\)")
    locality = regex.compile(rf"(?:{'|'.join(_spaced(w) for w in words('locality'))})\s+"
                             rf"(?P<level>{level_alternation('locality')})\s+"
                             r"(?P<name>\p{Lu}[\p{L} ]{1,30}?)(?=\s+(?:tháng|năm|giai|quý|\d)|[,.;\n]|$)")
    return aside, locality


def issuer_from_body(text: str, title: str | None, body_start: int) -> str | None:
    """The subject of the opening sentence: '…, Ban chỉ đạo … tỉnh Lâm Đồng (sau đây …) báo cáo kết quả'; a
    bare 'UBND tỉnh' gets the province the title names ('… trên địa bàn tỉnh Đắk Lắk')."""
    aside = _aside_and_locality()[0]
    for verb in _opening().finditer(text, body_start, body_start + 3000):
        starts = [m.end() for m in SUBJECT_START.finditer(text, max(0, verb.start() - 250), verb.start())]
        subject = aside.sub("", text[starts[-1] if starts else verb.start() - 250: verb.start()]).strip()
        if not subject or not agencies.starts_agency(subject) or len(subject.split()) > 30:
            continue
        return _placed(subject, title)
    return None


def _placed(name: str, title: str | None) -> str:
    """A bare 'UBND tỉnh' with the province the title names ('… trên địa bàn tỉnh Đắk Lắk'), spelled out."""
    level = regex.search(r"(?:tỉnh|huyện|xã)$", name)
    place = _aside_and_locality()[1].search(title or "")
    if level and place and place["level"] == level[0]:
        name = f"{name} {place['name'].strip()}"
    return spelled_out(name)


@lru_cache(maxsize=1)
def _issued_with() -> regex.Pattern:
    return regex.compile(rf"(?i:{'|'.join(_spaced(w) for w in words('attached'))})\s+[^()\n]{{0,160}}?\s+của\s+"
                         r"(?P<issuer>\p{Lu}[^()\n]{2,80}?)\s*\)")


def issuer_of_attached(text: str, title: str | None) -> str | None:
    """A regulation issued with a decision, '(Ban hành kèm theo Quyết định số 63/2010/QĐ-UBND … của UBND tỉnh)': the
    decision's issuer is the regulation's."""
    a = header_start(text)
    m = _issued_with().search(text, a, a + HEADER)
    return _placed(" ".join(m["issuer"].split()), title) if m and agencies.starts_agency(m["issuer"]) else None


@lru_cache(maxsize=1)
def _attached() -> regex.Pattern:
    return regex.compile(rf"(?i)(?:{'|'.join(_spaced(w) for w in words('attached'))})\s+(?P<type>[\p{{L}} ]{{3,20}}?)"
                         r"\s+số\s*(?P<number>\d*)\s*/\s*(?P<symbol>[\p{Lu}\p{N}&.-]+)\s+ngày\s+(?P<d>\d{1,2})/"
                         r"(?P<m>\d{1,2})/(?P<y>20\d\d)")


def attached(text: str) -> dict:
    """'(kèm theo Kế hoạch số /KH-UBND ngày 25/3/2025 của …)' in an appendix: the document's own facts."""
    m = _attached().search(text)
    if not m:
        return {}
    word = " ".join(m["type"].split()).lower()
    return {"doc_type": type_words().get(word), "number": f"{m['number']}/{m['symbol']}" if m["number"] else None,
            "symbol": m["symbol"], "date": _date(m["y"], m["m"], m["d"])}

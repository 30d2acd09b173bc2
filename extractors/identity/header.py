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
from ..references.key import numbered_key
from ..rules import alternation, level_alternation, levels, table
from .lines import source_lines
from .words import sentence_case, spelled_out, words

HEADER = 1500  # the header block sits in the first characters of the clean text
PLACE_DATE = regex.compile(  # the place's last word may be in lower case, as old documents write "Hà nội"
    r"(?<![\p{L}\p{N}])(?P<place>\p{Lu}[\p{Ll}\p{M}]*(?:[ \t]+\p{Lu}[\p{Ll}\p{M}]*){0,3}"
    r"(?:[ \t]+\p{Ll}[\p{Ll}\p{M}]*)?),"
    r"[ \t]*ngày[ \t]*(?P<d>\d{1,2})?[ \t]*tháng[ \t]*(?P<m>\d{1,2})?[ \t]*năm[ \t]*(?P<y>(?:19|20)\d\d)"
)
# "Số: 19/BC-…", party "Số 38-KH/TU"; a blank "Số:      /KH-UBND" is a draft without its number yet
OWN_NUMBER = regex.compile(r"(?<![\p{L}\p{N}])Số\s*:?\s*(?=\d|/)")
# a law library's fields before the text: "Số hiệu: | 98/2022/NĐ-CP | Loại văn bản: | Nghị định |"
NUMBER_FIELD = regex.compile(r"(?<![\p{L}\p{N}])Số\s+hiệu\s*:?\s*\|?\s*(?=\d)")
TYPE_FIELD = regex.compile(r"(?<![\p{L}\p{N}])Loại\s+văn\s+bản\s*:?\s*\|?\s*(?P<type>\p{Lu}\p{Ll}*(?:\s+\p{Ll}+){0,3})")
# an official gazette's title in capitals names issuer, number and date: "QUYẾT ĐỊNH CỦA THỦ TƯỚNG CHÍNH PHỦ SỐ
# 115/2004/QĐ-TTG NGÀY 25 THÁNG 6 NĂM 2004 VỀ VIỆC …"
TITLE_NUMBER = regex.compile(r"(?<![\p{L}])CỦA\s+(?P<issuer>\p{Lu}[\p{Lu}\p{M}\s]{1,80}?)\s+SỐ\s+(?=\d)")
TITLE_DATE = regex.compile(r"\s+NGÀY\s+(?P<d>\d{1,2})\s+THÁNG\s+(?P<m>\d{1,2})\s+NĂM\s+(?P<y>(?:19|20)\d\d)")
BLANK_SYMBOL = regex.compile(r"\s*/\s*(?P<symbol>\p{Lu}[\p{Lu}\p{N}&.-]*)")
MOTTO = regex.compile(r"CỘNG\s+HÒA\s+XÃ\s+HỘI|ĐẢNG\s+CỘNG\s+SẢN")
ATTACHED = regex.compile(r"(?i)kèm\s+theo\s+(?P<type>[\p{L} ]{3,20}?)\s+số\s*(?P<number>\d*)\s*/\s*"
                         r"(?P<symbol>[\p{Lu}\p{N}&.-]+)\s+ngày\s+(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>20\d\d)")


def _date(y: str, mo: str | None, d: str | None) -> str | None:
    if not mo:
        return y
    try:
        return Date(int(y), int(mo), int(d)).isoformat() if d else f"{int(y):04d}-{int(mo):02d}"
    except ValueError:
        return None


def own_number(text: str) -> dict:
    """{number, symbol, place, date} of the header, None where it does not say; and the issuer ("issuer") where a
    gazette's title names it with the number."""
    found: dict = {"number": None, "symbol": None, "place": None, "date": None}
    head = text[:HEADER]
    m = PLACE_DATE.search(head)
    if m:
        found |= {"place": m["place"], "date": _date(m["y"], m["m"], m["d"])}
    so = OWN_NUMBER.search(head) or NUMBER_FIELD.search(head)
    titled = None if so else TITLE_NUMBER.search(head)
    if so or titled:
        at = (so or titled).end()
        n = grammar.bare_symbol().match(head, at, at + 80)
        if n:
            found["number"] = numbered_key(n)[0]
            found["symbol"] = found["number"].split("/", 1)[-1] if "/" in found["number"] else None
        elif so and (blank := BLANK_SYMBOL.match(head, so.end())):
            found["symbol"] = blank["symbol"]
        if titled and n:
            found["issuer"] = spelled_out(sentence_case(" ".join(titled["issuer"].split())))
            if not found["date"] and (d := TITLE_DATE.match(head, n.end())):
                found["date"] = _date(d["y"], d["m"], d["d"])
    return found


@lru_cache(maxsize=1)
def _type_line() -> regex.Pattern:
    """A type word in capitals opening the title block: 'BÁO CÁO', 'KẾ HOẠCH' …"""
    spelled = sorted({w for w in type_words().values() if len(w) > 3}, key=len, reverse=True)
    return regex.compile("(?<![\\p{L}])(?P<type>" + "|".join(regex.escape(w.upper()) for w in spelled)
                         + ")(?=\\s+\\p{Lu}\\p{Ll})")  # a title follows: 'BÁO CÁO Tổng kết …', not 'ĐỀ ÁN 06


def type_and_title(text: str) -> tuple[str | None, str | None, int]:
    """('Báo cáo', its title, where the header ends) from the first paragraphs: a type word in capitals and a
    title in sentence case, or, after the header's number and date, a title in capitals too ('QUYẾT ĐỊNH VỀ
    VIỆC BAN HÀNH QUY CHẾ … CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH': up to the enacting authority)."""
    end = min(len(text), HEADER)
    for m in _type_line().finditer(text, 0, end):
        line_end = text.find("\n", m.end())
        title = " ".join(text[m.end(): line_end if line_end >= 0 else None].split())
        if title:
            word = m["type"].lower()
            return type_words().get(word, word.capitalize()), title, m.start()
    dated = [m.end() for m in (PLACE_DATE.search(text, 0, end), OWN_NUMBER.search(text, 0, end)) if m]
    m = _capitals_title().search(text, max(dated), end) if dated else None
    if m is None:
        field = TYPE_FIELD.search(text, 0, end)
        word = field and field["type"].lower()
        return (type_words().get(word), None, 0) if word in type_words() else (None, None, 0)
    word = m["type"].lower()
    title = sentence_case(" ".join(m["title"].split())) if m["title"] else None
    return type_words().get(word, word.capitalize()), title, m.start()


@lru_cache(maxsize=1)
def _capitals_title() -> regex.Pattern:
    """A type word in capitals with its title in capitals, ending before the enacting authority, a line break
    or a word in lower case."""
    spelled = sorted({w for w in type_words().values() if len(w) > 3}, key=len, reverse=True)
    enacting = alternation(r["word"] for r in table("header") if r["part"] == "enacting")
    word = r"[\p{Lu}\p{N}][\p{Lu}\p{N}\p{M}/,.;:()&\-–]*"
    return regex.compile(rf"(?<![\p{{L}}])(?P<type>{alternation(w.upper() for w in spelled)})(?![\p{{L}}])"
                         rf"(?P<title>(?:[ \t]+(?!(?:{enacting})(?![\p{{L}}])){word})*)")


def issuer_lines(t: Text, head_end: int) -> list[str]:
    """The issuer block as written, parent line first: ['UBND TỈNH ĐẮK LĂK', 'TỔ CÔNG TÁC TRIỂN KHAI ĐỀ ÁN 06']."""
    so = OWN_NUMBER.search(t.text, 0, head_end or HEADER)
    motto = MOTTO.search(t.text, 0, head_end or HEADER)
    end = min([m.start() for m in (so, motto) if m] or [0])
    # a two-column header flattened into one line keeps its cell bars: "HỘI ĐỒNG NHÂN DÂN | CỘNG HÒA …"
    lines = [text for ln in source_lines(t, 0, end) if (text := ln.text.strip(" |\t")) and text.isupper()]
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


def issuer_named(lines: list[str]) -> str | None:
    """The issuing body's name from its header block, as running text writes it."""
    return spelled_out(sentence_case(lines[-1])) if lines else None


@lru_cache(maxsize=1)
def _opening() -> regex.Pattern:
    verbs = "|".join(regex.escape(w) for w in words("issuer_verb"))
    return regex.compile(rf"\s+(?:{verbs})(?![\p{{L}}])")


# where the subject of the opening sentence starts: after '), ', '; ', a full stop, a colon or a line break,
# or after a parenthesis closing what precedes it ('Kính gửi: Công an tỉnh (…) Sở Tư pháp nhận được …')
SUBJECT_START = regex.compile(r"\),?\s+(?=\p{Lu})|[;.:]\s+|\n")
ASIDE = regex.compile(r"\s*\((?:sau đây|viết tắt|gọi tắt)[^()]*\)")
LOCALITY = regex.compile(rf"trên\s+địa\s+bàn\s+(?P<level>{level_alternation('locality')})\s+"
                         r"(?P<name>\p{Lu}[\p{L} ]{1,30}?)(?=\s+(?:tháng|năm|giai|quý|\d)|[,.;\n]|$)")


def issuer_from_body(text: str, title: str | None, body_start: int) -> str | None:
    """The subject of the opening sentence: '…, Ban chỉ đạo … tỉnh Lâm Đồng (sau đây …) báo cáo kết quả'; a
    bare 'UBND tỉnh' gets the province the title names ('… trên địa bàn tỉnh Đắk Lắk')."""
    for verb in _opening().finditer(text, body_start, body_start + 3000):
        starts = [m.end() for m in SUBJECT_START.finditer(text, max(0, verb.start() - 250), verb.start())]
        subject = ASIDE.sub("", text[starts[-1] if starts else verb.start() - 250: verb.start()]).strip()
        if not subject or not agencies.starts_agency(subject) or len(subject.split()) > 30:
            continue
        level = regex.search(r"(?:tỉnh|huyện|xã)$", subject)
        place = LOCALITY.search(title or "")
        if level and place and place["level"] == level[0]:
            subject = f"{subject} {place['name'].strip()}"
        return spelled_out(subject)
    return None


def attached(text: str) -> dict:
    """'(kèm theo Kế hoạch số /KH-UBND ngày 25/3/2025 của …)' in an appendix: the document's own facts."""
    m = ATTACHED.search(text)
    if not m:
        return {}
    word = " ".join(m["type"].split()).lower()
    return {"doc_type": type_words().get(word), "number": f"{m['number']}/{m['symbol']}" if m["number"] else None,
            "symbol": m["symbol"], "date": _date(m["y"], m["m"], m["d"])}

"""The citation grammar, built from the rules/ tables (type words, codes, issuers, law names).

A citation in running text: <type word> [số] <number/symbol> [, ngày <date>] [của <issuer>] [về việc <subject>].
Number/symbol forms (DOMAIN.md §1): administrative "06/QĐ-TTg", legal normative "69/2024/NĐ-CP",
party "57-NQ/TW". Damaged forms seen in archives are accepted: spaces around the hyphen
("06/QĐ- TTg"), a space for the hyphen before a known code ("04/CT TTg"), an underscore ("QĐ_TTg").
Every pattern is linear: no nested quantifiers over the same characters.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from ..rules import alternation, table
from ..scan import Scanner


@lru_cache(maxsize=1)
def type_words() -> dict[str, str]:
    """Lower-cased type word -> its canonical spelling ("quyết định" -> "Quyết định"; "qđ" -> "Quyết định")."""
    rows = table("doc_types")
    full = {r["code"]: r["word"] for r in rows if len(r["word"]) > 3 and r["code"]}
    return {r["word"].lower(): full.get(r["word"], r["word"]) for r in rows}


@lru_cache(maxsize=1)
def codes() -> dict[str, str]:
    """Upper-cased code -> canonical spelling, for type codes and issuer codes ("TTG" -> "TTg")."""
    known = [r["code"] for r in table("doc_types") if r["code"]] + [r["code"] for r in table("issuer_codes")]
    return {c.upper(): c for c in known}


@lru_cache(maxsize=1)
def type_of_code() -> dict[str, str]:
    return {r["code"].upper(): r["word"] for r in table("doc_types") if r["code"] and len(r["word"]) > 3}


@lru_cache(maxsize=1)
def issuers() -> dict[str, str]:
    return {r["code"].upper(): r["issuer"] for r in table("issuer_codes")}


@lru_cache(maxsize=1)
def party_codes() -> frozenset[str]:
    """Upper-cased issuer codes of the Party's bodies (TW, TU, HU …)."""
    return frozenset(r["code"].upper() for r in table("issuer_codes") if r["party"] == "1")


@lru_cache(maxsize=1)
def glued() -> str:
    """A word glued to the end of a symbol (rules/glued_words.tsv: "70-TB/TWngày"), where no letter follows it."""
    return rf"(?:{alternation(r['word'] for r in table('glued_words'))})(?!\p{{L}})"


@lru_cache(maxsize=1)
def code() -> str:
    """QĐ, TTg, BNN&MT, ĐK:HT, PC06: no trailing dot or colon, and no glued word ("TWngày" is TW)."""
    return rf"\p{{Lu}}(?:(?!{glued()})[\p{{L}}\p{{N}}&:.])*(?<![.:])"

SEP = r"(?:[-–_]\s?|\s[-–_](?!\s))"  # hyphen, possibly spaced on one side or mistyped; " - " opens a list item


@lru_cache(maxsize=1)
def symbol_pattern() -> str:
    known = alternation(codes().values())
    type_codes = alternation(type_of_code())
    CODE = code()
    # after a space instead of a hyphen, only a known code continues the symbol ("04/CT TTg")
    tail = rf"(?:{SEP}{CODE}|\s(?:(?i:{known}))(?![\p{{L}}\p{{N}}]))*"
    return (
        rf"(?P<number>\d{{1,5}}(?:[a-zA-Z](?=\s?/))?)(?:"  # 30c/NQ-CP, 119A/QĐ-CA: a letter before the slash
        # atomic groups: a symbol is taken whole or not at all, never cut short to fit
        rf"\s?/\s?(?P<year>(?:19|20)\d\d)\s?/\s?(?P<legal>(?>{CODE}{tail}))"  # 69/2024/NĐ-CP
        # 57-NQ/TW; "100 - KL/TW" too, where the slash after the code says it is no list item
        rf"|(?:{SEP}|\s[-–]\s(?={CODE}\s?/))(?P<ptype>{CODE})\s?/\s?(?P<party>(?>{CODE}{tail}))"
        # 06/QĐ-TTg, 2136/TGV, 01/KH TCTĐA06, 516/KH-BCĐ06/CP; a space for the slash before a type code and its
        # hyphen, as a PDF copy writes it ("1194 QĐ-TTg")
        rf"|(?:\s?/\s?|\s(?=(?:{type_codes})[-–]))(?P<admin>(?>(?:(?:{type_codes})\s(?=\p{{Lu}}{{2}}))?{CODE}{tail}(?:/{CODE}{tail})?))"
        rf")(?:(?![\p{{L}}\p{{N}}/])|(?={glued()}))"
    )


@lru_cache(maxsize=1)
def citation() -> Scanner:
    """A typed citation: type word, optional 'số', then a number with its symbol or a bare number."""
    words = alternation(type_words())
    return Scanner(regex.compile(
        # words may stand between the type word and "số" ("văn bản hướng dẫn số 1552/…"), not before a bare number
        rf"(?<![\p{{L}}\p{{N}}])(?P<type>(?i:{words}))"
        rf"(?P<so>(?:\s+\p{{Ll}}+){{0,2}}?\s+(?:số\s+){{1,2}}|(?:\s+\p{{Ll}}+){{0,2}}?\s+số:\s*|\s*:\s*|\s+)"
        rf"(?:{symbol_pattern()}|(?P<bare>\d{{1,5}})(?![\p{{N}}/]|[-–]\p{{Lu}}))"
    ), (w.split()[0] for w in type_words()))


@lru_cache(maxsize=1)
def bare_symbol() -> regex.Pattern:
    """A number with its symbol and no type word before it ("… và 708/BTTTT-CATTT")."""
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}/.,-]){symbol_pattern()}")


DATE = regex.compile(
    r"\G\s*,?\s*(?:(?:được\s+)?ban hành\s+)?(?i:ngày)\s+"
    r"(?:(?P<d>\d{1,2})\s?[/.-]\s?(?P<m>\d{1,2})\s?[/.-]\s?(?P<y>\d{4})(?!\d)"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4}))"
)
# "Ngày 23/11/2022, UBND tỉnh đã ban hành Công văn số …": the date opens the clause of the citation
DATE_BEFORE = regex.compile(
    r"(?<![\p{L}\p{N}])[Nn]gày\s+(?:(?P<d>\d{1,2})\s?/\s?(?P<m>\d{1,2})\s?/\s?(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4})),(?P<between>[^.;:\n/]{0,100})$"
)
ISSUER = regex.compile(
    r"\G\s*,?\s*của\s+(?P<issuer>[^,;:()“”\"]{3,120}?)"
    r"(?=\s+(?:về|V/v|ngày|để|nhằm|thì|đã|và|tại|quy định|ban hành|hướng dẫn)\s|[,;:.()“”\"]|$)"
)
SUBJECT = regex.compile(
    r"\G\s*,?\s*(?:(?i:về việc)|V/v|về)\s+(?P<subject>[^;()]{3,400}?)"
    r"(?=\s*[;()]|\.\s|\.$|,\s+(?:(?i:{types})\b)|[,;]?\s*(?:và\s+)?(?:số\s+)?\d{1,5}(?:\s?/\s?|-)\p{Lu}|$)"
)
ALIAS = regex.compile(
    r"\G\s*[(\[]\s*(?:sau đây\s+)?(?:được\s+)?(?:viết tắt|gọi tắt|gọi chung)(?:\s+là)?\s*:?\s*"
    r"(?P<alias>[^)\]]{1,80})[)\]]"
)
# more years after a law's year: "Hiến pháp năm 1946, 1959, 1980 và 1992", "… năm 1992, năm 2002" (one document each)
MORE_YEARS = regex.compile(r"\G(?:\s*,\s*|\s+và\s+)(?:năm\s+)?(?P<year>(?:19|20)\d\d)(?![\p{N}/])")
# after a short form with "số", more numbers of that type: "án lệ số 07, 08, 09 và 10"
MORE_NUMBERS = regex.compile(r"\G(?:\s*,\s*|\s+và\s+|\s*,\s*và\s+)(?:số\s+)?(?P<bare>\d{1,5})(?![\p{N}/]|[-–]\p{Lu})")
# after one citation, another number sharing its type word: "Công văn số 1552/… và 708/…"
LIST_GAP = regex.compile(r"\G\s*(?:,|;|và|,\s*và)\s*(?:số\s+)?(?=\d)")


@lru_cache(maxsize=1)
def subject_pattern() -> regex.Pattern:
    return regex.compile(SUBJECT.pattern.replace("{types}", alternation(type_words())))


@lru_cache(maxsize=1)
def not_citations() -> regex.Pattern:
    return regex.compile("|".join(f"(?:{r['pattern']})" for r in table("not_citations")))


@lru_cache(maxsize=1)
def law_names() -> dict[str, str]:
    """Lower-cased listed law name -> its spelling in rules/laws.tsv (the name it stands for, if another)."""
    return {r["name"].lower(): r["same_as"] or r["name"] for r in table("laws")}


@lru_cache(maxsize=1)
def law_facts() -> dict[str, tuple[str, str]]:
    """A listed name's type and issuer where they are not Luật and Quốc hội ("Điều lệ Đảng": Điều lệ, Đại hội
    Đảng; "Hiến pháp")."""
    return {r["name"]: (r["type"], r["issuer"]) for r in table("laws")
            if (r["type"] or r["issuer"]) and not r["same_as"]}


@lru_cache(maxsize=1)
def _old_tones() -> tuple[regex.Pattern, dict[str, str]]:
    rows = {r["old"]: r["new"] for r in table("tone_marks")}
    rows |= {o.capitalize(): n.capitalize() for o, n in rows.items()}
    return regex.compile(rf"(?:{alternation(rows)})(?!\p{{L}})"), rows


def modern_tones(name: str) -> str:
    """A name spelled with modern tone marks (rules/tone_marks.tsv): "Luật tổ chức Toà án" -> "… Tòa án"."""
    pattern, new = _old_tones()
    return pattern.sub(lambda m: new[m[0]], name)


# words that end a law's name in running text; "và" only before another document or a plural ("Luật Căn cước
# và Luật …", "… và các văn bản"), as names hold it ("Luật Tổ chức HĐND và UBND ngày 26/11/2003"); an amending
# law's name may hold anything
NAME_STOP = (r"\s(?:đã|được|có|thì|để|là|đang|sẽ|quy định|thông qua|hướng dẫn|hoặc)\s"
             r"|\svà\s(?=(?:Luật|Bộ\s+luật|Pháp\s+lệnh|Hiến|Nghị|Quyết|Thông|Chỉ|Kế|Công|các|những)\s)")


@lru_cache(maxsize=1)
def law_name() -> Scanner:
    """A law cited by name: 'Luật <name>' where a date, year or number follows (a preamble's
    "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"), else a name from rules/laws.tsv;
    then its year and its number ("Luật Căn cước số 26/2023/QH15") when given."""
    listed = alternation(r["name"] for r in table("laws"))
    return Scanner(regex.compile(
        rf"(?<![\p{{L}}\p{{N}}])(?:(?P<unlisted>Luật\s+sửa\s+đổi[^;:\n()“”\"]{{0,200}}?"
        rf"|(?:Bộ\s+luật|Luật)\s+\p{{L}}(?:(?!{NAME_STOP})[^;:\n()“”\"]){{0,150}}?)"
        rf"(?=\s+(?:ngày\s+\d|năm\s+(?:19|20)\d\d|số\s+\d))"
        rf"|(?P<listed>(?i:{listed}))(?![\p{{L}}\p{{N}}]))"
        rf"(?:\s+(?:năm\s+)?(?P<lyear>(?:19|20)\d\d)(?![\p{{N}}/]))?"
        rf"(?:\s+số\s+{symbol_pattern()})?"
    ), ["Luật", "Bộ", *(r["name"].split()[0] for r in table("laws"))])


@lru_cache(maxsize=1)
def party_facts() -> dict[str, tuple[str, str]]:
    """Lower-cased opening words of a Party document cited by name -> its (type, issuer)."""
    return {r["words"].lower(): (r["type"], r["issuer"]) for r in table("party_documents") if r["part"] == "opens"}


@lru_cache(maxsize=1)
def party_name() -> Scanner:
    """A Party document by name (rules/party_documents.tsv), up to its number, body and term."""
    words = {part: alternation(r["words"] for r in table("party_documents") if r["part"] == part)
             for part in ("opens", "body")}
    counted = alternation(r["word"] for r in table("number_words"))
    number = rf"(?:lần\s+thứ\s+(?:{counted}|\d{{1,2}}|[IVXL]{{1,6}})|[IVXL]{{1,6}}|\d{{1,2}})(?![\p{{L}}\p{{N}}])"
    body = rf"(?:\s+(?:{words['body']})(?![\p{{L}}]))?"
    term = r"(?:\s*\(\s*(?i:kh[oó][aá])\s+[IVXL]{1,6}\s*\)|,?\s+(?i:kh[oó][aá])\s+[IVXL]{1,6}(?![\p{L}]))"
    return Scanner(regex.compile(
        rf"(?<![\p{{L}}\p{{N}}])(?P<opens>(?i:{words['opens']}))(?:,?\s+(?!\d)[\p{{L}}]+){{0,14}}?"
        rf"(?:\s+{number}{body}(?:{term})?|(?={term})(?:{term}))"
    ), [r["words"].split()[0] for r in table("party_documents") if r["part"] == "opens"])

"""From citations to references: mentions of one document merged, short forms and aliases resolved.

Like eyecite's short-form resolution: a later "Quyết định số 06" or "Chỉ thị 24" is a mention of the
full citation of that type and number made earlier in the same document. A "<type> số <n>" that
resolves to nothing is a document cited without a symbol ("Thông báo số 53"); a bare "<type> <n>"
that resolves to nothing is not a citation.
"""

from __future__ import annotations

from .model import FACTS, Citation, Reference

LAWS = ("Luật", "Bộ luật")


def _number(n: str | None) -> str | None:
    return None if n is None else n.lstrip("0") or "0"


def _short_key(c: Citation, seen: dict[tuple, str]) -> str | None:
    """The nearest earlier full citation of that type and number, else a document cited without a symbol."""
    key = seen.get((c.type, _number(c.number)))
    return key or (f"{c.type} số {c.number}" if c.has_so else None)


def _named_keys(citations: list[Citation]) -> dict[int, str]:
    """A law's year is part of its identity ("Bộ luật Dân sự 2005" and "… 2015" are two documents): a named
    citation with its year is keyed with it, and a bare mention of the same name is the one year the document
    gives it, where it gives one (else it stays bare)."""
    # a law named inside another's name ("Luật sửa đổi … Luật Tổ chức chính quyền địa phương ngày 22/11/2019")
    # carries the outer law's date, not its own year
    inside, reach, reach_start = set(), -1, -1
    for i in sorted(range(len(citations)), key=lambda i: (citations[i].start, -citations[i].end)):  # one sweep
        c = citations[i]
        if reach > c.end or (reach == c.end and reach_start < c.start):
            inside.add(i)
        if c.end > reach:
            reach, reach_start = c.end, c.start
    years: dict[str, set[int]] = {}
    for i, c in enumerate(citations):
        if c.kind == "named" and c.year and i not in inside:
            years.setdefault(c.key, set()).add(c.year)
    out = {}
    for i, c in enumerate(citations):
        year = c.year if c.kind == "named" and c.year and i not in inside else None
        if c.kind == "named" and year is None and len(years.get(c.key, ())) == 1:
            year = next(iter(years[c.key]))
        if year and not c.key.endswith(str(year)):
            out[i] = f"{c.key} {year}"
    return out


def resolve(citations: list[Citation]) -> list[Reference]:
    groups: dict[str, list[Citation]] = {}
    dated = _named_keys(citations)
    # a law cited once with its number ("Luật Căn cước số 26/2023/QH15") is that number wherever it is named
    named_as = {c.alias: c.key for c in citations if c.kind == "numbered" and c.alias and c.type in LAWS}
    seen: dict[tuple, str] = {}  # (type, number) -> key of the latest full citation
    for i, c in enumerate(citations):
        key = _short_key(c, seen) if c.kind == "short" else named_as.get(c.key, dated.get(i, c.key))
        if key is None:
            continue
        if c.kind == "numbered":
            seen[(c.type, _number(c.number))] = key
        groups.setdefault(key, []).append(c)
    refs = []
    for key, mentions in groups.items():
        value = {f: next((getattr(m, f) for m in mentions if getattr(m, f) is not None), None) for f in FACTS}
        refs.append(Reference(
            key, "named" if all(m.kind == "named" for m in mentions) else "numbered", value["type"], value["number"],
            value["year"], value["symbol"], value["date"], value["issuer"], value["subject"],
            tuple(dict.fromkeys([*(m.alias for m in mentions if m.alias),
                                 *(m.key for m in mentions if m.kind == "named" and m.key != key)])),
            tuple(mentions),
        ))
    return refs

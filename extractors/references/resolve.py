"""From citations to references: mentions of one document merged, short forms and aliases resolved.

Like eyecite's short-form resolution: a later "Quyết định số 06" or "Chỉ thị 24" is a mention of the
full citation of that type and number made earlier in the same document. A "<type> số <n>" that
resolves to nothing is a document cited without a symbol ("Thông báo số 53"); a bare "<type> <n>"
that resolves to nothing is not a citation.
"""

from __future__ import annotations

from .model import Citation, Reference

FIELDS = ("type", "number", "year", "symbol", "date", "issuer", "subject")


def _same_number(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a.lstrip("0") == b.lstrip("0")


def _short_key(c: Citation, seen: list[Citation]) -> str | None:
    for full in reversed(seen):  # the nearest earlier full citation of that type and number
        if full.kind == "numbered" and full.type == c.type and _same_number(full.number, c.number):
            return full.key
    return f"{c.type} số {c.number}" if c.has_so else None


def resolve(citations: list[Citation]) -> list[Reference]:
    groups: dict[str, list[Citation]] = {}
    seen: list[Citation] = []
    for c in citations:
        key = _short_key(c, seen) if c.kind == "short" else c.key
        if key is None:
            continue
        if c.kind != "short":
            seen.append(c)
        groups.setdefault(key, []).append(c)
    refs = []
    for key, mentions in groups.items():
        first = next((m for m in mentions if m.kind != "short"), mentions[0])
        value = {f: next((getattr(m, f) for m in mentions if getattr(m, f) is not None), None) for f in FIELDS}
        refs.append(Reference(
            key, "named" if first.kind == "named" else "numbered", value["type"], value["number"],
            value["year"], value["symbol"], value["date"], value["issuer"], value["subject"],
            tuple(dict.fromkeys(m.alias for m in mentions if m.alias)), tuple(mentions),
        ))
    return refs

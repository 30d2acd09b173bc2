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


def resolve(citations: list[Citation]) -> list[Reference]:
    groups: dict[str, list[Citation]] = {}
    # a law cited once with its number ("Luật Căn cước số 26/2023/QH15") is that number wherever it is named
    named_as = {c.alias: c.key for c in citations if c.kind == "numbered" and c.alias and c.type in LAWS}
    seen: dict[tuple, str] = {}  # (type, number) -> key of the latest full citation
    for c in citations:
        key = _short_key(c, seen) if c.kind == "short" else named_as.get(c.key, c.key)
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
            tuple(dict.fromkeys(m.alias for m in mentions if m.alias)), tuple(mentions),
        ))
    return refs

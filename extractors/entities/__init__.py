"""Named entities (ORG, LOC, PER) with canonical names: a spaCy pipeline fed from rules/ and a gazetteer (nlp),
bodies by grammar (orgs), people (people), places (gazetteer), canonical names (canonical)."""

from __future__ import annotations

from dataclasses import dataclass

from ..normalize import Text
from .canonical import canonical
from .nlp import entities

__all__ = ["Entity", "find"]


@dataclass(frozen=True)
class Entity:
    label: str  # ORG | LOC | PER
    text: str
    canonical: str
    start: int  # clean-text span
    end: int


def province_of(metadata: dict) -> str | None:
    """The issuing province, for 'UBND tỉnh': the header's place, else the issuer's or the title's province."""
    import regex

    for source in (metadata.get("issuer"), metadata.get("title"), " ".join(metadata.get("issuer_lines") or [])):
        m = regex.search(r"(?i:tỉnh)\s+(\p{Lu}[\p{Ll}\p{M}]*(?:\s+\p{Lu}[\p{Ll}\p{M}]*){0,2})", source or "")
        if m:
            return m[1]
    return metadata.get("place")


def find(t: Text, metadata: dict) -> list[Entity]:
    signers = [s["name"] for s in metadata.get("signers", []) if s.get("name")]
    province = province_of(metadata)
    return [Entity(s.label_, s.text, canonical(s.text, s.label_, province), s.start_char, s.end_char)
            for s in entities(t.text, signers)]

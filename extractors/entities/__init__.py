"""Named entities (ORG, LOC, PER) with canonical names: a spaCy pipeline fed from rules/ and a gazetteer (nlp),
bodies by grammar (orgs), people (people), places (gazetteer), canonical names (canonical)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import regex

from ..normalize import Text
from .canonical import aliases, canonical
from .gazetteer import province_names
from .nlp import entities

__all__ = ["Entity", "find"]


@dataclass(frozen=True)
class Entity:
    label: str  # ORG | LOC | PER
    text: str
    canonical: str
    start: int  # clean-text span
    end: int


def province_of(metadata: dict, places: list[str]) -> str | None:
    """The issuing province, for 'UBND tỉnh': the issuer's, the title's or the header's; else the province the
    text names most often (at least twice)."""
    for source in (metadata.get("issuer"), metadata.get("title"), " ".join(metadata.get("issuer_lines") or [])):
        m = regex.search(r"(?i:tỉnh)\s+(\p{Lu}[\p{Ll}\p{M}]*(?:\s+\p{Lu}[\p{Ll}\p{M}]*){0,2})", source or "")
        if m:
            return m[1]
    if metadata.get("place"):
        return metadata["place"]
    known = province_names()
    counted = Counter(p.removeprefix("tỉnh ").strip() for p in places)
    best = [(n, name) for name, n in counted.most_common() if name in known and n >= 2]
    return best[0][1] if best else None


def find(t: Text, metadata: dict) -> list[Entity]:
    signers = [s["name"] for s in metadata.get("signers", []) if s.get("name")]
    spans = entities(t.text, signers)
    province = province_of(metadata, [t.text[a:b] for label, a, b in spans if label == "LOC"])
    defined = aliases(t.text, [(a, b) for label, a, b in spans if label == "ORG"])
    return [Entity(label, t.text[a:b], canonical(t.text[a:b], label, province, defined), a, b)
            for label, a, b in spans]

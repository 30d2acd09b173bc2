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

    def as_json(self, text) -> dict:
        """The contract's entity; `text` is the clean Text it was found in (for its place)."""
        return {"label": self.label, "text": self.text, "canonical": self.canonical,
                "place": text.place(self.start, self.end).as_dict()}

    def as_row(self, text) -> dict:
        """The KB's `entities` row (without doc_id)."""
        return {"label": self.label, "canonical": self.canonical, **text.place(self.start, self.end).as_dict()}


# "tỉnh Lâm Đồng", "Tỉnh ủy Quảng Ngãi", "TỈNH ỦY QUẢNG NGÃI"
PROVINCE_AFTER = regex.compile(r"(?i:tỉnh)(?:\s+(?i:ủy|uỷ))?\s+(\p{Lu}[\p{L}\p{M}]*(?:\s+\p{Lu}[\p{L}\p{M}]*){0,3})")


def province_of(metadata: dict, places: list[str]) -> str | None:
    """The issuing province, for 'UBND tỉnh': the issuer's, the title's or the header's; else the province the
    text names most often (at least twice)."""
    known = province_names()
    for source in (metadata.get("issuer"), metadata.get("title"), " ".join(metadata.get("issuer_lines") or [])):
        for m in PROVINCE_AFTER.finditer(source or ""):
            words = [w.capitalize() if w.isupper() else w for w in m[1].split()]  # a header in capitals
            while words and " ".join(words) not in known:  # "tỉnh Lâm Đồng Báo cáo": the longest known name
                words.pop()
            if words:
                return " ".join(words)
    if metadata.get("place"):
        return metadata["place"]
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

"""What the reference extractor finds: citations (one per mention) and references (one per cited document)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Citation:
    """One mention of a document in the clean text, with what that mention says about it."""

    start: int  # clean-text span of the citation as written ("Quyết định số 06/QĐ-TTg")
    end: int
    kind: str  # numbered | named | short (a type word and a bare number: resolved against earlier citations)
    key: str | None
    type: str | None = None
    number: str | None = None
    symbol: str | None = None
    year: int | None = None
    date: str | None = None  # ISO
    issuer: str | None = None
    subject: str | None = None
    alias: str | None = None
    has_so: bool = False  # "số" stood before the number


# what a citation may say about the document it cites, shared by a Citation and its Reference
FACTS = ("type", "number", "year", "symbol", "date", "issuer", "subject")


@dataclass(frozen=True)
class Reference:
    """A distinct cited document and every place it is mentioned."""

    key: str
    kind: str  # numbered | named
    type: str | None
    number: str | None
    year: int | None
    symbol: str | None
    date: str | None
    issuer: str | None
    subject: str | None
    aliases: tuple[str, ...]
    mentions: tuple[Citation, ...]

    def as_json(self, text) -> dict:
        """The contract's reference, each mention's place in `text` (the clean Text it was found in)."""
        return {f: getattr(self, f) for f in ("key", "kind", *FACTS)} | {
            "aliases": list(self.aliases),
            "mentions": [text.place(m.start, m.end).as_dict() for m in self.mentions],
        }

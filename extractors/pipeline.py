"""read -> normalise -> extract: one document in, one `Extraction` out (the contract's JSON)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import __version__
from .document import Document
from .normalize import Text, normalize
from .readers import read

SCHEMA = "vanban.extraction/1"
RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
METADATA_FIELDS = ("doc_type", "number", "issuer", "place", "date", "title")


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    """Package version plus a digest of the rules tables: a rules change means re-extraction."""
    digest = hashlib.sha256()
    for path in sorted(RULES_DIR.rglob("*")) if RULES_DIR.is_dir() else ():
        if path.is_file():
            digest.update(path.relative_to(RULES_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:8]}"


@dataclass(frozen=True)
class Extraction:
    document: Document
    text: Text
    metadata: dict = field(
        default_factory=lambda: {k: None for k in METADATA_FIELDS} | {"signers": [], "recipients": []})
    references: tuple = ()
    claims: tuple = ()
    figures: tuple = ()
    tasks: tuple = ()
    entities: tuple = ()

    def as_json(self) -> dict:
        doc = self.document
        return {
            "schema": SCHEMA,
            "source": {
                "path": doc.path,
                "sha256": doc.sha256,
                "format": doc.format,
                "pages": doc.page_count,
                "encoding": doc.encoding,
                "warnings": list(doc.warnings),
            },
            "pipeline_version": pipeline_version(),
            "metadata": self.metadata,
            "references": list(self.references),
            "claims": list(self.claims),
            "figures": list(self.figures),
            "tasks": list(self.tasks),
            "entities": list(self.entities),
            "footnotes": [
                {"label": n.label,
                 "place": self.text.place(n.start, n.end).as_dict() | {"text": _clip(self.text.text[n.start:n.end])}}
                for n in self.text.footnotes
            ],
        }


def _clip(s: str, n: int = 160) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def extract_document(doc: Document) -> Extraction:
    return Extraction(doc, normalize(doc))


def extract(path: str | Path) -> Extraction:
    return extract_document(read(path))

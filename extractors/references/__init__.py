"""Document references: every distinct document a text cites, with each mention's place.

    find (grammar from rules/) -> resolve (merge, short forms, aliases) -> Reference
"""

from __future__ import annotations

from .find import find
from .model import Citation, Reference
from .resolve import resolve

__all__ = ["Citation", "Reference", "extract_references"]


def extract_references(text: str) -> list[Reference]:
    return resolve(find(text))

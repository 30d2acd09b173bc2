"""Figures and the arithmetic they claim: numbers read the Vietnamese way (numbers), figures with their
units (find), claims recomputed and judged (claims)."""

from __future__ import annotations

from .claims import Claim, claims
from .find import Figure, find

__all__ = ["Claim", "Figure", "audit"]


def audit(text: str, skip: list[tuple[int, int]] = ()) -> tuple[list[Figure], list[Claim]]:
    """Figures of a clean text (spans in `skip`, e.g. citations, hold none) and its claims."""
    figures = find(text, list(skip))
    return figures, claims(text, figures)

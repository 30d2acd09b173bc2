"""Figures and the arithmetic they claim: numbers read the Vietnamese way (numbers), figures with their
units (find), claims found (claims, counts) and judged (judge)."""

from __future__ import annotations

from ..normalize import Text
from ..references import Reference
from ..spans import Covered
from .claims import claims
from .counts import defined, enumerations, footnoted, headings
from .find import Figure, find
from .judge import Claim

__all__ = ["Claim", "Figure", "audit"]


def audit(t: Text, references: list[Reference]) -> tuple[list[Figure], list[Claim]]:
    """Figures of a clean text (citations hold none) and its claims, counts included."""
    figures = find(t.text, [(m.start, m.end) for r in references for m in r.mentions])
    found = claims(t.text, figures)  # ratios, shares and sums: claims.FINDERS, in order
    found += headings(t.text, t.body_end)  # "(03 nhiệm vụ)" against the rows under it
    found += footnoted(t, references)  # "02 Quyết định¹" against the documents footnote 1 lists
    for more in (enumerations, defined):  # a count with its list; a count already claimed is not claimed again
        counted = Covered((c.start, c.end) for c in found if c.kind == "count")
        found += [c for c in more(t) if c.start not in counted]
    return figures, sorted(found, key=lambda c: c.start)

"""Figures and the arithmetic they claim: numbers read the Vietnamese way (numbers), figures with their
units (find), claims found (claims, counts) and judged (judge)."""

from __future__ import annotations

from dataclasses import replace

from ..normalize import Text
from ..references import Reference
from ..spans import Covered, Sorted
from .claims import claims
from .counts import defined, enumerations, footnoted, headings, named_lists
from .find import Figure, find
from .judge import Claim
from .percent import cue

__all__ = ["Claim", "Figure", "audit"]


def audit(t: Text, references: list[Reference]) -> tuple[list[Figure], list[Claim]]:
    """Figures of a clean text (citations hold none) and its claims, counts included."""
    figures = find(t.text, [(m.start, m.end) for r in references for m in r.mentions])
    found = claims(t.text, figures)  # ratios, shares and sums: claims.FINDERS, in order
    found += headings(t.text, t.body_end)  # "(03 nhiệm vụ)" against the rows under it
    found += footnoted(t, references)  # "02 Quyết định¹" against the documents footnote 1 lists
    # a count with its list: numbered, defined, named; a count already claimed is not claimed again
    for more in (enumerations, defined, named_lists):
        counted = Covered((c.start, c.end) for c in found if c.kind == "count")
        found += [c for c in more(t) if c.start not in counted]
    return _kinds(t.text, figures, found), sorted(found, key=lambda c: c.start)


def _kinds(text: str, figures: list[Figure], claims: list[Claim]) -> list[Figure]:
    """Every percentage with its kind, so that a reader sees why one was not checked: the rate of a fraction
    or the share of a base it was checked as, else what its words say (growth, attainment, points, threshold),
    else no_base."""
    ordered, checked = Sorted(figures), {}
    for c in claims:  # the rate a claim checked: the percentage of its value inside its span
        if c.kind in ("ratio", "share", "growth"):
            for f in ordered.between(c.start, c.end):
                if f.kind == "percent" and float(f.value) == c.reported:
                    checked.setdefault(f.start, {"ratio": "rate"}.get(c.kind, c.kind))
    return [replace(f, percent_kind=checked.get(f.start) or cue(text, f) or "no_base") if f.kind == "percent"
            else f for f in figures]

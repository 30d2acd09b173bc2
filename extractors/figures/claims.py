"""Claims: the arithmetic a report states, found by an ordered list of finders (rates.py, totals.py; counts
are counts.py's) and judged in one place (judge.py).

A stated rate is ok when it equals the computed one rounded or truncated to the decimals written; an
approximate one ("hơn 80%") is judged by its direction; what cannot be decided is unverifiable, never
an error.
"""

from __future__ import annotations

from ..spans import Sorted
from .find import Figure
from .judge import Claim
from .rates import attainments, growths, ratios, row_shares, shares
from .tables import year_tables
from .totals import breakdowns, itemised, remainders, sums, tallies, totals_after

# The finders, in order; each reads one shape of sentence and sees what the earlier ones found.
FINDERS = (
    ratios,  # a rate with its written fraction: "a/b …, đạt p%", "p% (a/b)", "a trên tổng số b …, đạt p%"
    attainments,  # an attainment with its plan written after it: "2.824 hộ (đạt 152,32% so với chỉ tiêu là 1.854 hộ)"
    sums,  # a total with its parts in parentheses: "1.674 thủ tục (cấp tỉnh: 1.377, …)"
    shares,  # a part's rate of a base written before it, every reading tried (rates not checked already)
    row_shares,  # a table row read as text, a count and its rate ("43434 70,3%"), of one of the row's cells
    remainders,  # what is left completes the whole: "a/T …, còn b …"
    itemised,  # "T …, gồm:" and one item a line
    breakdowns,  # a total and its parts in one sentence (totals not checked yet)
    growths,  # a growth with both values: "N vụ, giảm M vụ (giảm p%)", "giảm p% (a/b vụ)"
    year_tables,  # a yearbook's rows ("2016 1.227.576 611.359 616.217 …"): runs that add up, growth blocks
    tallies,  # a total the figures after it add up to, in shapes that do not say so (only when they do)
    totals_after,  # a total after its parts, "…; toàn trường: 758" (only when they add up)
)


def claims(text: str, figures: list[Figure]) -> list[Claim]:
    """The ratios, shares, sums and growths of a text (counts are counts.py's), in text order."""
    figures, found = Sorted(figures), []
    for finder in FINDERS:
        found += finder(text, figures, found)
    return sorted(found, key=lambda c: c.start)

"""Span look-ups in log time: hostile text holds 10⁵ citations or figures, and a scan per item is quadratic."""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from itertools import accumulate


class Taken:
    """Non-overlapping spans taken so far, in any order."""

    def __init__(self) -> None:
        self.spans: list[tuple[int, int]] = []

    def append(self, span: tuple[int, int]) -> None:
        insort(self.spans, span)

    def free(self, a: int, b: int) -> bool:
        i = bisect_left(self.spans, (b, -1))  # spans starting before b: only the last can reach past a
        return i == 0 or self.spans[i - 1][1] <= a


class Covered:
    """Possibly overlapping spans, fixed: is a point inside any of them?"""

    def __init__(self, spans) -> None:
        ordered = sorted(spans)
        self.starts = [a for a, _ in ordered]
        self.reach = list(accumulate((b for _, b in ordered), max))

    def __contains__(self, point: int) -> bool:
        i = bisect_right(self.starts, point) - 1
        return i >= 0 and self.reach[i] > point


class Sorted(list):
    """Items with a `start`, sorted by it, sliced by position."""

    def __init__(self, items) -> None:
        super().__init__(sorted(items, key=lambda x: x.start))
        self.starts = [x.start for x in self]

    def between(self, a: int, b: int) -> list:
        """The items starting in [a, b)."""
        return self[bisect_left(self.starts, a):bisect_left(self.starts, b)]

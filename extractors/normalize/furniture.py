"""Page furniture of paged sources: page numbers and running headers/footers, to be dropped."""

from __future__ import annotations

from collections import Counter

import regex

from .lines import RawLine

PAGE_NUMBER = regex.compile(r"^\s*(?:-\s*)?(?:[Tt]rang\s+)?(\d{1,4})(?:\s*/\s*\d{1,4})?(?:\s*-)?\s*$")
EDGE = 2  # furniture sits among the first or last two non-blank lines of a page


def _edges(lines: list[RawLine]) -> dict[int, list[int]]:
    by_page: dict[int, list[int]] = {}
    for i, ln in enumerate(lines):
        if not ln.blank:
            by_page.setdefault(ln.page, []).append(i)
    return {p: idx[:EDGE] + idx[-EDGE:] for p, idx in by_page.items()}


def find(lines: list[RawLine], page_count: int) -> set[int]:
    """Indices of lines that are page furniture."""
    edges = _edges(lines)
    dropped: set[int] = set()
    for p, idx in edges.items():
        for i in idx:
            m = PAGE_NUMBER.match(lines[i].text)
            # the page's own number, allowing for a cover page or numbering that starts at 2
            if m and abs(int(m.group(1)) - (p + 1)) <= 2:
                dropped.add(i)
    if page_count >= 3:
        shape = Counter()
        for idx in edges.values():
            for key in {regex.sub(r"\d+", "#", " ".join(lines[i].text.split())) for i in idx}:
                shape[key] += 1
        running = {k for k, n in shape.items() if n >= max(3, page_count // 2) and len(k) > 3}
        for idx in edges.values():
            dropped.update(i for i in idx if regex.sub(r"\d+", "#", " ".join(lines[i].text.split())) in running)
    return dropped

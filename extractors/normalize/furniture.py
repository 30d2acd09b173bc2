"""Page furniture of paged sources: page numbers and running headers/footers, to be dropped."""

from __future__ import annotations

from collections import Counter

import regex

from .lines import RawLine

PAGE_NUMBER = regex.compile(r"^\s*(?:-\s*)?(?:[Tt]rang\s+)?(\d{1,4})(?:\s*/\s*\d{1,4})?(?:\s*-)?\s*$")
MIN_RUNNING = 8  # a running header is a real phrase, not a short table cell like "Năm 2025"


def _non_blank_by_page(lines: list[RawLine]) -> dict[int, list[int]]:
    by_page: dict[int, list[int]] = {}
    for i, ln in enumerate(lines):
        if not ln.blank:
            by_page.setdefault(ln.page, []).append(i)
    return by_page


def _shape(text: str) -> str:
    return regex.sub(r"\d+", "#", " ".join(text.split()))


def find(lines: list[RawLine], page_count: int) -> set[int]:
    """Indices of lines that are page furniture."""
    dropped: set[int] = set()
    edges: dict[int, list[int]] = {}
    for p, idx in _non_blank_by_page(lines).items():
        for i in idx[:2] + idx[-2:]:
            m = PAGE_NUMBER.match(lines[i].text)
            # the page's own number, allowing for a cover page or numbering that starts at 2
            if m and abs(int(m.group(1)) - (p + 1)) <= 2:
                dropped.add(i)
        rest = [i for i in idx if i not in dropped]
        edges[p] = rest[:1] + rest[-1:]  # a running header/footer is the first or last line left
    if page_count >= 3:
        shape = Counter(k for idx in edges.values() for k in {_shape(lines[i].text) for i in idx})
        running = {k for k, n in shape.items() if n >= max(3, page_count // 2) and len(k) >= MIN_RUNNING}
        for idx in edges.values():
            dropped.update(i for i in idx if _shape(lines[i].text) in running)
    return dropped

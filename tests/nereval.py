"""Entities against the hand-made gold (corpus/gold/entities/), ours and underthesea's bundled NER on the same
text, scored the same way: a found entity is right when its label and its words (any case, any diacritics
spacing) equal a gold mention's within one line of it; each gold mention is matched once.

    python -m tests.nereval       prints the table the README shows
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from extractors.entities.canonical import key  # words, any case, no diacritics
from extractors.pipeline import extract

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
GOLD = sorted((CORPUS / "gold" / "entities").glob("*.json"))
LABELS = ("ORG", "LOC", "PER")


def gold(path: Path) -> list[tuple[str, str, int]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [(e["label"], key(e["text"]), e["line"]) for e in data["entities"] if e["label"] in LABELS]


def ours(stem: str) -> list[tuple[str, str, int]]:
    ex = extract(CORPUS / f"{stem}.txt")
    return [(e.label, key(e.text), ex.text.place(e.start, e.end).line) for e in ex.entities]


def underthesea_ner(stem: str) -> list[tuple[str, str, int]]:
    """underthesea.ner run line by line over the same clean text; BIO tags made into spans."""
    from underthesea import ner

    ex = extract(CORPUS / f"{stem}.txt")
    text, out, pos = ex.text.text, [], 0
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        cursor, current = start, None
        for word, *_, tag in ner(line):
            at = text.find(word, cursor, pos)
            if at < 0:
                continue
            cursor = at + len(word)
            kind = tag[2:] if tag != "O" else None
            if tag.startswith("B-") or (tag.startswith("I-") and (current is None or current[0] != kind)):
                if current:
                    out.append(current)
                current = [kind, at, cursor]
            elif tag.startswith("I-") and current:
                current[2] = cursor
            else:
                if current:
                    out.append(current)
                current = None
        if current:
            out.append(current)
    return [(label, key(text[a:b]), ex.text.place(a, b).line) for label, a, b in out if label in LABELS]


def score(expected: list, found: list) -> dict[str, Counter]:
    """Per label: tp, gold, found."""
    counts = {label: Counter() for label in LABELS}
    pool = list(expected)
    for label, text, line in found:
        counts[label]["found"] += 1
        hit = next((g for g in pool if g[0] == label and g[1] == text and abs(g[2] - line) <= 1), None)
        if hit:
            pool.remove(hit)
            counts[label]["tp"] += 1
    for label, *_ in expected:
        counts[label]["gold"] += 1
    return counts


def f1(c: Counter) -> tuple[float, float, float]:
    p = c["tp"] / c["found"] if c["found"] else 0.0
    r = c["tp"] / c["gold"] if c["gold"] else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(system) -> dict[str, tuple[float, float, float]]:
    """P, R, F1 per label and overall (micro), pooled over the gold documents."""
    total = {label: Counter() for label in LABELS}
    for path in GOLD:
        for label, c in score(gold(path), system(path.stem)).items():
            total[label] += c
    result = {label: f1(c) for label, c in total.items()}
    result["all"] = f1(sum(total.values(), Counter()))
    return result


if __name__ == "__main__":
    print(f"gold: {', '.join(p.stem for p in GOLD)}")
    print("| label | vanban P / R / F1 | underthesea P / R / F1 |\n|---|---|---|")
    mine, base = evaluate(ours), evaluate(underthesea_ner)
    for label in (*LABELS, "all"):
        a, b = mine[label], base[label]
        print(f"| {label} | {a[0]:.2f} / {a[1]:.2f} / {a[2]:.2f} | {b[0]:.2f} / {b[1]:.2f} / {b[2]:.2f} |")

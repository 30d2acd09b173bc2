"""`make eval`: references, claims and verdicts scored against the hand-made gold, on the samples and on the
real-text audit corpus (corpus/audit/: its development split and its blind split), with the gains and losses
against the last committed run (corpus/eval.json), as eyecite's benchmark does for citations.

The blind split (a third of the sources, chosen by the hash of their URL) is scored and counted, never
listed case by case: its cases must not be read to tune the rules. `--write` saves this run as the new
baseline.

    python -m tests.evaluate [--write] [--show-dev]
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections import Counter
from pathlib import Path

from extractors.pipeline import extract

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
AUDIT = CORPUS / "audit"
BASELINE = CORPUS / "eval.json"
# what the gold calls a claim and what we may call it: a rate of a written base is a ratio to one reader and a
# share to another; a total with its listed parts is a sum to one and a count to another
SCALES = (1, 1e3, 1e6, 1e9)  # "nghìn", "triệu", "tỷ"
COMPATIBLE = {"ratio": {"ratio", "share"}, "share": {"share", "ratio"}, "sum": {"sum", "count"},
              "count": {"count", "sum"}, "growth": {"growth"}, "attainment": {"attainment", "ratio", "share"}}


def split(source: str) -> str:
    """blind for a third of the sources, by the hash of the URL (so all excerpts of a page fall together)."""
    return "blind" if int(hashlib.sha256(source.encode()).hexdigest()[:8], 16) % 3 == 0 else "dev"


def _items(folder: Path) -> list[tuple[str, str, Path, dict]]:
    """(split, id, text file, gold) of every excerpt of a real-text corpus (its texts/ and gold/)."""
    out = []
    for g in sorted((folder / "gold").glob("*.json")):
        gold = json.loads(g.read_text(encoding="utf-8"))
        out.append((split(gold["source"]), g.stem, folder / "texts" / gold["file"], gold))
    return out


def audit_items() -> list[tuple[str, str, Path, dict]]:
    return _items(AUDIT)


def sample_items() -> list[tuple[str, str, Path, dict]]:
    return [("samples", g.stem, CORPUS / f"{g.stem}.txt", json.loads(g.read_text(encoding="utf-8")))
            for g in sorted((CORPUS / "gold" / "claims").glob("*.json"))]


def same(gold: dict, claim: dict) -> bool:
    """One claim: compatible kind, the gold's line within the claim's lines (±2), the same stated figure (in the
    gold's scale or ours: "3.123,9 nghìn ha" may be written 3123.9 or 3123900)."""
    return (claim["kind"] in COMPATIBLE.get(gold["kind"], {gold["kind"]})
            and claim["first"] - 2 <= gold["line"] <= claim["last"] + 2 and gold.get("stated") is not None
            and any(abs(claim["reported"] - float(gold["stated"]) * scale) < 1e-6 * scale for scale in SCALES))


def score_document(path: Path, gold: dict) -> dict:
    """Our claims and percentage kinds on one text against its gold: what matched, what was missed."""
    ex = extract(path)
    place = ex.text.place
    ours = [{"kind": c.kind, "verdict": c.verdict, "reported": c.reported, "message": c.message,
             "first": place(c.start, c.end).line, "last": place(max(c.start, c.end - 1), c.end).line}
            for c in ex.claims]
    claims = []
    for k, g in enumerate(gold["claims"]):
        hits = [c for c in ours if same(g, c)]
        verdict = hits[0]["verdict"] if hits else None
        if any(c["verdict"] == "error" for c in hits):
            verdict = "error"
        claims.append({"id": k, "kind": g["kind"], "gold": g["verdict"], "ours": verdict, "line": g["line"]})
    alarms = [c for c in ours if c["verdict"] == "error" and not any(same(g, c) and g["verdict"] == "error"
                                                                       for g in gold["claims"])]
    percents = {(f.value, place(f.start, f.end).line): getattr(f, "percent_kind", None)
                for f in ex.figures if f.kind == "percent"}
    kinds = []
    for p in gold.get("percentages", []):
        if p.get("value") is None:
            continue
        ours_kind = next((k for (v, line), k in percents.items()
                          if abs(float(v) - float(p["value"])) < 1e-6 and abs(line - p["line"]) <= 1), None)
        kinds.append({"gold": p["kind"], "ours": ours_kind})
    return {"claims": claims, "alarms": [{"kind": a["kind"], "line": a["first"], "message": a["message"]}
                                         for a in alarms], "ours": len(ours), "percentages": kinds}


def summarise(docs: dict[str, dict]) -> dict:
    """The numbers of a split: claims found, verdicts, slips, error precision, false alarms by kind."""
    claims = [c for d in docs.values() for c in d["claims"]]
    checkable = [c for c in claims if c["gold"] in ("ok", "error")]
    slips = [c for c in claims if c["gold"] == "error"]
    flagged = [c for c in claims if c["ours"] == "error"]
    genuine = [c for c in flagged if c["gold"] == "error"]
    alarms = [a for d in docs.values() for a in d["alarms"]]
    matched = [c for c in claims if c["ours"]]
    percents = [p for d in docs.values() for p in d["percentages"]]
    by_kind = {}
    for kind in sorted({c["kind"] for c in claims}):
        of = [c for c in checkable if c["kind"] == kind]
        by_kind[kind] = {"gold": len(of), "found": sum(bool(c["ours"]) for c in of),
                         "slips": sum(c["gold"] == "error" for c in of),
                         "slips_found": sum(c["gold"] == "error" and c["ours"] == "error" for c in of)}
    alarms_by_kind = Counter(a["kind"] for a in alarms)
    errors = len(genuine) + len(alarms)
    return {
        "documents": len(docs), "gold_claims": len(claims), "checkable": len(checkable),
        "found": sum(bool(c["ours"]) for c in checkable) / max(1, len(checkable)),
        "verdicts_right": sum(c["ours"] == c["gold"] for c in matched) / max(1, len(matched)),
        "slips": len(slips), "slips_found": len(genuine) / len(slips) if slips else None,
        "error_verdicts": errors, "error_precision": len(genuine) / errors if errors else None,
        "false_alarms": dict(alarms_by_kind), "claims_ours": sum(d["ours"] for d in docs.values()),
        "percent_kinds": sum(p["gold"] == p["ours"] for p in percents) / max(1, len(percents)),
        "percentages": len(percents), "by_kind": by_kind,
    }


def run() -> dict:
    results: dict[str, dict[str, dict]] = {"samples": {}, "dev": {}, "blind": {}}
    for part, ident, path, gold in sample_items() + audit_items():
        results[part][ident] = score_document(path, gold)
    return results


def references() -> dict[str, dict]:
    """Reference precision, recall and dates against the hand-made gold: the samples and the excerpts."""
    from .test_references import score, total

    out = {}
    samples = sorted((CORPUS / "gold" / "references").glob("*.json"))
    scores = [score(json.loads(g.read_text(encoding="utf-8"))["references"],
                    extract(CORPUS / f"{g.stem}.txt").references) for g in samples]
    out["samples"] = total(scores)
    excerpts = json.loads((CORPUS / "gold" / "excerpts.json").read_text(encoding="utf-8"))["excerpts"]
    out["excerpts"] = total([score(g["references"], extract(CORPUS / "excerpts" / g["file"]).references)
                             for g in excerpts])
    return out


REAL = CORPUS / "real"  # real documents with gold for references, identity and tasks (issue 16)
IDENTITY = {"type": "doc_type", "number": "number", "date": "date", "issuer": "issuer"}


def _key(key: str, strict: bool) -> str:
    """A reference key compared without case and spaces; `strict` keeps a law's year ('Bộ luật Dân sự 2015')."""
    import regex

    key = regex.sub(r"\s+năm\s+(?=\d{4}$)", " ", key.strip())
    if not strict:
        key = regex.sub(r"\s+\d{4}$", "", key)
    return regex.sub(r"[\s\-–]+", "", key).casefold()


def _same_name(a: str, b: str) -> bool:
    """Two agency names are one where one holds the other, compared without case and spaces."""
    a, b = ("".join(x.split()).casefold() for x in (a, b))
    return bool(a and b) and (a in b or b in a)


def score_real(path: Path, gold: dict) -> dict:
    """References (strict: a law's year is part of its key; loose: without it), dates of matched references,
    identity fields where the gold has them, tasks matched by line and lead, and their deadlines."""
    ex = extract(path)
    out = {}
    for strict in (True, False):
        golds = {}
        for r in gold["references"]:
            for k in [r["key"], *r.get("aliases", [])]:
                golds.setdefault(_key(k, strict), r["key"])
        found = {golds.get(_key(r.key, strict)) or _key(r.key, strict): r for r in ex.references}
        keys = {r["key"] for r in gold["references"]}
        tp = [k for k in found if k in keys]
        out["strict" if strict else "loose"] = {"tp": len(tp), "fp": len(found) - len(tp), "fn": len(keys) - len(tp)}
        if strict:
            dated = {r["key"]: r["date"] for r in gold["references"] if r.get("date")}
            out["dates"] = {"right": sum(found[k].date == dated[k] for k in tp if k in dated),
                            "of": sum(k in dated for k in tp)}
            out["relations"] = relations(ex, gold, found)
    ident = gold.get("identity") or {}
    out["identity"] = {f: (ident.get(f) is not None, _same_name(str(ex.metadata.get(ours) or ""), str(ident.get(f))))
                       for f, ours in IDENTITY.items()}
    place = ex.text.place
    ours = [(place(k.start, k.end).line, k) for k in ex.tasks]
    matched, deadlines = 0, [0, 0]
    for g in gold["tasks"]:
        hit = next((k for line, k in ours if abs(line - g["line"]) <= 1
                    and any(_same_name(a, b) for a in k.lead for b in g["lead"])), None)
        matched += hit is not None
        if hit is not None and g.get("deadline"):
            deadlines[1] += 1
            deadlines[0] += bool(hit.deadline and hit.deadline.date == g["deadline"].get("date"))
    out["tasks"] = {"gold": len(gold["tasks"]), "ours": len(ours), "matched": matched, "deadlines": deadlines}
    return out


def relations(ex, gold: dict, found: dict) -> list[dict]:
    """Each gold mention with a relation whose reference we found, with the relation we give our mention of it on
    the same line (None when we have no mention there)."""
    from extractors.citegraph.build import spans
    from extractors.references.relation import relation

    out, others = [], spans(ex)
    for r in gold["references"]:
        ours = found.get(r["key"])
        for m in r["mentions"]:
            if ours is None or not m.get("relation"):
                continue
            hit = next((c for c in ours.mentions if ex.text.place(c.start, c.end).line == m["line"]), None)
            out.append({"key": r["key"], "line": m["line"], "gold": m["relation"],
                        "ours": relation(ex.text.text, hit.start, others) if hit else None})
    return out


def relation_accuracy(docs: dict[str, dict]) -> tuple[int, int]:
    """(right, of) over the gold mentions we found, of every document of a split."""
    pairs = [r for d in docs.values() for r in d["relations"] if r["ours"] is not None]
    return sum(r["ours"] == r["gold"] for r in pairs), len(pairs)


def real_items() -> list[tuple[str, str, Path, dict]]:
    return _items(REAL)


def summarise_real(docs: dict[str, dict]) -> dict:
    def prf(kind):
        tp, fp, fn = (sum(d[kind][x] for d in docs.values()) for x in ("tp", "fp", "fn"))
        return {"P": tp / max(1, tp + fp), "R": tp / max(1, tp + fn)}
    ident = {f: [d["identity"][f][1] for d in docs.values() if d["identity"][f][0]] for f in IDENTITY}
    t = {x: sum(d["tasks"][x] for d in docs.values()) for x in ("gold", "ours", "matched")}
    dl = [sum(d["tasks"]["deadlines"][i] for d in docs.values()) for i in (0, 1)]
    dates = [sum(d["dates"][x] for d in docs.values()) for x in ("right", "of")]
    right, of = relation_accuracy(docs)
    return {"documents": len(docs), "references": prf("strict"), "references_loose": prf("loose"),
            "relations": right / max(1, of), "relations_of": of,
            "dates": dates[0] / max(1, dates[1]),
            "identity": {f: sum(v) / max(1, len(v)) for f, v in ident.items()},
            "tasks_F1": 2 * t["matched"] / max(1, t["gold"] + t["ours"]), "deadlines": dl[0] / max(1, dl[1])}


def _fmt(v) -> str:
    return "-" if v is None else f"{v:.2f}" if isinstance(v, float) else str(v)


def changes(now: dict, before: dict) -> tuple[list[str], list[str]]:
    """Gold claims found (or an error flagged) now and not before, and the reverse: 'doc#claim'."""
    def keyed(results):
        return {f"{doc}#{c['id']}": (bool(c["ours"]), c["ours"] == c["gold"])
                for doc, d in results.items() for c in d["claims"]}
    a, b = keyed(before), keyed(now)
    gains = sorted(k for k in b if b[k] > a.get(k, (False, False)))
    losses = sorted(k for k in a if k in b and b[k] < a[k])
    return gains, losses


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="save this run as the baseline (corpus/eval.json)")
    ap.add_argument("--show-dev", action="store_true", help="list the development split's misses and alarms")
    args = ap.parse_args()
    results = run()
    before = json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else {}
    rows = {part: summarise(docs) for part, docs in results.items()}
    print("claims: checkable in the gold, share found; verdicts right where found; genuine slips, share called "
          "error;\nerror verdicts, share genuine; percentages whose kind is right; our errors the gold does not hold\n")
    print(f"{'split':8} {'docs':>5} {'claims':>6} {'found':>6} {'verdict':>7} {'slips':>5} {'found':>6} "
          f"{'errors':>6} {'precision':>9} {'%kinds':>6}  false alarms by kind")
    for part, r in rows.items():
        print(f"{part:8} {r['documents']:>5} {r['checkable']:>6} {_fmt(r['found']):>6} {_fmt(r['verdicts_right']):>7} "
              f"{r['slips']:>5} {_fmt(r['slips_found']):>6} {r['error_verdicts']:>6} {_fmt(r['error_precision']):>9} "
              f"{_fmt(r['percent_kinds'] if r['percentages'] else None):>6}  {r['false_alarms'] or '-'}")
    real: dict[str, dict] = {"dev": {}, "blind": {}}
    for part, ident, path, gold in real_items():
        real[part][ident] = score_real(path, gold)
    real_rows = {part: summarise_real(docs) for part, docs in real.items() if docs}
    print("\nreal documents (corpus/real): references P/R strict (a law's year in its key) and loose, their dates;"
          "\nidentity fields right where the gold has them; tasks F1 on lead; deadlines of matched tasks")
    for part, r in real_rows.items():
        ident = " ".join(f"{f} {v:.2f}" for f, v in r["identity"].items())
        print(f"{part:8} {r['documents']:>4} docs  references {r['references']['P']:.2f}/{r['references']['R']:.2f} "
              f"(loose {r['references_loose']['P']:.2f}/{r['references_loose']['R']:.2f}), dates {r['dates']:.2f}; "
              f"{ident}; tasks F1 {r['tasks_F1']:.2f}, deadlines {r['deadlines']:.2f}; "
              f"relations {r['relations']:.2f} of {r['relations_of']}")
    refs = references()
    for part, r in refs.items():
        print(f"references, {part}: precision {r['P']:.2f}, recall {r['R']:.2f}, dates {r['date accuracy']:.2f}")
    for part, r in rows.items():
        print(f"\n{part}: found / checkable (slips found / slips) by kind: " + ", ".join(
            f"{k} {v['found']}/{v['gold']} ({v['slips_found']}/{v['slips']})" for k, v in r["by_kind"].items()))
    for part in results:
        gains, losses = changes(results[part], before.get("results", {}).get(part, {}))
        listed = part != "blind"  # the blind split is counted, never listed
        print(f"\n{part}: {len(gains)} gains, {len(losses)} losses against corpus/eval.json"
              + (f"\n  gains: {' '.join(gains)}\n  losses: {' '.join(losses)}" if listed and (gains or losses) else ""))
    if args.show_dev:
        for doc, d in real["dev"].items():
            for r in d["relations"]:
                if r["ours"] is not None and r["ours"] != r["gold"]:
                    print(f"dev {doc} line {r['line']}: {r['key']} relation gold {r['gold']}, ours {r['ours']}")
        for doc, d in results["dev"].items():
            for c in d["claims"]:
                if c["ours"] != c["gold"]:
                    print(f"dev {doc} line {c['line']}: {c['kind']} gold {c['gold']}, ours {c['ours']}")
            for a in d["alarms"]:
                print(f"dev {doc} line {a['line']}: false alarm {a['kind']}: {a['message']}")
    if args.write:
        BASELINE.write_text(json.dumps({"summary": rows, "references": refs, "real": real_rows, "results": results},
                                       ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"\nwritten {BASELINE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

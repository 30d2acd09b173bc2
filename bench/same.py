"""Output unchanged by a speed-up: every corpus file's KB rows and contract JSON dumped, then compared.

    python bench/same.py dump OUT.json [PATHS ...]     # default: corpus/ (samples, real/texts, audit/texts)
    python bench/same.py diff BEFORE.json AFTER.json   # prints each difference; exit 1 if there is one

The KB is a real one (`ingest` with one job into a fresh SQLite file); every table is dumped sorted, without
what changes on every run (ingested_at, pipeline_version, mtime_ns, an error's time, the autoincrement id).
The contract JSON is `vanban extract --json`'s object for each file, without pipeline_version. Paths under the
checkout are written relative to it, so that two checkouts (the code before a change and after) compare.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extractors.ingest import discover, ingest  # noqa: E402
from extractors.kb import KB, SCHEMA  # noqa: E402
from extractors.pipeline import extract  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = [ROOT / "corpus" / p for p in ("real/texts", "audit/texts")] + sorted(
    p for p in (ROOT / "corpus").iterdir() if p.is_file() and p.suffix in (".txt", ".pdf", ".docx"))
VOLATILE = {"ingested_at", "pipeline_version", "mtime_ns", "at", "id"}


def _relative(value):
    """A path under the checkout, relative to it; any other value as it is."""
    prefix = f"{ROOT}/"
    return value.removeprefix(prefix) if isinstance(value, str) else value


def dump(paths: list[Path]) -> dict:
    with tempfile.TemporaryDirectory(prefix="vanban-same-") as tmp:
        kb = KB(Path(tmp) / "kb.sqlite")
        ingest(paths, kb, jobs=1)
        tables = {}
        for name in SCHEMA:
            keep = [c for c in SCHEMA[name]["columns"] if c not in VOLATILE or (name != "ingest_errors" and c == "id")]
            cols = ", ".join(f"[{c}]" for c in keep)
            rows = kb.db.execute(f"select {cols} from [{name}] order by {cols}")
            tables[name] = [[_relative(v) for v in r] for r in rows]
        kb.close()
    contract = {}
    for entry in discover(paths):
        try:
            out = extract(entry.path).as_json()
        except Exception as e:  # the same failure before and after is no difference
            out = {"error": f"{e.__class__.__name__}: {e}"}
        out.pop("pipeline_version", None)
        if "source" in out:
            out["source"]["path"] = _relative(out["source"]["path"])
        contract[_relative(str(entry.path))] = out
    return {"kb": tables, "contract": contract}


def diff(before: dict, after: dict) -> int:
    differences = 0
    for name in sorted(set(before["kb"]) | set(after["kb"])):
        a, b = before["kb"].get(name, []), after["kb"].get(name, [])
        if a != b:
            sa, sb = {json.dumps(r, ensure_ascii=False) for r in a}, {json.dumps(r, ensure_ascii=False) for r in b}
            print(f"kb {name}: {len(a)} -> {len(b)} rows; {len(sa - sb)} gone, {len(sb - sa)} new")
            for r in sorted(sa - sb)[:3]:
                print("  -", r[:300])
            for r in sorted(sb - sa)[:3]:
                print("  +", r[:300])
            differences += 1
    for path in sorted(set(before["contract"]) | set(after["contract"])):
        a, b = before["contract"].get(path), after["contract"].get(path)
        if a != b:
            keys = sorted(k for k in set(a or {}) | set(b or {}) if (a or {}).get(k) != (b or {}).get(k))
            print(f"contract {path}: differs in {', '.join(keys)}")
            differences += 1
    kb_rows = sum(map(len, after["kb"].values()))
    print(f"{differences} differences ({kb_rows} KB rows in {len(after['kb'])} tables, "
          f"{len(after['contract'])} contract objects compared)")
    return differences


def main() -> None:
    if len(sys.argv) >= 3 and sys.argv[1] == "dump":
        paths = [Path(p).resolve() for p in sys.argv[3:]] or DEFAULT  # ../shared/wild too
        Path(sys.argv[2]).write_text(json.dumps(dump(paths), ensure_ascii=False), encoding="utf-8")
    elif len(sys.argv) == 4 and sys.argv[1] == "diff":
        load = [json.loads(Path(p).read_text(encoding="utf-8")) for p in sys.argv[2:]]
        sys.exit(1 if diff(*load) else 0)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()

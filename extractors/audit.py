"""The arithmetic audit as people read it: findings from files or from the KB, as a table, JSON or HTML."""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from . import reports
from .errors import VanbanError
from .fold import fold

CONTEXT = 200  # characters of text shown on each side of a claim
VERDICT_ORDER = {"error": 0, "unverifiable": 1, "ok": 2}
COLOURS = {"error": "#c62828", "unverifiable": "#9e9e9e", "ok": "#2e7d32"}


@dataclass(frozen=True)
class Finding:
    path: str
    page: int | None
    line: int
    kind: str
    reported: float | None
    computed: float | None
    verdict: str
    message: str
    quote: str
    context: str = ""  # the quote with some text around it, for the HTML report
    at: int = 0  # where the claim starts in `context`
    span: int = 0  # and how long it is there
    report: str = ""  # the report (its id; the path for a file alone) whose shown file this is
    also: tuple[str, ...] = ()  # the report's other files, which say the same


HIDDEN = ("context", "at", "span")  # for the HTML report only


def from_files(paths: Iterable[str | Path]) -> tuple[list[Finding], list[tuple[str, str]]]:
    """Findings of each file, and the files that could not be read (path, reason)."""
    from .pipeline import extract

    extracted, failed = {}, []
    for path in paths:
        try:
            extracted[str(path)] = extract(path)
        except VanbanError as e:
            failed.append((str(path), e.reason))
    # files given together that are one report (its PDF and its TXT) are checked once, in the file shown for it
    docs = {path: {"id": path, "path": path, "format": ex.document.format, "sketch": reports.sketch(fold(ex.text.text)),
                   **{f: ex.metadata.get(m) for f, m in (("title", "title"), ("type", "doc_type"),
                                                         ("number", "number"), ("date", "date"), ("issuer", "issuer"))}}
            for path, ex in extracted.items()}
    found = []
    for group in reports.components(docs):
        shown, *others = sorted((docs[p] for p in group), key=reports.rank)
        ex = extracted[shown["path"]]
        for c in ex.claims:
            a = max(0, c.start - CONTEXT)
            found.append(_finding(shown["path"], c.as_row(ex.text), ex.text.text[a:c.end + CONTEXT],
                                  shown["path"], tuple(o["path"] for o in others)))
    return found, failed


def _finding(path: str, claim: dict, context: str, report: str, also: tuple[str, ...]) -> Finding:
    """A finding from a claim's KB row (stored, or made from an extraction) and the text around it."""
    return Finding(path, claim["page"], claim["line"], claim["kind"], claim["reported"], claim["computed"],
                   claim["verdict"], claim["message"], claim["text"], context,
                   claim["start"] - max(0, claim["start"] - CONTEXT), claim["end"] - claim["start"], report, also)


def from_db(db, doc: str | None = None) -> list[Finding]:
    """The KB's findings, each report's once (from the file shown for it); `doc`: only the reports one of whose
    files has this in its path or id."""
    # only the context of each claim leaves SQLite, not the whole text of its document (substr is 1-based)
    cursor = db.execute(
        "select d.path, d.report_id, (select json_group_array(o.path) from documents o where "
        "o.report_id = d.report_id and o.id != d.id), c.*, "
        "substr(t.text, max(c.start - :n, 0) + 1, c.[end] + :n - max(c.start - :n, 0)) "
        "from claims c join documents d on d.id = c.doc_id join texts t on t.doc_id = c.doc_id "
        f"where {reports.shown_file('d')} and (:doc is null or exists (select 1 from documents m where "
        "m.report_id = d.report_id and (m.path like '%' || :doc || '%' or m.id like :doc || '%'))) "
        "order by d.path, c.start", {"n": CONTEXT, "doc": doc})
    columns = [d[0] for d in cursor.description]
    return [_finding(row[0], dict(zip(columns, row, strict=True)), row[-1], row[1], tuple(sorted(json.loads(row[2]))))
            for row in cursor.fetchall()]


def by_report(findings: list[Finding]) -> list[dict]:
    """One line per report: its shown file, its other files, and its findings per verdict; most errors first."""
    out: dict[str, dict] = {}
    for f in findings:
        row = out.setdefault(f.report, {"path": f.path, "also": list(f.also), "error": 0, "unverifiable": 0, "ok": 0})
        row[f.verdict] += 1
    return sorted(out.values(), key=lambda r: (-r["error"], -r["unverifiable"], r["path"]))


def shown(findings: list[Finding], everything: bool) -> list[Finding]:
    keep = findings if everything else [f for f in findings if f.verdict == "error"]
    return sorted(keep, key=lambda f: (f.path, VERDICT_ORDER[f.verdict], f.page or 0, f.line))


def as_json(findings: list[Finding]) -> str:
    return json.dumps([{k: v for k, v in asdict(f).items() if k not in HIDDEN} for f in findings],
                      ensure_ascii=False, indent=2)


def summary(findings: list[Finding]) -> dict[str, int]:
    counts = {"error": 0, "unverifiable": 0, "ok": 0}
    for f in findings:
        counts[f.verdict] += 1
    return counts


def html_report(findings: list[Finding], title: str = "vanban: arithmetic audit") -> str:
    """Each finding in its context, the claim highlighted in its verdict's colour."""
    parts = [f"<!doctype html><meta charset='utf-8'><title>{html.escape(title)}</title>",
             "<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
             "section{border-left:4px solid;padding:.3rem 1rem;margin:1rem 0}h2{font-size:1rem;margin:.2rem 0}"
             "mark{padding:0 .15rem;border-radius:.2rem;color:#fff}.where{color:#555}</style>",
             f"<h1>{html.escape(title)}</h1>"]
    counts = summary(findings)
    parts.append("<p>" + ", ".join(f"{n} {v}" for v, n in counts.items()) + "</p>")
    for f in findings:
        colour = COLOURS[f.verdict]
        quote_end = f.at + f.span
        context = (html.escape(" ".join(f.context[:f.at].split())) + f" <mark style='background:{colour}'>"
                   + html.escape(" ".join(f.context[f.at:quote_end].split())) + "</mark> "
                   + html.escape(" ".join(f.context[quote_end:].split())))
        where = f"{f.path}" + (f", page {f.page}" if f.page else "") + f", line {f.line}"
        parts.append(f"<section style='border-color:{colour}'><h2>{f.verdict.upper()} · {f.kind}: "
                     f"{html.escape(f.message)}</h2><div class='where'>{html.escape(where)}</div>"
                     f"<p>…{context}…</p></section>")
    return "\n".join(parts) + "\n"

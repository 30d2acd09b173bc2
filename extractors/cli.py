"""The `vanban` command: a thin layer over the Python API (every command is a function you can call)."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import DEFAULT_DB
from .errors import InputError, VanbanError

if TYPE_CHECKING:  # the KB's SQLite layer is imported by the commands that use it (`vanban ingest` starts sooner)
    from .kb import KB

RELATIONS = ("can_cu", "thuc_hien", "sua_doi", "thay_the", "bai_bo", "huong_dan", "mention")  # references.relation


def _named(ctx: click.Context, param, db: Path) -> Path:
    if db is not None:  # a KB found damaged past its opening is named in the one-line error, in any command
        ctx.meta["vanban.db"] = db
    return db


OCR_OPTION = click.option("--ocr", type=click.Choice(["auto", "never", "force"]), default="auto", show_default=True,
                          help="Read by OCR (Tesseract, Vietnamese): auto, PDF pages with no text layer and images; "
                               "force, every PDF page; never, none.")


DB_OPTION = click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_DB,
                         show_default=True, envvar="VANBAN_DB", show_envvar=True, callback=_named,
                         help="The knowledge base file.")


def _open_kb(db: Path) -> KB:
    """The KB of a read command: opened read-only, refused with one line when it is not a usable vanban KB."""
    from .kb import KB

    return KB.read_only(db)


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP to `vanban ingest`: stopped as by Ctrl-C, with the signal's exit status (128 + N)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _stop(signum, frame):
    raise Stopped(signum)


class BadInput(click.ClickException):
    exit_code = 2  # like a usage error: the command was given something it cannot use (a --db, a port)


class Commands(click.Group):
    """Every command's errors as one line: a reason a person can act on, never a traceback. A KB that cannot be
    used (missing, not SQLite, not a vanban KB, damaged, read-only) exits with 2, like a usage error."""

    def invoke(self, ctx: click.Context):
        import sqlite3

        try:
            return super().invoke(ctx)
        except InputError as e:
            raise BadInput(str(e)) from None
        except VanbanError as e:
            raise click.ClickException(str(e)) from None
        except sqlite3.DatabaseError as e:  # found damaged while reading, past the checks at opening
            from .kb import kb_error

            raise BadInput(str(kb_error(ctx.meta.get("vanban.db", Path("?")), e))) from None


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vanban")
def cli() -> None:
    """Mine Vietnamese official reports (PDF, DOCX, DOC, RTF, ODT, XLSX, XLS, TXT; scans and images by OCR) into a
    SQLite knowledge base."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@DB_OPTION
@click.option("-j", "--jobs", type=click.IntRange(1), help="Worker processes [default: every core].")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Run read + extract in local processes, or as Dask tasks.")
@click.option("--scheduler", help="Address of a Dask scheduler (tcp://host:8786); without it a LocalCluster.")
@click.option("--force", is_flag=True, help="Re-extract files even when unchanged (e.g. after a rules change).")
@click.option("--strict", is_flag=True, help="Exit with status 1 when any file failed or was skipped.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@OCR_OPTION
def ingest(paths: tuple[Path, ...], db: Path, jobs: int | None, engine: str, scheduler: str | None, force: bool,
           strict: bool, as_json: bool, ocr: str) -> None:
    """Read files and folders (recursively) into the KB, in parallel; a re-run finishes an interrupted one."""
    from .engines import start

    jobs = jobs or os.cpu_count() or 1
    # first thing: the workers' fork server loads the pipeline while this process imports the KB's layer and
    # hashes the files
    start(engine, jobs)
    from .ingest import discover
    from .ingest import ingest as run
    from .kb import KB, one_writer
    from .progress import bar

    files = list(discover(paths))  # walked once, before anything is written: a missing path exits with 2
    for signum in (signal.SIGTERM, signal.SIGHUP):  # a service manager's stop, a closed terminal: as Ctrl-C
        signal.signal(signum, _stop)
    busy = f"waiting: another vanban ingest (pid {{}}) is writing to {db}; this one goes on when it has finished"
    try:
        with one_writer(db, on_busy=lambda pid: click.echo(busy.format(pid), err=True)):
            kb = KB(db, ocr=ocr)
            started = time.perf_counter()
            with bar(len(files), quiet=as_json) as advance:
                summary = run(files, kb, force=force, jobs=jobs, engine=engine, scheduler=scheduler,
                              on_file=advance)
            elapsed = time.perf_counter() - started
            counts = kb.counts()
            kb.close()
    except KeyboardInterrupt as e:  # each document was its own transaction, so the KB holds whole ones only
        click.echo("interrupted: the documents written so far are kept; run the same command again to finish",
                   err=True)
        sys.exit(128 + getattr(e, "signum", signal.SIGINT))
    if as_json:
        click.echo(json.dumps(summary.as_dict() | {"db": str(db), "counts": counts, "elapsed_s": round(elapsed, 3)},
                              ensure_ascii=False, indent=2))
    else:
        from .human import count, number, seconds

        click.echo(f"{count(summary.seen, 'file')}: {number(summary.ingested)} ingested, "
                   f"{number(summary.unchanged)} unchanged, {number(len(summary.failed))} failed, "
                   f"{number(len(summary.skipped))} skipped in {seconds(elapsed)} s "
                   f"({seconds(summary.seen / max(elapsed, 1e-9))} files/s)  ->  {db}")
        for path, stage, reason in summary.failed:
            click.echo(f"  failed [{stage}] {path}: {reason}")
        for path, warnings in summary.warnings:
            more = f" (and {len(warnings) - 1} more: vanban extract shows them)" if len(warnings) > 1 else ""
            click.echo(f"  warning {path}: {warnings[-1]}{more}")
        for reason, paths in _by_reason(summary.skipped).items():
            if len(paths) <= SKIPS_SHOWN:
                click.echo("".join(f"  skipped {path}: {reason}\n" for path in paths), nl=False)
            else:
                click.echo(f"  skipped {number(len(paths))} files: {reason} (e.g. {paths[0]}; --json lists them all)")
        click.echo(f"knowledge base: {count(counts['documents'], 'document')}, {count(summary.pages, 'page')}, "
                   f"{count(counts['footnotes'], 'footnote')}, {count(counts['ingest_errors'], 'recorded error')}")
    if strict and (summary.failed or summary.skipped):
        sys.exit(1)


SKIPS_SHOWN = 3  # skipped files named one by one for a reason; more are counted


def _by_reason(skipped: list[tuple[str, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for path, reason in skipped:
        grouped.setdefault(reason, []).append(path)
    return grouped


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the contract's JSON object.")
@click.option("--text", "show_text", is_flag=True, help="Print the normalised text.")
@OCR_OPTION
def extract(file: Path, as_json: bool, show_text: bool, ocr: str) -> None:
    """Extract one file and print what was found (no KB), with ingest's memory and CPU-time limits."""
    from .pipeline import extract_bounded as run

    ex = run(file, ocr=ocr)
    if as_json:
        click.echo(json.dumps(ex.as_json(), ensure_ascii=False, indent=2))
        return
    if show_text:
        click.echo(ex.text.text)
        return
    doc = ex.document
    click.echo(f"{doc.path}  [{doc.format}{', ' + doc.encoding if doc.encoding else ''}]  sha256 {doc.sha256[:12]}")
    click.echo(f"  pages: {doc.page_count or '-'}   clean text: {len(ex.text.text):,} characters, "
               f"{ex.text.text[:ex.text.body_end].count(chr(10)) + 1} paragraphs, {len(ex.text.footnotes)} footnotes")
    tables = doc.tables
    if tables:
        click.echo(f"  tables: {len(tables)} ({sum(len(t.rows) for t in tables)} rows)")
    for w in doc.warnings:
        click.echo(f"  warning: {w}")
    for name in ("references", "claims", "figures", "tasks", "entities"):
        click.echo(f"  {name}: {len(getattr(ex, name))}")


@cli.command()
@DB_OPTION
@click.option("--json", "as_json", is_flag=True)
def stats(db: Path, as_json: bool) -> None:
    """Counts per table, format, document type and year."""
    from .human import number
    from .report import stats as collect

    kb = _open_kb(db)
    result = collect(kb)
    kb.close()
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    for section, counts in result.items():
        click.echo(f"{section}:")
        for key, n in counts.items():
            click.echo(f"  {key:<24} {number(n):>8}")


@cli.command()
@click.argument("query")
@DB_OPTION
@click.option("--limit", default=20, show_default=True, type=click.IntRange(0),
              help="Show the first N reports (0: all).")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as one JSON object.")
def search(query: str, db: Path, limit: int, as_json: bool) -> None:
    """Reports holding the words, best first, diacritics optional ("quote" a phrase, end a word with * for its
    prefix). A citation ("chi thi 24", "ct 24 ttg", "Đề án 06") is answered as one first: the reports citing it.
    Exit 1 when nothing is found."""
    from .search import search as run

    if not query.strip():
        raise click.UsageError("give the words to search for")
    kb = _open_kb(db)
    answer = run(kb.db, query, limit or None)
    kb.close()
    if as_json:
        click.echo(answer.as_json())
    else:
        _print_answer(answer)
    if not answer.found:
        sys.exit(1)


def _print_answer(answer) -> None:
    one = len(answer.citation) == 1
    if one:
        c = answer.citation[0]
        click.echo(f"{answer.query!r} is {c.line()}; `vanban cites {c.key!r}` lists every sentence")
    elif answer.citation:
        click.echo(f"{answer.query!r} may name {len(answer.citation)} cited documents:")
        click.echo("".join(f"  {c.line()}\n" for c in answer.citation), nl=False)
    elif answer.suggestions:
        click.echo(f"no document in the KB cites {answer.query!r}; did you mean:")
        click.echo("".join(f"  {c.line()}\n" for c in answer.suggestions), nl=False)
    for n, h in enumerate(answer.hits, 1):
        facts = " · ".join(f for f in (h.doc_type, h.number, h.title, h.date, h.issuer) if f)
        click.echo(f"{n:>2}. {facts or h.path}")
        others = sorted({f.format for f in h.files if f.doc_id != h.doc_id})
        where = f"p.{h.page} " if h.page else ""
        how = f"cites it {h.hits}×" if h.cites else f"{h.hits} {'hit' if h.hits == 1 else 'hits'}"
        also = f" (also as {', '.join(others)})" if others else ""
        click.echo(f"    {h.path}  {where}line {h.line}  · {how}{also}")
        marked = "".join(click.style(t, bold=True, reverse=True) if lit else t for t, lit in h.pieces())
        click.echo(f"    …{marked}…")
    more = answer.total - len(answer.hits)
    if answer.hits or answer.total:
        click.echo(f"{answer.total} {'report' if answer.total == 1 else 'reports'} found"
                   + (f" ({answer.citing} citing it)" if one else "")
                   + (f", {len(answer.hits)} shown (--limit 0 for all)" if more else ""))
    elif not answer.citation:
        click.echo("no match", err=True)


@cli.command()
@click.argument("query")
@DB_OPTION
@click.option("--limit", default=200, show_default=True, help="Show the newest N mentions (0: all).")
@click.option("--relation", type=click.Choice(RELATIONS),
              help="Only the mentions that do this: can_cu (legal basis), thuc_hien (implement), sua_doi (amend), "
                   "thay_the (replace), bai_bo (repeal), huong_dan (guide), mention.")
@click.option("--docs", "docs_only", is_flag=True, help="One line per citing report (its file, mentions, facts).")
@click.option("--json", "as_json", is_flag=True)
def cites(query: str, db: Path, limit: int, relation: str | None, docs_only: bool, as_json: bool) -> None:
    """Documents that cite QUERY ("Chỉ thị 24/CT-TTg", "chi thi 24", "24/CT TTg"), newest first."""
    from . import citegraph
    from .human import number
    from .search import candidates, named

    kb = _open_kb(db)
    keys, _ = named(kb.db, query)  # loose spellings too ("ct 24 ttg", "CT24", "Đề án 06"), as `search` reads them
    shown = keys if len(keys) == 1 or citegraph.one_law(keys) else []  # one law in several years: each year
    groups = [(key, citegraph.cited_count(kb.db, key), citegraph.cites(kb.db, key, limit or None, relation))
              for key in shown]
    reports = {key: citegraph.citing_reports(kb.db, key) for key in shown}
    ambiguous = candidates(kb.db, keys) if keys and not groups else []
    kb.close()
    if as_json:
        click.echo(json.dumps({"query": query, "keys": keys,
                               "documents": [r | {"key": key} for key in shown for r in reports[key]],
                               "citations": [c.__dict__ for _, _, found in groups for c in found]},
                              ensure_ascii=False, indent=2))
        if not keys:  # as without --json: a script sees "nothing cites it" in the exit status either way
            sys.exit(1)
        return
    if not keys:
        raise click.ClickException(f"no document in the KB cites anything matching {query!r}")
    if not groups:
        click.echo(f"{query!r} is ambiguous; it may mean (give one key):")
        click.echo("".join(f"  {c.line()}\n" for c in ambiguous), nl=False)
        return
    if docs_only:
        for key in shown:
            for r in reports[key]:
                facts = " · ".join(f for f in (r["type"], r["number"], r["title"], r["date"]) if f)
                click.echo(f"{r['files'][0]['path']}  {r['mentions']}× {key}" + (f"  {facts}" if facts else ""))
        return
    for key, (mentions, n), found in groups:
        click.echo(f"{key}: cited {number(mentions)} times in {number(n)} {'report' if n == 1 else 'reports'}"
                   + (f" (the newest {number(len(found))} shown; --limit 0 for all)" if len(found) < mentions else ""))
        others = {r["report_id"]: [f["path"] for f in r["files"][1:]] for r in reports[key]}
        for i, c in enumerate(found):
            if others.get(c.report_id) and (i == 0 or found[i - 1].report_id != c.report_id):
                also = others[c.report_id]
                click.echo(f"  (one report in {len(also) + 1} files; also {', '.join(also)})")
            where = f"p.{c.page} " if c.page else ""
            click.echo(f"{c.path}  {where}line {c.line}" + (f"  ({c.doc_date})" if c.doc_date else "")
                       + f"  [{c.relation}]")
            click.echo(f"    {c.sentence}")


@cli.command()
@click.argument("doc")
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print JSON: a list of references, each with its document.")
@click.option("--cited-by", "cited_by_only", is_flag=True, help="Only the KB's reports that cite this one.")
def refs(doc: str, db: Path, as_json: bool, cited_by_only: bool) -> None:
    """What one document (path or id prefix) cites, each reference with the KB document it is (when the KB holds
    it), and the KB's reports that cite this one ("cited by"). `vanban cites KEY` is the other way round."""
    from . import citegraph

    kb = _open_kb(db)
    try:
        found = citegraph.refs_of(kb.db, doc)
        linked = citegraph.links(kb.db, [r[0] for r in found])
        by = citegraph.cited_by(kb.db, doc)
        ended = citegraph.superseded(kb.db, doc)
    except LookupError as e:
        raise click.ClickException(str(e)) from None
    finally:
        kb.close()
    cols = ("key", "type", "date", "issuer", "mentions", "page", "line")
    rows = [dict(zip(cols, r, strict=True)) | {"document": linked.get(r[0]),
                                                "superseded_by": [e for e in ended if e["key"] == r[0]]} for r in found]
    if as_json:
        click.echo(json.dumps(by if cited_by_only else rows, ensure_ascii=False, indent=2))
        return
    for r in [] if cited_by_only else rows:
        where = f"p.{r['page']} " if r["page"] else ""
        click.echo(f"{r['key']:<24} {r['type'] or '':<12} {r['date'] or '':<10}  {r['mentions']}x  first at "
                   f"{where}line {r['line']}" + (f"  — {r['issuer']}" if r["issuer"] else ""))
        if r["document"]:
            click.echo(f"    -> in the KB: {r['document']['path']}")
        for e in r["superseded_by"]:
            ended_how = "replaces" if e["relation"] == "thay_the" else "repeals"
            click.echo(f"    ! cites a superseded text: {e['path']}" + (f" ({e['date']})" if e["date"] else "")
                       + f" {ended_how} it")
    click.echo(f"cited by {len(by)} {'report' if len(by) == 1 else 'reports'} in the KB" + (":" if by else ""))
    for c in by:
        click.echo(f"  {c['path']}  line {c['line']}" + (f"  ({c['date']})" if c["date"] else "")
                   + f"  as {c['key']}, {c['mentions']}x")


@cli.command()
@DB_OPTION
@click.option("--lead", help='Led by (any spelling: "cong an xa").')
@click.option("--partner", help="With this partner agency.")
@click.option("--doc", help="Only this report (part of the path of one of its files, or an id prefix).")
@click.option("--limit", default=0, show_default=True, help="Show the first N tasks (0: all).")
@click.option("--due-before", type=click.DateTime(["%Y-%m-%d"]), help="Due before this date (YYYY-MM-DD).")
@click.option("--overdue", is_flag=True, help="Due before --as-of and not reported done.")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), help="The day --overdue is judged on (default: today).")
@click.option("--json", "as_json", is_flag=True)
@click.option("--csv", "as_csv", is_flag=True)
def tasks(db: Path, lead: str | None, partner: str | None, doc: str | None, limit: int, due_before, overdue: bool,
          as_of, as_json: bool, as_csv: bool) -> None:
    """Tasks that plans and reports assign: who leads, who helps, by when (a report kept in several files once).

    \b
    vanban tasks --lead "cong an xa" --limit 10
    vanban tasks --doc 001_ --overdue --as-of 2025-12-31
    """
    import csv
    from datetime import date

    from .tasks.query import tasks as query

    kb = _open_kb(db)
    found = query(kb.db, lead=lead, partner=partner, doc=doc, due_before=due_before and due_before.date(),
                  overdue_as_of=(as_of.date() if as_of else date.today()) if overdue else None)
    kb.close()
    total, found = len(found), found[:limit or None]
    if as_json:
        click.echo(json.dumps([t.as_dict() for t in found], ensure_ascii=False, indent=2))
        return
    if as_csv:
        from .tasks.query import TaskRow

        out = csv.DictWriter(sys.stdout, list(TaskRow.__dataclass_fields__))
        out.writeheader()
        out.writerows(t.as_csv() for t in found)
        return
    from rich.table import Table

    from .human import console, number

    cut = f" (the first {number(len(found))} of {number(total)}; --limit 0 for all)" if len(found) < total else ""
    table = Table(title=f"{number(total)} tasks{cut}", show_lines=False, expand=True)
    for column in ("where", "#", "task", "lead", "partners", "due"):
        table.add_column(column, overflow="fold")
    for t in found:
        where = f"{Path(t.path).name} " + (f"p.{t.page} " if t.page else "") + f"l.{t.line}"
        text = t.text if len(t.text) <= 90 else t.text[:89] + "…"
        table.add_row(where, t.label or "", text, "; ".join(t.lead), "; ".join(t.partners), t.deadline or "")
    console().print(table)


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--label", "labels", multiple=True, type=click.Choice(["ORG", "LOC", "PER"]), help="Only these labels.")
@click.option("--json", "as_json", is_flag=True)
@click.option("--html", "html_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the text with its entities marked (displaCy) here.")
def entities(file: Path, labels: tuple[str, ...], as_json: bool, html_out: Path | None) -> None:
    """The agencies (ORG), places (LOC) and people (PER) FILE names, with canonical names."""
    from .entities.render import html
    from .pipeline import extract_bounded as run

    ex = run(file)
    found = [e for e in ex.entities if not labels or e.label in labels]
    if html_out:
        html_out.write_text(html(ex.text, found, title=file.name), encoding="utf-8")
        click.echo(f"wrote {html_out}")
        return
    if as_json:
        click.echo(json.dumps([e.as_json(ex.text) for e in found],
                              ensure_ascii=False, indent=2))
        return
    for e in found:
        place = ex.text.place(e.start, e.end)
        where = (f"p.{place.page} " if place.page else "") + f"l.{place.line}"
        click.echo(f"{where:<12} {e.label:<4} {e.text}" + (f"  ->  {e.canonical}" if e.canonical != e.text else ""))


@cli.command()
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["graphml", "dot"]), default="graphml", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of stdout.")
def graph(db: Path, fmt: str, output: Path | None) -> None:
    """The citation graph of the whole KB (GraphML or DOT)."""
    from . import citegraph

    kb = _open_kb(db)
    text = citegraph.graph(kb.db, fmt)
    kb.close()
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}")
    else:
        click.echo(text, nl=False)


@cli.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every one).")
@click.option("--port", default=8001, show_default=True, type=click.IntRange(0, 65535))
@click.option("--sql", "allow_sql", is_flag=True,
              help="Let visitors run their own SELECT queries (off: the canned queries, tables and pages only).")
def serve(db: Path, host: str, port: int, allow_sql: bool) -> None:
    """Browse the KB in Datasette (read-only): search, documents with their items marked, audit, charts."""
    from .web import LOCAL_HOSTS
    from .web import serve as run

    if host not in LOCAL_HOSTS:
        click.echo(f"warning: listening on {host}: the KB becomes visible to the network, to anyone who can reach "
                   "this machine", err=True)
    run(db, host, port, sql=allow_sql)


@cli.command()
@click.argument("table", required=False)
@DB_OPTION
@click.option("--query", help="A SQL query instead of a table (the KB is opened read-only).")
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "xlsx", "parquet"]),
              help="[default: from the file's extension]")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def export(table: str | None, db: Path, query: str | None, fmt: str | None, output: Path) -> None:
    """A table or a query's rows as CSV, JSON, XLSX or Parquet.

    \b
    vanban export claims -o output/claims.xlsx
    vanban export --query "select * from tasks where due < '2026-01-01'" -o output/due.csv
    """
    from .export import export as run

    count, warnings = run(db, output, table=table, query=query, fmt=fmt)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"wrote {count} rows to {output}")


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), callback=_named,
              help="Audit the whole KB instead of FILES.")
@click.option("--all", "everything", is_flag=True, help="Also show the claims that check out or cannot be decided.")
@click.option("--json", "as_json", is_flag=True)
@click.option("--html", "html_out", type=click.Path(dir_okay=False, path_type=Path), help="Write an HTML report here.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when errors are found (for reports in scripts).")
@click.option("--doc", help="Only this report (part of the path of one of its files, or an id prefix).")
@click.option("--limit", default=0, show_default=True, help="Show the first N findings (0: all).")
@click.option("--summary", "summary_only", is_flag=True,
              help="Only the summary: one line per report, most errors first.")
def check(files: tuple[Path, ...], db: Path | None, everything: bool, as_json: bool, html_out: Path | None,
          exit_zero: bool, doc: str | None, limit: int, summary_only: bool) -> None:
    """Recompute every reported rate, total and count; exit 1 when an error is found.

    A report kept in several files (its PDF, DOCX and TXT) is checked once, in one of its files.

    \b
    vanban check corpus/002_465208a09d94fdc9.pdf
    vanban check --db output/kb.sqlite --summary
    vanban check --db output/kb.sqlite --doc 002_ --limit 5
    """
    from . import audit

    if bool(files) == bool(db):
        raise click.UsageError("give FILE… or --db FILE (one of them)")
    failed: list[tuple[str, str]] = []
    if db:
        kb = _open_kb(db)
        findings = audit.from_db(kb.db, doc)
        kb.close()
    else:
        findings, failed = audit.from_files(files)
        findings = [f for f in findings if not doc or any(doc in p for p in (f.path, *f.also))]
    rows = audit.shown(findings, everything)
    if html_out:
        html_out.write_text(audit.html_report(audit.shown(findings, True)), encoding="utf-8")
    if summary_only:
        per_report = audit.by_report(findings)
        if as_json:
            click.echo(json.dumps(per_report[:limit or None], ensure_ascii=False, indent=2))
        else:
            _print_summary(per_report, limit, "--limit 0 for all")
    elif as_json:
        click.echo(audit.as_json(rows[:limit or None]))
    else:
        _print_findings(rows, audit.summary(findings), limit)
        if len(audit.by_report(findings)) > 1:
            _print_summary(audit.by_report(findings), SUMMARY_SHOWN, "--summary lists all")
    for path, reason in failed:
        click.echo(f"cannot read {path}: {reason}", err=True)
    if (failed or any(f.verdict == "error" for f in findings)) and not exit_zero:
        sys.exit(1)


SUMMARY_SHOWN = 10  # reports in the summary under the findings (--summary lists them all)


def _print_findings(rows, counts: dict[str, int], limit: int) -> None:
    from rich.table import Table

    from .human import console, figure, number

    if not rows:
        click.echo(f"no findings to show ({number(counts['error'])} errors, {number(counts['unverifiable'])} "
                   f"unverifiable, {number(counts['ok'])} ok; --all shows every claim)")
        return
    shown = rows[:limit or None]
    cut = (f"; the first {number(len(shown))} of {number(len(rows))} shown, --limit 0 for all"
           if len(shown) < len(rows) else "")
    table = Table(title=f"{number(counts['error'])} errors, {number(counts['unverifiable'])} unverifiable, "
                        f"{number(counts['ok'])} ok{cut}", show_lines=True, expand=True)
    for col in ("where", "what", "stated", "computes to", "verdict", "quote"):
        table.add_column(col, overflow="fold")
    for f in shown:
        where = f"{f.path}\n" + (f"p.{f.page} " if f.page else "") + f"line {f.line}"
        if f.also:
            where += f"\n(also {', '.join(Path(p).suffix.lstrip('.') for p in f.also)})"
        table.add_row(where, f"{f.kind}: {f.message}", figure(f.reported, f.kind), figure(f.computed, f.kind),
                      f.verdict, f.quote)
    console().print(table)


def _print_summary(per_report: list[dict], limit: int, more_hint: str) -> None:
    from rich.table import Table

    from .human import console, number

    shown = per_report[:limit or None]
    more = f" (the first {number(len(shown))}; {more_hint})" if len(shown) < len(per_report) else ""
    table = Table(title=f"{number(len(per_report))} reports{more}", expand=True)
    for col in ("report (its shown file)", "errors", "unverifiable", "ok", "also as"):
        table.add_column(col, overflow="fold", justify="right" if col in ("errors", "unverifiable", "ok") else "left")
    for r in shown:
        table.add_row(r["path"], number(r["error"]), number(r["unverifiable"]), number(r["ok"]),
                      ", ".join(Path(p).suffix.lstrip(".") for p in r["also"]))
    console().print(table)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()

"""The Datasette plugin of `vanban serve`: SQL functions for the canned queries, every document id shown as its
title linking to its page (at the item's mark where the row names one), pages of our own (the search, a document,
its source file and page images, a measure over time, the citation graph), the home page's summary and the columns'
Vietnamese headers, and the guards of a server that shows a KB to a browser: SQLite's length and memory limits, a
Host check, a Content-Security-Policy."""

from __future__ import annotations

import sqlite3
import threading
import urllib.parse

import regex
from datasette import handle_exception as _datasette_errors
from datasette import hookimpl
from datasette.utils.asgi import Response
from datasette.views.base import DatasetteError
from markupsafe import Markup, escape

from .. import search as searching
from ..fold import fold
from ..readers import MAX_TEXT_BYTES
from ..references.query import loose, parse
from . import charts, guard, label, page, source

# Datasette 0.65 prints every error with rich's print_exception(show_locals=True): pages of locals per refused
# query, and with a recent rich a crash (500) when no exception is being handled (a POST to a missing path).
# Its handler without rich answers the same pages and prints tracebacks of real server errors only.
_datasette_errors.rich = None

DOCUMENT_COLUMNS = {"doc_id", "document"}  # the columns of tables and canned queries that hold a document id
VIETNAMESE_DIGITS = str.maketrans(",.", ".,")  # 32,720.5 -> 32.720,5
MARK = regex.compile(r"(?:claim|cite|task)-\d+")  # a canned query's `mark`: the id of an item's place in its page
DOC_ID = regex.compile(r"[0-9a-f]{64}")  # a document id: the sha256 of its bytes
# The longest string or row SQLite builds: a whole text and its folded copy at the reader's limit fit, a query
# asking for a gigabyte (printf('%.*c', 900000000, 'x')) gets NULL or "string or blob too big" at once
MAX_LENGTH = 4 * MAX_TEXT_BYTES
HEAP_LIMIT = 512 * 1024 * 1024  # SQLite's memory, all connections together: a query past it fails, not the server
QUERY_CHARS = 1000  # what a person types into a canned query's box; longer input is not folded or parsed
# A printf conversion, with the width and precision it asks for (a number, or `*`: the next argument)
PRINTF_SPEC = regex.compile(r"%(?:%|[-+ 0#,!]*(\*|\d+)?(?:\.(\*|\d+))?l{0,2}[a-zA-Z])")
_plain = threading.local()  # each SQL thread's own connection with SQLite's printf


def _typed(fn):
    """A SQL function of what a person typed: NULL for nothing, or for more than anyone types."""
    return lambda s: fn(s) if s and len(s) <= QUERY_CHARS else None


def _deny_native_pointers(action, _, name, *__):
    # fts3_tokenizer() hands out (and with two arguments replaces) a native function pointer
    return sqlite3.SQLITE_DENY if action == sqlite3.SQLITE_FUNCTION and name == "fts3_tokenizer" else sqlite3.SQLITE_OK


def _size(value) -> int:
    try:
        return abs(int(float(value)))
    except (TypeError, ValueError):
        return 0


def _printf(fmt, *args):
    """SQLite's printf (and format), refusing a width or precision past MAX_LENGTH with NULL, as SQLite answers a
    result that long. SQLite 3.40 writes `%c` a character at a time past its length limit: printf('%.*c',
    900000000, 'x') is one step of seconds, which the time limit (checked between steps) cannot stop."""
    if fmt is None:
        return None
    sizes, at = [], 0
    for spec in PRINTF_SPEC.finditer(str(fmt)):
        if spec.group() == "%%":
            continue
        for size in spec.groups():
            if size == "*":
                sizes.append(args[at] if at < len(args) else 0)
                at += 1
            elif size:
                sizes.append(size)
        at += 1  # the value converted
    if any(_size(s) > MAX_LENGTH for s in sizes):
        return None
    if not hasattr(_plain, "conn"):
        _plain.conn = sqlite3.connect(":memory:")
        _plain.conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_LENGTH)
    marks = ", ".join("?" * (1 + len(args)))
    return _plain.conn.execute(f"select printf({marks})", [fmt, *args]).fetchone()[0]


@hookimpl
def prepare_connection(conn):
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_LENGTH)
    conn.execute(f"pragma hard_heap_limit = {HEAP_LIMIT}")
    conn.set_authorizer(_deny_native_pointers)
    for name in ("printf", "format"):
        conn.create_function(name, -1, _printf, deterministic=True)
    conn.create_function("vanban_fold", 1, lambda s: fold(s) if s else s, deterministic=True)
    conn.create_function("vanban_loose", 1, _typed(loose), deterministic=True)
    conn.create_function("vanban_query_rest", 1, _typed(lambda s: parse(s).rest), deterministic=True)
    conn.create_function("vanban_query_number", 1, _typed(lambda s: parse(s).number), deterministic=True)
    conn.create_function("vanban_query_type", 1, _typed(lambda s: parse(s).type), deterministic=True)


@hookimpl
def handle_exception(exception):
    # Datasette 0.65 leaves at 500 only the errors of a request's own arguments (`_sort` by a column the table
    # lacks, `_sort` with `_sort_desc`, a `_through` with no foreign key): the asker's mistake, 400. Its own
    # handler then answers, with that status.
    if isinstance(exception, DatasetteError) and exception.status == 500:
        exception.status = 400


@hookimpl
def asgi_wrapper(datasette):
    return lambda app: guard.wrap(app, (datasette.plugin_config("vanban") or {}).get("hosts"))


def _document_link(datasette, doc_id: str, label_: str, mark: str = "") -> Markup:
    href = datasette.urls.path("/-/document/" + doc_id) + (f"#{mark}" if mark else "")
    return Markup(f'<a class="vanban-doc" href="{escape(href)}">{escape(label_)}</a>')


def _mark(row) -> str:
    """The item's anchor a row names in its `mark` column, if any (only an id of that shape)."""
    try:
        value = row["mark"]
    except (KeyError, IndexError):
        return ""
    return value if isinstance(value, str) and MARK.fullmatch(value) else ""


async def _title(datasette, database: str, doc_id: str) -> str:
    rows = (await datasette.get_database(database).execute(
        "select coalesce(nullif(title, ''), path) from documents where id = ?", [doc_id])).rows
    return rows[0][0] if rows else doc_id[:12] + "…"


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    # only a real id becomes a link: any other value of these columns (an arbitrary query's) is shown as text
    if isinstance(value, str) and column in DOCUMENT_COLUMNS and DOC_ID.fullmatch(value):
        async def titled():
            return _document_link(datasette, value, await _title(datasette, database, value), _mark(row))
        return titled
    if column == "mark" and _mark(row) and DOC_ID.fullmatch(str(row["document"] or "")):
        return _document_link(datasette, row["document"], "xem trong văn bản · show", _mark(row))
    if column in ("reported", "computed") and isinstance(value, float):  # 46,65 (not 46.645922280917574)
        return f"{value:,.2f}".rstrip("0").rstrip(".").translate(VIETNAMESE_DIGITS)
    # the documents table shows its id as Datasette's own row link: the path leads to the document's page
    if (table, column) == ("documents", "path") and isinstance(value, str) and DOC_ID.fullmatch(str(row["id"])):
        return _document_link(datasette, row["id"], value)
    return None


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["vn"] = lambda n: f"{n:,}".translate(VIETNAMESE_DIGITS)  # thousands the Vietnamese way: 13.539


@hookimpl
def extra_template_vars(template, database, view_name, datasette):
    """Every page gets the column headers (`vanban_label`); the home page the KB's summary."""
    async def variables():
        found = {"vanban_label": label}
        if view_name == "index":
            found["summary"] = await summary(_db(datasette))
        return found
    return variables


async def summary(db) -> dict:
    """What the home page says the KB holds."""
    def collect(conn):
        count = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "reports": count(f"{searching.filed(conn)} select count(distinct report) from filed"),
            "files": count("select count(*) from documents"),
            "pages": count("select count(*) from pages"),
            "citations": count("select count(*) from citations"),
            "errors": count("select count(*) from claims where verdict = 'error'"),
            "tasks": count("select count(*) from tasks"),
            "failed": count("select count(*) from ingest_errors"),
            "most_cited": conn.execute(
                "select ref_key, count(distinct doc_id) from citations group by ref_key order by 2 desc, ref_key "
                "limit 5").fetchall(),
        }
    return await db.execute_fn(collect)


@hookimpl
def menu_links(datasette):
    return [{"href": datasette.urls.path(path), "label": label} for path, label in (
        ("/-/measure", "Biểu đồ số liệu · Figures over time"),
        ("/-/citation-graph", "Đồ thị trích dẫn · Citation graph"),
    )]


@hookimpl
def register_routes():
    return [
        (r"^/-/search(?P<as_json>\.json)?$", search_view),
        (r"^/-/document/(?P<doc_id>[0-9a-f]{64})$", document_view),
        (r"^/-/file/(?P<doc_id>[0-9a-f]{64})$", file_view),
        (r"^/-/page/(?P<doc_id>[0-9a-f]{64})/(?P<page>[0-9]{1,5})\.png$", page_image_view),
        (r"^/-/measure$", measure_view),
        (r"^/-/measure\.svg$", measure_svg),
        (r"^/-/citation-graph$", graph_view),
        (r"^/-/citation-graph\.svg$", graph_svg),
    ]


def _db(datasette):
    return datasette.get_database()


async def search_view(datasette, request):
    query = (request.args.get("q") or "").strip()[:QUERY_CHARS]
    answer = await _db(datasette).execute_fn(lambda conn: searching.search(conn, query)) if query else None
    if request.url_vars.get("as_json"):  # the CLI's `search --json`
        return Response.json(answer.as_dict() if answer else {"query": query, "results": []})
    context = {"q": query, "answer": answer, "database": _db(datasette).name}
    return Response.html(await datasette.render_template("vanban_search.html", context, request=request))


NOT_FOUND = "Không có văn bản này, hoặc tệp gốc không còn ở chỗ cũ · No such document, or its file has moved"


async def file_view(datasette, request):
    """The document's file as it was ingested (a PDF shown by the browser, any other downloaded)."""
    found = await source.stored_file(_db(datasette), request.url_vars["doc_id"])
    if found is None:
        return Response.text(NOT_FOUND, status=404)
    path, fmt, _ = found
    body = path.read_bytes()
    inline = fmt == "pdf"
    name = urllib.parse.quote(path.name)
    return Response(body, content_type="application/pdf" if inline else "application/octet-stream", headers={
        "content-disposition": f"{'inline' if inline else 'attachment'}; filename*=UTF-8''{name}"})


async def page_image_view(datasette, request):
    """One page of a PDF as an image, the text `find` boxed where it stands on it."""
    found = await source.stored_file(_db(datasette), request.url_vars["doc_id"])
    number = int(request.url_vars["page"])
    if found is None or found[1] != "pdf" or not 1 <= number <= (found[2] or 0):
        return Response.text(NOT_FOUND if found is None else "Không có trang này · No such page", status=404)
    png = await source.page_image(found[0], number, (request.args.get("find") or "")[: source.FIND_CHARS])
    if png is None:
        return Response.text("Không vẽ được trang này · The page cannot be drawn", status=500)
    return Response(png, content_type="image/png", headers={"cache-control": "max-age=3600"})


def _span(request) -> tuple[int, int] | None:
    """The span `?at=&to=` of a search's match, to mark on the document page."""
    try:
        return int(request.args.get("at", "")), int(request.args.get("to", ""))
    except ValueError:
        return None


async def document_view(datasette, request):
    found = await page.load(_db(datasette), request.url_vars["doc_id"], _span(request))
    if found is None:
        return Response.html("<h1>Không có văn bản này · No such document</h1>", status=404)
    return Response.html(await datasette.render_template("vanban_document.html", found, request=request))


def _measure_args(request) -> tuple[str, str]:
    measure = (request.args.get("measure") or charts.DEFAULT_MEASURE)[: charts.MEASURE_CHARS]
    return measure, (request.args.get("unit") or "%")[: charts.MEASURE_CHARS]


async def measure_view(datasette, request):
    measure, unit = _measure_args(request)
    points = await charts.measure_points(_db(datasette), measure, unit)
    context = {"measure": measure, "unit": unit, "points": points}
    return Response.html(await datasette.render_template("vanban_measure.html", context, request=request))


async def measure_svg(datasette, request):
    measure, unit = _measure_args(request)
    points = await charts.measure_points(_db(datasette), measure, unit)
    svg = await charts.draw(charts.measure_chart, tuple(points), measure, unit)
    return Response(svg, content_type="image/svg+xml; charset=utf-8")


def _top(request) -> int:
    try:
        return max(1, min(200, int(request.args.get("top", charts.GRAPH_TOP))))
    except ValueError:
        return charts.GRAPH_TOP


async def graph_view(datasette, request):
    edges = await charts.graph_edges(_db(datasette), _top(request))
    context = {"top": _top(request), "edges": edges}
    return Response.html(await datasette.render_template("vanban_graph.html", context, request=request))


async def graph_svg(datasette, request):
    edges = await charts.graph_edges(_db(datasette), _top(request))
    return Response(await charts.draw(charts.graph_chart, tuple(edges)), content_type="image/svg+xml; charset=utf-8")

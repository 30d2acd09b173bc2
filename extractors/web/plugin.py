"""The Datasette plugin of `vanban serve`: SQL functions for the canned queries, links from every document id
to its page, three pages of our own (a document, a measure over time, the citation graph), and the guards of a
server that shows a KB to a browser: SQLite's length and memory limits, a Host check, a Content-Security-Policy."""

from __future__ import annotations

import sqlite3

import regex
from datasette import handle_exception as _datasette_errors
from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from ..fold import fold
from ..kb import excerpt, fts_query
from ..readers import MAX_TEXT_BYTES
from ..references.query import loose, parse
from . import charts, guard, page

# Datasette 0.65 prints every error with rich's print_exception(show_locals=True): pages of locals per refused
# query, and with a recent rich a crash (500) when no exception is being handled (a POST to a missing path).
# Its handler without rich answers the same pages and prints tracebacks of real server errors only.
_datasette_errors.rich = None

DOCUMENT_COLUMNS = {"doc_id", "document"}  # the columns of tables and canned queries that hold a document id
DOC_ID = regex.compile(r"[0-9a-f]{64}")  # a document id: the sha256 of its bytes
# The longest string or row SQLite builds: a whole text and its folded copy at the reader's limit fit, a query
# asking for a gigabyte (printf('%.*c', 900000000, 'x')) gets NULL or "string or blob too big" at once
MAX_LENGTH = 4 * MAX_TEXT_BYTES
HEAP_LIMIT = 512 * 1024 * 1024  # SQLite's memory, all connections together: a query past it fails, not the server
QUERY_CHARS = 1000  # what a person types into a canned query's box; longer input is not folded or parsed


def _typed(fn):
    """A SQL function of what a person typed: NULL for nothing, or for more than anyone types."""
    return lambda s: fn(s) if s and len(s) <= QUERY_CHARS else None


def _deny_native_pointers(action, _, name, *__):
    # fts3_tokenizer() hands out (and with two arguments replaces) a native function pointer
    return sqlite3.SQLITE_DENY if action == sqlite3.SQLITE_FUNCTION and name == "fts3_tokenizer" else sqlite3.SQLITE_OK


@hookimpl
def prepare_connection(conn):
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_LENGTH)
    conn.execute(f"pragma hard_heap_limit = {HEAP_LIMIT}")
    conn.set_authorizer(_deny_native_pointers)
    conn.create_function("vanban_fold", 1, lambda s: fold(s) if s else s, deterministic=True)
    conn.create_function("vanban_loose", 1, _typed(loose), deterministic=True)
    conn.create_function("vanban_query_rest", 1, _typed(lambda s: parse(s).rest), deterministic=True)
    conn.create_function("vanban_query_number", 1, _typed(lambda s: parse(s).number), deterministic=True)
    conn.create_function("vanban_query_type", 1, _typed(lambda s: parse(s).type), deterministic=True)
    # an empty search matches nothing: '""' is FTS5's empty phrase
    conn.create_function("vanban_match", 1, lambda s: (_typed(fts_query)(s) or '""'), deterministic=True)
    conn.create_function("vanban_excerpt", 3, lambda text, folded, q: excerpt(text, folded, (q or "")[:QUERY_CHARS])[1])


@hookimpl
def asgi_wrapper(datasette):
    return lambda app: guard.wrap(app, (datasette.plugin_config("vanban") or {}).get("hosts"))


def _document_link(datasette, doc_id: str, label: str) -> Markup:
    href = datasette.urls.path("/-/document/" + doc_id)
    return Markup(f'<a class="vanban-doc" href="{escape(href)}">{escape(label)}</a>')


@hookimpl
def render_cell(row, value, column, table, datasette):
    # only a real id becomes a link: any other value of these columns (an arbitrary query's) is shown as text
    if isinstance(value, str) and column in DOCUMENT_COLUMNS and DOC_ID.fullmatch(value):
        return _document_link(datasette, value, value[:12] + "…")
    # the documents table shows its id as Datasette's own row link: the path leads to the document's page
    if (table, column) == ("documents", "path") and isinstance(value, str) and DOC_ID.fullmatch(str(row["id"])):
        return _document_link(datasette, row["id"], value)
    return None


@hookimpl
def menu_links(datasette):
    return [{"href": datasette.urls.path(path), "label": label} for path, label in (
        ("/-/measure", "Biểu đồ số liệu · Figures over time"),
        ("/-/citation-graph", "Đồ thị trích dẫn · Citation graph"),
    )]


@hookimpl
def register_routes():
    return [
        (r"^/-/document/(?P<doc_id>[0-9a-f]{64})$", document_view),
        (r"^/-/measure$", measure_view),
        (r"^/-/measure\.svg$", measure_svg),
        (r"^/-/citation-graph$", graph_view),
        (r"^/-/citation-graph\.svg$", graph_svg),
    ]


def _db(datasette):
    return datasette.get_database()


async def document_view(datasette, request):
    found = await page.load(_db(datasette), request.url_vars["doc_id"])
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

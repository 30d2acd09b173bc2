"""The Datasette plugin of `vanban serve`: SQL functions for the canned queries, links from every document id
to its page, and three pages of our own (a document, a measure over time, the citation graph)."""

from __future__ import annotations

from datasette import handle_exception as _datasette_errors
from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from ..fold import fold
from ..kb import excerpt, fts_query
from ..references.query import loose, parse
from . import charts, page

# Datasette 0.65 prints every error with rich's print_exception(show_locals=True): pages of locals per refused
# query, and with a recent rich a crash (500) when no exception is being handled (a POST to a missing path).
# Its handler without rich answers the same pages and prints tracebacks of real server errors only.
_datasette_errors.rich = None

DOCUMENT_COLUMNS = {"doc_id", "document"}  # the columns of tables and canned queries that hold a document id


@hookimpl
def prepare_connection(conn):
    conn.create_function("vanban_fold", 1, lambda s: fold(s) if s else s, deterministic=True)
    conn.create_function("vanban_loose", 1, lambda s: loose(s) if s else s, deterministic=True)
    conn.create_function("vanban_query_rest", 1, lambda s: parse(s).rest if s else None, deterministic=True)
    conn.create_function("vanban_query_number", 1, lambda s: parse(s).number if s else None, deterministic=True)
    conn.create_function("vanban_query_type", 1, lambda s: parse(s).type if s else None, deterministic=True)
    # an empty search matches nothing (an empty FTS5 expression would be an error)
    conn.create_function("vanban_match", 1, lambda s: fts_query(s or "") or '"\x00"', deterministic=True)
    conn.create_function("vanban_excerpt", 3, lambda text, folded, q: excerpt(text, folded, q or "")[1])


def _document_link(datasette, doc_id: str, label: str) -> Markup:
    return Markup(f'<a class="vanban-doc" href="{datasette.urls.path("/-/document/" + doc_id)}">{escape(label)}</a>')


@hookimpl
def render_cell(row, value, column, table, datasette):
    if isinstance(value, str) and len(value) == 64 and column in DOCUMENT_COLUMNS:
        return _document_link(datasette, value, value[:12] + "…")
    # the documents table shows its id as Datasette's own row link: the path leads to the document's page
    if (table, column) == ("documents", "path") and isinstance(value, str):
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
    return request.args.get("measure") or charts.DEFAULT_MEASURE, request.args.get("unit") or "%"


async def measure_view(datasette, request):
    measure, unit = _measure_args(request)
    points = await charts.measure_points(_db(datasette), measure, unit)
    context = {"measure": measure, "unit": unit, "points": points}
    return Response.html(await datasette.render_template("vanban_measure.html", context, request=request))


async def measure_svg(datasette, request):
    measure, unit = _measure_args(request)
    points = await charts.measure_points(_db(datasette), measure, unit)
    return Response(charts.measure_chart(points, measure, unit), content_type="image/svg+xml; charset=utf-8")


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
    return Response(charts.graph_chart(edges), content_type="image/svg+xml; charset=utf-8")

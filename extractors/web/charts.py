"""Pictures of the KB as SVG (matplotlib, no pyplot: safe in a server): one measure across the reports over
time, and the citation graph (documents on the left, the references they cite on the right). They are drawn off
the server's event loop, one at a time, in a process of their own (matplotlib is not thread-safe, and a drawing
in a thread would still hold the server's interpreter lock), and the last ones kept: a slow drawing delays no
other request, and the same picture of the same data is drawn once."""

from __future__ import annotations

import asyncio
import io
import multiprocessing
from collections import OrderedDict
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import matplotlib
import regex
from matplotlib.figure import Figure

from ..engines import die_with_parent
from ..fold import fold

DEFAULT_MEASURE = "trực tuyến"  # online applications: the rate every monthly Đề án 06 report gives
GRAPH_TOP = 25  # references in the graph, the most cited first
BEFORE = 200  # characters of text before a figure searched for the measure's words
MEASURE_CHARS = 200  # a measure's words (and unit) longer than this are cut: no one types more
KEPT = 64  # drawings kept, the last asked for
SENTENCE_END = regex.compile(r"[.;:\n](?=\s)")


@dataclass(frozen=True)
class Point:
    doc_id: str
    path: str
    period: str  # YYYY, YYYY-MM or YYYY-MM-DD: the period the report covers, else its date
    value: float
    page: int | None
    line: int
    quote: str


def _day(period: str) -> date:
    """A period's middle day, to place it on a time axis."""
    year, month, day = ([int(p) for p in period.split("-")] + [0, 0])[:3]
    return date(year, month or 7, day or (15 if month else 1))


async def measure_points(db, measure: str, unit: str) -> list[Point]:
    """Figures in `unit` whose sentence, up to the figure, holds every word of `measure` (any diacritics)."""
    words = fold(measure).split()
    rows = (await db.execute(
        "select d.id, d.path, coalesce(d.period_end, d.date) as period, f.value, f.page, f.line, f.start, "
        "substr(t.text, max(1, f.start - ? + 1), min(f.start, ?) + f.end - f.start) as before "
        "from figures f join documents d on d.id = f.doc_id join texts t on t.doc_id = f.doc_id "
        "where f.unit = ? and coalesce(d.period_end, d.date) is not null order by period, d.path, f.start",
        [BEFORE, BEFORE, unit])).rows
    points = []
    for doc_id, path, period, value, page, line, _, before in rows:
        ends = [m.end() for m in SENTENCE_END.finditer(before)]
        sentence = " ".join(before[ends[-1] if ends else 0 :].split())
        if all(w in fold(sentence) for w in words):
            points.append(Point(doc_id, path, period, value, page, line, sentence))
    return points


_drawer: ProcessPoolExecutor | None = None
_drawn: OrderedDict[tuple, str] = OrderedDict()


def _pool() -> ProcessPoolExecutor:
    """The drawing process, started on the first drawing (spawned: no copy of the server's threads)."""
    global _drawer
    if _drawer is None:
        _drawer = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=die_with_parent)
    return _drawer


async def draw(chart, *args) -> str:
    """`chart(*args)` (hashable arguments: the data drawn) in the drawing process, or as drawn before."""
    global _drawer
    key = (chart.__name__, *args)
    if key in _drawn:
        _drawn.move_to_end(key)
        return _drawn[key]
    try:
        svg = await asyncio.get_running_loop().run_in_executor(_pool(), chart, *args)
    except BrokenProcessPool:  # the drawing process died (killed, out of memory): the next drawing starts another
        _drawer = None
        raise
    _drawn[key] = svg
    if len(_drawn) > KEPT:
        _drawn.popitem(last=False)
    return svg


def _svg(fig: Figure) -> str:
    buf = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none"}):  # text stays text: searchable, selectable
        fig.savefig(buf, format="svg", bbox_inches="tight")
    return buf.getvalue()


def measure_chart(points: tuple[Point, ...], measure: str, unit: str) -> str:
    fig = Figure(figsize=(8, 4))
    ax = fig.subplots()
    if points:
        ax.scatter([_day(p.period) for p in points], [p.value for p in points], alpha=0.6, label="số liệu · figures")
        by_period: dict[str, list[float]] = {}
        for p in points:
            by_period.setdefault(p.period, []).append(p.value)
        periods = sorted(by_period, key=_day)
        ax.plot([_day(p) for p in periods], [sorted(v)[len(v) // 2] for v in (by_period[p] for p in periods)],
                marker="o", label="trung vị · median")
        ax.legend(loc="best")
    else:
        ax.text(0.5, 0.5, "Không có số liệu · no figures", ha="center", va="center", transform=ax.transAxes)
    # names and typed words are drawn as written: '$' would start matplotlib's mathtext
    ax.set_title(f"{measure} ({unit})", parse_math=False)
    ax.set_ylabel(unit, parse_math=False)
    ax.grid(alpha=0.3)
    fig.autofmt_xdate()
    return _svg(fig)


@dataclass(frozen=True)
class Edge:
    doc_id: str
    path: str
    key: str
    mentions: int


async def graph_edges(db, top: int) -> list[Edge]:
    """Citations of the `top` references the most documents cite."""
    rows = (await db.execute(
        "with ranked as (select ref_key, count(distinct doc_id) as n from citations group by ref_key "
        "order by n desc, ref_key limit ?) "
        "select c.doc_id, d.path, c.ref_key, count(*) from citations c join ranked r on r.ref_key = c.ref_key "
        "join documents d on d.id = c.doc_id group by c.doc_id, c.ref_key order by d.path, r.n desc",
        [top])).rows
    return [Edge(*row) for row in rows]


def graph_chart(edges: tuple[Edge, ...]) -> str:
    docs = sorted({(e.path, e.doc_id) for e in edges})
    cited: dict[str, int] = {}
    for e in edges:
        cited[e.key] = cited.get(e.key, 0) + 1
    keys = sorted(cited, key=lambda k: (-cited[k], k))
    rows = max(len(docs), len(keys), 1)
    fig = Figure(figsize=(11, 1 + 0.28 * rows))
    ax = fig.subplots()
    ax.set_axis_off()
    y_doc = {doc_id: 1 - (i + 0.5) / max(len(docs), 1) for i, (_, doc_id) in enumerate(docs)}
    y_key = {k: 1 - (i + 0.5) / max(len(keys), 1) for i, k in enumerate(keys)}
    for e in edges:
        ax.plot([0, 1], [y_doc[e.doc_id], y_key[e.key]], color="#4a7bb7", alpha=0.25, linewidth=0.6 + 0.3 * e.mentions)
    for path, doc_id in docs:
        ax.text(-0.01, y_doc[doc_id], Path(path).name, ha="right", va="center", fontsize=7, parse_math=False)
    for k in keys:
        ax.text(1.01, y_key[k], f"{k} ({cited[k]})", ha="left", va="center", fontsize=7, parse_math=False)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_title("Văn bản → văn bản được trích dẫn · documents → the references they cite")
    return _svg(fig)

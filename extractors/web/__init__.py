"""`vanban serve`: the KB in Datasette, read-only, with bilingual metadata, facets, canned queries and the
vanban plugin (document pages, charts, the guards of `plugin.py`). `metadata(name)` is the Datasette metadata for
a KB opened as `name`."""

from __future__ import annotations

import json
import socket
import tempfile
from functools import cache
from pathlib import Path

import yaml
from markupsafe import escape

from ..errors import InputError

HERE = Path(__file__).parent
SQL_TIME_LIMIT_MS = 1000  # an arbitrary query is stopped after this long
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
# the Host headers a server bound to this machine answers (a page elsewhere reaching it by DNS rebinding sends its
# own name)
LOCAL_NAMES = ["127.0.0.1", "localhost", "[::1]"]


@cache
def _data(name: str) -> dict:
    return yaml.safe_load((HERE / name).read_text(encoding="utf-8"))


def _both(pair: dict) -> str:
    return f"{pair['vi']} · {pair['en']}"


def label(column: str) -> str:
    """A column's header as the web view shows it: Vietnamese first, English second ("Tệp · file")."""
    pair = _data("labels.yaml").get(column)
    return _both(pair) if pair else column


def metadata(database: str, hosts: list[str] | None = None) -> dict:
    """Datasette's metadata for the KB served as `database`; `hosts`: the Host names answered (None: any)."""
    from datasette.utils import tilde_encode

    tables = {}
    for name, spec in _data("metadata.yaml")["tables"].items():
        tables[name] = {"title": _both(spec["title"]), "description": _both(spec["description"]),
                        "columns": {column: _both(text) for column, text in spec["columns"].items()}}
    for name, options in _data("views.yaml").items():
        tables.setdefault(name, {}).update(options)
    route = escape("/" + tilde_encode(database))  # the name as Datasette routes it, safe in an attribute
    return {
        "title": "vanban · Kho tri thức văn bản · Knowledge base of official reports",
        "description_html": (
            "Báo cáo, kế hoạch, công văn đã được trích xuất: trích dẫn, số liệu và kiểm tra phép tính, nhiệm vụ, "
            "thực thể. · Reports mined into references, figures with their arithmetic checked, tasks and entities. "
            '<a href="/-/search">Tìm kiếm · Search</a> · '
            f'<a href="{route}/arithmetic_errors">'
            'Sai sót số liệu · Arithmetic errors</a> · <a href="/-/measure">Biểu đồ · Chart</a> · '
            '<a href="/-/citation-graph">Đồ thị trích dẫn · Citation graph</a>'),
        "databases": {database: {"tables": tables, "queries": _data("queries.yaml")}},
        "plugins": {"vanban": {"hosts": hosts}},
    }


def _check_port(host: str, port: int) -> None:
    """Refuse a port another program listens on before Datasette starts (uvicorn would say so after its banner)."""
    if port == 0:
        return
    try:
        family, kind, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        with socket.socket(family, kind) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
            s.bind(address)
    except socket.gaierror as e:
        raise InputError(host, f"cannot listen on this address ({e.strerror})") from None
    except OSError as e:
        raise InputError(f"{host}:{port}", f"cannot listen here ({e.strerror}); try --port {port + 1}") from None


def serve(db: Path, host: str = "127.0.0.1", port: int = 8001, sql: bool = False) -> None:
    """Run Datasette on the KB until interrupted; `sql`: let visitors run their own SELECT queries."""
    from datasette.cli import cli as datasette
    from datasette.plugins import pm

    from ..kb import KB
    from . import plugin

    kb = KB.read_only(db)  # refused here, in one line, when it is not a usable vanban KB
    kb.close()
    _check_port(host, port)
    if not pm.is_registered(plugin):
        pm.register(plugin, name="vanban")
    with tempfile.TemporaryDirectory(prefix="vanban-serve-") as tmp:
        meta = Path(tmp) / "metadata.json"
        meta.write_text(json.dumps(metadata(db.stem, LOCAL_NAMES if host in LOCAL_HOSTS else None),
                                   ensure_ascii=False), encoding="utf-8")
        # Datasette opens a database file it is given as mutable with mode=ro: read-only, and each query sees the
        # documents an ingest has committed so far; immutable only where SQLite cannot share the log (read-only media)
        datasette.main(["serve", *(["--immutable"] if kb.immutable else []), str(db), "--metadata", str(meta),
                        "--template-dir", str(HERE / "templates"), "--host", host, "--port", str(port),
                        "--setting", "sql_time_limit_ms", str(SQL_TIME_LIMIT_MS),
                        "--setting", "default_allow_sql", "on" if sql else "off"], prog_name="vanban serve")

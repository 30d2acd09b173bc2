"""`vanban serve` in a real browser (Debian's chromium driven by playwright) on a KB built from the samples:
search without diacritics, a document page with its marks, the audit query against the gold's slips, the
charts; and over plain HTTP: nothing can be written, a runaway query is stopped. Screenshots go to docs/."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import yaml

from extractors.ingest import ingest
from extractors.kb import KB, SCHEMA

from .conftest import CORPUS, ROOT, SAMPLES

DOCS = ROOT / "docs"
LAM_DONG = "000_c15e43302a308399"  # the Lâm Đồng report: cites Chỉ thị 24/CT-TTg


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def kb_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("web") / "kb.sqlite"
    kb = KB(path)
    files = [CORPUS / f"{s}.{ext}" for s in SAMPLES for ext in ("pdf", "txt")]
    # a short report citing sample 002 by its number: the KB then holds a document cited by another
    citing = path.with_name("cong-van-trich-dan.txt")
    citing.write_text("Thực hiện Báo cáo số 19/BC-TCTTTĐA ngày 15/12/2022 của Tổ công tác triển khai Đề án 06, "
                      "Sở Tư pháp báo cáo kết quả như sau.\n", encoding="utf-8")
    files.append(citing)
    summary = ingest(files, kb, jobs=2)
    kb.close()
    assert summary.ingested == len(files), summary.failed
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(db: Path, *extra: str) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    log = open(db.with_name(f"serve-{port}.log"), "w")  # a file, not a pipe: a full pipe would block the server
    proc = subprocess.Popen([sys.executable, "-m", "extractors.cli", "serve", "--db", str(db), "--port", str(port),
                             *extra], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, text=True)
    proc.log = Path(log.name)
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(url + "/-/versions.json", timeout=1)
            return proc, url
        except OSError:
            if proc.poll() is not None:
                raise AssertionError(f"vanban serve exited: {proc.log.read_text()}") from None
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("vanban serve did not start in 30 s")


@pytest.fixture(scope="module")
def server(kb_path):
    proc, url = _start(kb_path)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    exe = _chromium()
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: `make install` installs Debian's chromium package")
        pytest.skip("no chromium on this machine (Debian: apt-get install chromium, or run `make install`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def page(browser):
    p = browser.new_page(viewport={"width": 1400, "height": 900})
    yield p
    p.close()


def _shot(page, name: str) -> None:
    DOCS.mkdir(exist_ok=True)
    page.screenshot(path=str(DOCS / f"{name}.png"))


def _table(page) -> list[dict]:
    """The rows of Datasette's result table, by column name."""
    return page.evaluate("""() => {
        const heads = [...document.querySelectorAll('table.rows-and-columns thead th')].map(th => th.innerText.trim());
        return [...document.querySelectorAll('table.rows-and-columns tbody tr')].map(tr =>
            Object.fromEntries([...tr.querySelectorAll('td')].map((td, i) => [heads[i], td.innerText.trim()])));
    }""")


def test_search_without_diacritics_reaches_the_lam_dong_report_and_its_marked_reference(server, page):
    page.goto(f"{server}/kb/search")
    page.fill("input[name=q]", "chi thi 24")
    page.click("input[type=submit]")
    page.wait_for_url("**/kb/search?q=**")
    rows = _table(page)
    assert any(f"{LAM_DONG}.pdf" in r["path"] for r in rows), rows
    _shot(page, "web-search")
    page.locator("tr", has_text=f"{LAM_DONG}.pdf").locator("a.vanban-doc").click()
    page.wait_for_selector("#text")
    assert "Lâm Đồng" in page.inner_text("h1")
    ref = page.locator("#text span.ref", has_text="24/CT-TTg").first
    assert ref.is_visible()
    assert "24/CT-TTg" in ref.get_attribute("title")
    assert page.locator("#cites a", has_text="24/CT-TTg").count() == 1
    # every kind of item is marked, errors in their colour
    for css in ("span.figure", "span.claim-error", "span.claim-ok", "span.ent-ORG", "span.ent-LOC"):
        assert page.locator(f"#text {css}").count() > 0, css
    ref.scroll_into_view_if_needed()
    _shot(page, "web-document")
    # following the reference lists the documents citing it, this one among them
    page.locator("#cites a", has_text="24/CT-TTg").click()
    page.wait_for_url("**/kb/citing?**")
    assert any(f"{LAM_DONG}.pdf" in r["path"] and r["ref_key"] == "24/CT-TTg" for r in _table(page))


def test_a_document_page_lists_the_documents_citing_it(server, page):
    page.goto(f"{server}/kb/documents?path__endswith=002_465208a09d94fdc9.pdf")
    page.locator("a.vanban-doc", has_text="002_465208a09d94fdc9.pdf").click()
    page.wait_for_selector("#cited-by")
    page.locator("#cited-by a", has_text="cong-van-trich-dan.txt").click()
    page.wait_for_selector("#text")
    assert page.locator("#text span.ref", has_text="19/BC-TCTTTĐA").count() == 1


def _gold_errors() -> list[tuple[str, float]]:
    out = []
    for path in sorted((CORPUS / "gold" / "claims").glob("*.json")):
        for claim in json.loads(path.read_text(encoding="utf-8"))["claims"]:
            if claim["verdict"] == "error":
                out.append((path.stem, float(claim["stated"])))
    return out


def test_the_arithmetic_errors_query_shows_the_known_slips(server, page):
    page.goto(f"{server}/kb/arithmetic_errors")
    rows = _table(page)
    gold = _gold_errors()
    assert len(gold) == 9
    for stem, stated in gold:  # each slip in the gold is listed for the PDF, with its quote and place
        found = [r for r in rows if f"{stem}.pdf" in r["path"] and float(r["reported"]) == stated]
        assert found and found[0]["quote"] and found[0]["line"], (stem, stated)
    _shot(page, "web-errors")


def test_the_measure_chart_and_the_citation_graph_are_drawn(server, page):
    page.goto(f"{server}/-/measure?measure=truc+tuyen&unit=%25")
    page.wait_for_function("document.getElementById('chart').complete")
    assert page.evaluate("document.getElementById('chart').naturalWidth") > 100
    points = _table(page)
    assert points and all(p["%"] for p in points)
    _shot(page, "web-measure")
    page.goto(f"{server}/-/citation-graph?top=15")
    page.wait_for_function("document.getElementById('graph').complete")
    assert page.evaluate("document.getElementById('graph').naturalWidth") > 100
    _shot(page, "web-graph")


def _get(url: str, data: bytes | None = None) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=30) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def _sql(server: str, sql: str) -> tuple[int, str]:
    return _get(f"{server}/kb.json?" + urllib.parse.urlencode({"sql": sql}))


def test_nothing_can_be_written_and_a_runaway_query_is_stopped(server, kb_path):
    before = hashlib.sha256(kb_path.read_bytes()).hexdigest()
    for sql in ("attach database '/tmp/vanban-attack.sqlite' as x", "delete from documents",
                "insert into copies (path, doc_id) values ('x', 'y')", "update documents set title = 'x'",
                "drop table claims", "pragma writable_schema = 1", "select 1; delete from documents"):
        status, body = _sql(server, sql)
        assert status >= 400 and '"ok": false' in body, (sql, status, body[:200])
    for path in ("/kb/copies/-/insert", "/kb/-/create", "/kb/documents/-/upsert"):
        status, _ = _get(server + path, data=b'{"row": {"path": "x", "doc_id": "y"}}')
        assert status in (403, 404, 405), (path, status)
    assert not Path("/tmp/vanban-attack.sqlite").exists()
    status, body = _sql(server, "with recursive n(i) as (select 1 union all select i + 1 from n) select count(*) from n")
    assert status == 400 and "took too long" in body
    assert _sql(server, "select count(*) as n from documents")[0] == 200
    assert hashlib.sha256(kb_path.read_bytes()).hexdigest() == before


@pytest.mark.parametrize("name, params, expect", [
    ("citing", {"key": "Chỉ thị số 24/CT-TTg"}, "24/CT-TTg"),
    ("citing", {"key": "24/ct ttg"}, "24/CT-TTg"),
    ("most_cited", {}, "Đề án 06"),
    ("tasks_by_lead", {"lead": "cong an xa"}, "Công an xã"),
    ("overdue_tasks", {"as_of": "2026-01-01"}, "2025"),
    ("documents_by_issuer_month", {}, "Hoằng Kim"),
])
def test_canned_queries(server, name, params, expect):
    status, body = _get(f"{server}/kb/{name}.json?_shape=array&" + urllib.parse.urlencode(params))
    assert status == 200, body[:300]
    rows = json.loads(body)
    assert rows and expect in json.dumps(rows, ensure_ascii=False), rows[:3]


def test_metadata_describes_every_table_and_column_in_both_languages(server):
    described = yaml.safe_load((ROOT / "extractors" / "web" / "metadata.yaml").read_text(encoding="utf-8"))["tables"]
    for table, spec in SCHEMA.items():
        assert all(described[table]["title"].values()) and all(described[table]["description"].values()), table
        for column in spec["columns"]:
            assert described[table]["columns"][column]["vi"] and described[table]["columns"][column]["en"], column
    status, body = _get(f"{server}/-/metadata.json")
    assert status == 200 and "Sai sót số liệu · Arithmetic errors" in json.loads(body)["databases"]["kb"]["queries"][
        "arithmetic_errors"]["title"]


def test_serving_beyond_this_machine_warns(kb_path):
    proc, url = _start(kb_path, "--host", "0.0.0.0")
    proc.terminate()
    proc.wait(timeout=10)
    assert "visible to the network" in proc.log.read_text()

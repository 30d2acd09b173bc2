"""The normaliser: clean text, joins, footnotes, furniture, and the offset map's exactness."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.document import Document, Page
from extractors.normalize import normalize
from extractors.readers import read

from .conftest import CORPUS, SAMPLES, squash


def doc_of(*pages: str, paged: bool = True) -> Document:
    if not paged:
        return Document("t.txt", "0" * 64, "txt", (Page(None, pages[0]),))
    return Document("t.pdf", "0" * 64, "pdf", tuple(Page(i + 1, t) for i, t in enumerate(pages)))


def test_citations_broken_across_lines_are_joined():
    t = normalize(doc_of("theo Kế hoạch số 515/KH-\nBCA-BNN&MT và Quyết định số 06/QĐ-\n\nTTg, Chỉ thị số 15-\nCT/TU nay", paged=False))
    assert "515/KH-BCA-BNN&MT" in t.text
    assert "06/QĐ-TTg" in t.text
    assert "15-CT/TU" in t.text


def test_hard_line_breaks_are_unwrapped_and_spacing_collapsed():
    t = normalize(doc_of("Thực hiện Quyết định số 06/QĐ-TTg   của Thủ \n\ntướng  Chính phủ về việc\n\nphê duyệt.\n1. Mục đích\n", paged=False))
    assert t.text == "Thực hiện Quyết định số 06/QĐ-TTg của Thủ tướng Chính phủ về việc phê duyệt.\n1. Mục đích"


def test_glued_footnote_marker_becomes_a_link_and_the_body_moves_out():
    raw = (
        "ban hành 02 Quyết định, 06 văn bản1 chỉ đạo các nhiệm vụ Đề án 06, \n\n"
        "1 Công văn số 2136/TGV ngày 20/10/2025 về việc triển khai chương trình cứu trợ khẩn cấp trên nền tảng VNeID năm 2025; \n"
        "Quyết định 1798/QĐ-UBND ngày 22/10/2025 của Chủ tịch Ủy ban nhân dân tỉnh ban hành kế hoạch triển khai chiến lược.\n"
        " trong đó tập trung chỉ đạo.\n"
    )
    t = normalize(doc_of(raw, paged=False))
    body = t.text[: t.body_end]
    assert body == "ban hành 02 Quyết định, 06 văn bản chỉ đạo các nhiệm vụ Đề án 06, trong đó tập trung chỉ đạo."
    assert [(n.label) for n in t.footnotes] == ["1"]
    note = t.text[t.footnotes[0].start : t.footnotes[0].end]
    assert note.startswith("1 Công văn số 2136/TGV") and note.endswith("triển khai chiến lược.")
    (link,) = t.links
    assert body[: link.offset].endswith("06 văn bản")


def test_marker_alone_on_its_line_and_superscript_that_is_not_a_marker():
    raw = "diện tích 13.125,37km\n2\n, ban hành 01 Thông báo\n1\n kết luận.\n\n \n1\n Thông báo số 53 ngày 28/4/2022 về đánh giá.\n"
    t = normalize(doc_of(raw, paged=False))
    assert t.text[: t.body_end] == "diện tích 13.125,37km 2 , ban hành 01 Thông báo kết luận."
    assert t.text[t.footnotes[0].start : t.footnotes[0].end] == "1 Thông báo số 53 ngày 28/4/2022 về đánh giá."


def test_page_numbers_and_running_headers_are_dropped_on_paged_sources():
    body = "Công an tỉnh tiếp tục phát huy vai trò thường trực\n\ntham mưu trong triển khai Đề án {n},\nđã phối hợp {w}\n"
    words = ["", "Sở Tư pháp", "Sở Y tế", "Bưu điện tỉnh", "các xã"]
    pages = [f"UBND TỈNH LÂM ĐỒNG - Báo cáo tháng 11\n{body.format(n=n, w=words[n])}{n}\n" for n in range(1, 5)]
    t = normalize(doc_of(*pages))
    assert "UBND TỈNH" not in t.text
    assert not regex.search(r"(?m)^\d+$", t.text)
    assert t.text.count("Công an tỉnh tiếp tục") == 4
    assert "Đề án 3, đã phối hợp Bưu điện tỉnh Công an tỉnh" in t.text


def test_footnotes_in_a_page_bottom_area():
    def doc(first: str) -> Document:
        pages = (first, "nhiệm vụ năm 2025.\n2\n")
        # the reader saw the footnote area start at the line in the smaller font
        notes = first.index("Kế hoạch") - 2
        return Document("t.pdf", "0" * 64, "pdf", (Page(1, pages[0], notes_start=notes), Page(2, pages[1])))

    first = "Ban hành 03 văn bản2 chỉ đạo, tiếp\ntục triển khai\n2 Kế hoạch số 31/KH-UBND ngày 07/2/2022.\n1\n"
    # label 2 is not expected before label 1: no footnote at all
    assert normalize(doc(first)).footnotes == ()
    t = normalize(doc(first.replace("văn bản2", "văn bản1").replace("2 Kế hoạch", "1 Kế hoạch")))
    assert t.text[: t.body_end] == "Ban hành 03 văn bản chỉ đạo, tiếp tục triển khai nhiệm vụ năm 2025."
    place = t.place(t.footnotes[0].start, t.footnotes[0].end)
    assert (place.page, place.line) == (1, 3)


def test_a_line_starting_with_the_label_outside_the_footnote_area_is_body():
    text = "ban hành 06 văn bản1 chỉ đạo\n1 nhiệm vụ còn lại chưa hoàn thành\n1 Công văn số 2136/TGV.\n"
    page = Page(1, text, notes_start=text.index("1 Công"))
    t = normalize(Document("t.pdf", "0" * 64, "pdf", (page,)))
    assert t.text[: t.body_end] == "ban hành 06 văn bản chỉ đạo 1 nhiệm vụ còn lại chưa hoàn thành"
    assert t.text[t.body_end :].strip() == "1 Công văn số 2136/TGV."


VIET = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵĐQCT"
raw_text = st.text(alphabet=VIET + "0123456789/-.,;:() \n\n", max_size=400)


@settings(max_examples=300, deadline=None)
@given(pages=st.lists(raw_text, min_size=1, max_size=4), paged=st.booleans(), data=st.data())
def test_any_clean_span_maps_back_to_the_raw_text_it_came_from(pages, paged, data):
    doc = doc_of(*pages, paged=paged) if paged else doc_of("\n".join(pages), paged=False)
    t = normalize(doc)
    if not t.text:
        return
    start = data.draw(st.integers(0, len(t.text) - 1))
    end = data.draw(st.integers(start + 1, len(t.text)))
    assert squash(t.raw(start, end)) == squash(t.text[start:end])
    page, raw = t.map.to_raw(start)
    if not t.text[start].isspace():
        assert doc.pages[page].text[raw] == t.text[start]


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_spans_of_the_samples_map_back(data):
    stem = data.draw(st.sampled_from(SAMPLES))
    t = normalize(read(CORPUS / f"{stem}.txt"))
    start = data.draw(st.integers(0, len(t.text) - 1))
    end = data.draw(st.integers(start + 1, min(len(t.text), start + 2000)))
    assert squash(t.raw(start, end)) == squash(t.text[start:end])
    # a plain-text place is the line of the file
    place = t.place(start, end)
    assert place.page is None
    line = (CORPUS / f"{stem}.txt").read_text(encoding="utf-8").split("\n")[place.line - 1]
    if not t.text[start].isspace():
        assert t.text[start] in line

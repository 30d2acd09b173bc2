"""The document's own identity (the contract's `metadata`): header (issuer, number, place, date, type,
title), the period it covers, whom it is addressed and sent to, who signed it."""

from __future__ import annotations

import regex

from ..normalize import Text
from ..references.grammar import type_of_code
from .header import attached, issuer_from_body, issuer_lines, issuer_named, own_number, type_and_title
from .period import period
from .signature import addressees, recipients, signers

__all__ = ["identify"]


def identify(t: Text) -> dict:
    """Everything the document says about itself; None / [] where it says nothing."""
    found = own_number(t.text)
    titled_issuer = found.pop("issuer", None)  # a gazette's title: "QUYẾT ĐỊNH CỦA THỦ TƯỚNG CHÍNH PHỦ SỐ …"
    doc_type, title, head_end = type_and_title(t.text)
    lines = issuer_lines(t, head_end)
    appendix = attached(t.text[t.text.find("PHỤ LỤC"):] if "PHỤ LỤC" in t.text else "")
    for key in ("symbol", "date"):
        found[key] = found[key] or appendix.get(key)
    found["number"] = found["number"] or appendix.get("number")
    doc_type = doc_type or appendix.get("doc_type") or _type_of_symbol(found["symbol"])
    body_start = t.text.find("\n", head_end) + 1 if title else 0
    sent_to, list_end = recipients(t)
    addressed = addressees(t, body_start)
    return found | {
        "doc_type": doc_type,
        "title": title,
        "issuer": issuer_named(lines) or titled_issuer or issuer_from_body(t.text, title, body_start),
        "issuer_lines": lines,
        "period": period(title, found["date"]) or period(_appendix_title(t.text), found["date"]),
        "kinh_gui": addressed,
        "noi_nhan": sent_to,
        "recipients": addressed + sent_to,
        "signers": signers(t, list_end),
    }


def _appendix_title(text: str) -> str | None:
    at = text.find("PHỤ LỤC")
    return text[at: text.find("\n", at)] if at >= 0 else None


def _type_of_symbol(symbol: str | None) -> str | None:
    """'NQ-HĐND' -> 'Nghị quyết', '38-KH/TU' -> 'Kế hoạch': the type its own number's code names, where the
    header's type line is missing (a copy that kept only the number)."""
    codes = [p.upper() for p in regex.split(r"[-/]", symbol or "") if p and not p.isdigit()]  # "2016/NQ-HĐND"
    return type_of_code().get(codes[0]) if codes else None

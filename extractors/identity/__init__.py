"""The document's own identity (the contract's `metadata`): header (issuer, number, place, date, type,
title), the period it covers, whom it is addressed and sent to, who signed it."""

from __future__ import annotations

import regex

from ..normalize import Text
from ..references.grammar import type_of_code
from .header import (
    attached,
    issuer_from_body,
    issuer_lines,
    issuer_named,
    issuer_of_attached,
    issuer_of_symbol,
    issuer_of_type,
    own_number,
    type_and_title,
)
from .period import period
from .signature import addressees, recipients, signers
from .words import words

__all__ = ["identify"]


def identify(t: Text) -> dict:
    """Everything the document says about itself; None / [] where it says nothing."""
    found = own_number(t.text)
    titled_issuer = found.pop("issuer", None)  # a gazette's title: "QUYẾT ĐỊNH CỦA THỦ TƯỚNG CHÍNH PHỦ SỐ …"
    fields, numbered_type = found.pop("fields"), found.pop("type")
    doc_type, title, head_end = type_and_title(t)
    lines = issuer_lines(t, head_end)
    appendix = attached(t.text[t.text.find("PHỤ LỤC"):] if "PHỤ LỤC" in t.text else "")
    for key in ("symbol", "date"):
        found[key] = found[key] or appendix.get(key)
    found["number"] = found["number"] or appendix.get("number")
    doc_type = numbered_type or doc_type or appendix.get("doc_type") or _type_of_symbol(found["symbol"])
    body_start = t.text.find("\n", head_end) + 1 if title else 0
    sent_to, list_end = recipients(t)
    addressed = addressees(t, body_start)
    return found | {
        "doc_type": doc_type,
        "title": title,
        "issuer": titled_issuer or issuer_named(lines) or fields.get("issuer")
        or _issuer_unnamed(t, found["symbol"], doc_type, title, body_start),
        "issuer_lines": lines,
        "period": period(title, found["date"]) or period(_appendix_title(t.text), found["date"]),
        "kinh_gui": addressed,
        "noi_nhan": sent_to,
        "recipients": addressed + sent_to,
        "signers": signers(t, list_end),
    }


def _issuer_unnamed(t: Text, symbol: str | None, doc_type: str | None, title: str | None, body_start: int):
    """The issuer where the header names none: the subject of the opening sentence where it agrees with the body
    the own symbol names ('UBND xã Hoằng Kim' for 'UBND'), else the issuer of the decision it was issued with,
    else the body the symbol names, else the one body of the type."""
    implied = issuer_of_symbol(symbol)
    body = issuer_from_body(t.text, title, body_start)
    if body and (not implied or implied.casefold() in body.casefold()):
        return body
    return issuer_of_attached(t.text, title) or implied or issuer_of_type(doc_type)


def _appendix_title(text: str) -> str | None:
    at = text.find("PHỤ LỤC")
    return text[at: text.find("\n", at)] if at >= 0 else None


def _type_of_symbol(symbol: str | None) -> str | None:
    """'NQ-HĐND' -> 'Nghị quyết', '38-KH/TU' -> 'Kế hoạch': the type its own number's code names, where the
    header's type line is missing (a copy that kept only the number); an administrative symbol without a type
    code ('UBND-NNMT', 'TANDTC-PC') is an official letter's (rules/header.tsv `letter`)."""
    codes = [p.upper() for p in regex.split(r"[-/]", symbol or "") if p and not p.isdigit()]  # "2016/NQ-HĐND"
    if not codes:
        return None
    if codes[0] in type_of_code():
        return type_of_code()[codes[0]]
    administrative = "/" not in symbol and not regex.match(r"\d", symbol)
    return next(iter(words("letter")), None) if administrative else None

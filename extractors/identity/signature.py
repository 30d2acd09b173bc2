"""The end of a document: whom it went to ("Nơi nhận: - Văn phòng Chính phủ; … - Lưu: VT, NC.") and who
signed it ("TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / <name>"), and whom it is addressed to
("Kính gửi: …"). Read line by line as the source lays them out."""

from __future__ import annotations

from functools import lru_cache

import regex

from ..normalize import Text
from .lines import Line, source_lines
from .words import words

ITEM = regex.compile(r"^[-–+•]\s*")
RUN_ON = regex.compile(r"(?<=\))\s+\p{Lu}.*$")
NAME = regex.compile(r"^\p{Lu}[\p{Ll}\p{M}]+(?:\s+\p{Lu}[\p{Ll}\p{M}]+){1,4}$")


@lru_cache(maxsize=1)
def _authority() -> regex.Pattern:
    return regex.compile(r"^(?P<authority>" + "|".join(regex.escape(w) for w in words("authority")) + r")\s*")


def _item(text: str) -> str:
    return ITEM.sub("", text).strip().removesuffix(";").strip()


def recipients(t: Text) -> tuple[list[str], int | None]:
    """The 'Nơi nhận' list as written (the 'Lưu: …' line last) and where the list ends in the clean text."""
    head = words("recipients")[0]
    at = t.text.rfind(head + ":", 0, t.body_end)
    if at < 0:
        return [], None
    out: list[str] = []
    end = None
    for line in source_lines(t, at + len(head) + 1, t.body_end):
        if out and not ITEM.match(line.text):
            note = line.text.startswith("(")  # "(để báo cáo)" set beside the items it is for
            if (out[-1].rstrip().endswith((";", ".")) and not note) or out[-1].startswith("Lưu"):
                break
            out[-1] += " " + line.text  # an item wrapped onto the next line
        elif line.text.strip():
            out.append(ITEM.sub("", line.text).strip())
        end = line.end
        if out and out[-1].startswith("Lưu") and out[-1].rstrip().endswith("."):
            break
    return [_item(o) for o in out], end


def addressees(t: Text, head_end: int) -> list[str]:
    """'Kính gửi: Công an tỉnh (Cơ quan thường trực Đề án 06)': the rest of that line, and '- …' lines after it."""
    head = words("addressee")[0]
    at = t.text.find(head, 0, head_end + 2000)
    if at < 0:
        return []
    lines = source_lines(t, at, min(t.body_end, at + 1500))
    first = lines[0].text.split(":", 1)[-1].strip() if lines else ""
    first = RUN_ON.sub("", first)  # the body run on into the line: "… (Cơ quan thường trực) Sở Tư pháp nhận được …"
    out = [_item(first)] if first and not ITEM.match(first) else []
    for line in lines[1:]:
        if not ITEM.match(line.text):
            break
        out.append(_item(line.text))
    return [o for o in out if o]


def signers(t: Text, after: int | None) -> list[dict]:
    """The signature block after the recipients: authority, body, title signed for, position, name."""
    if after is None:
        return []
    lines: list[Line] = []
    for line in source_lines(t, after, t.body_end):
        if line.text.startswith(("PHỤ LỤC", "Phụ lục")):
            break
        lines.append(line)
    signer: dict = {"name": None, "position": None, "authority": None, "on_behalf_of": None, "body": None}
    for line in lines:
        text = line.text.strip()
        m = _authority().match(text)
        if m:
            rest = text[m.end():].strip()
            if m["authority"] == "TM.":
                signer["authority"], signer["body"] = "TM.", rest
            else:
                signer["authority"], signer["on_behalf_of"] = m["authority"], rest
        elif text.isupper() and signer["position"] is None:
            signer["position"] = text
        elif NAME.match(text) and signer["position"]:
            signer["name"] = text
            break
        elif signer["position"] and not text.isupper():
            break
    return [signer] if signer["position"] else []

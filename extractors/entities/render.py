"""A page showing a text with its entities marked, drawn by spaCy's displaCy (manual mode: our spans, our
labels, one colour per label)."""

from __future__ import annotations

from spacy import displacy

from ..normalize import Text

COLOURS = {"ORG": "#a6d4ff", "LOC": "#b8f0b8", "PER": "#ffd59e"}


def html(t: Text, entities, title: str = "") -> str:
    data = {"text": t.text, "title": title,
            "ents": [{"start": e.start, "end": e.end, "label": e.label} for e in entities]}
    return displacy.render(data, style="ent", manual=True, page=True, jupyter=False,
                           options={"colors": COLOURS})

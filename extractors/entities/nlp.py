"""The spaCy pipeline: a blank Vietnamese pipeline (syllables, no word segmenter) with one component per
kind of name, results as entity spans on the Doc.

    entity_ruler   provinces named alone, from the gazetteer (LOC): "Lâm Đồng"
    vanban_places  places with their level word, the name checked in the gazetteer (LOC): "xã Hoằng Kim"
    vanban_orgs    bodies by the grammar of rules/org_names.tsv (ORG); a body with its place wins over the place
    vanban_people  people after a cue word, and the signers (PER)
    vanban_entities  all of them as (label, start, end) in doc.user_data["ents"], the longer of two overlapping
                     spans kept
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, filter_spans

from . import gazetteer, orgs, people

# spaCy's infixes, and punctuation glued between two words ("Chính phủ;Công văn", "Lưu:VT")
INFIXES = (*Language.Defaults.infixes, r"(?<=[^\W\d_])[;,:](?=[^\W\d_])")


def _found(doc: Doc) -> list[tuple[int, int, str]]:
    return doc.user_data.setdefault("found", [])


def _text(doc: Doc) -> str:
    """The Doc's text, joined once: spaCy's doc.text rebuilds it from every token on each call."""
    if "text" not in doc.user_data:
        doc.user_data["text"] = doc.text
    return doc.user_data["text"]


@Language.component("vanban_places")
def _places(doc: Doc) -> Doc:
    _found(doc).extend((a, b, "LOC") for a, b in gazetteer.places(_text(doc)))
    return doc


@Language.component("vanban_orgs")
def _orgs(doc: Doc) -> Doc:
    _found(doc).extend((a, b, "ORG") for a, b in orgs.find(_text(doc)))
    return doc


@Language.component("vanban_people")
def _people(doc: Doc) -> Doc:
    _found(doc).extend((a, b, "PER") for a, b in people.find(_text(doc), doc.user_data.get("signers", [])))
    return doc


@Language.component("vanban_entities")
def _entities(doc: Doc) -> Doc:
    """The components' spans and the ruler's, where two overlap the longer (a body with its place is one ORG), as
    character offsets in user_data, which `entities` reads; not set as doc.ents too, where nothing reads them."""
    new = [s for a, b, label in _found(doc) if (s := doc.char_span(a, b, label=label, alignment_mode="expand"))]
    chosen = filter_spans(list(doc.ents) + new)
    doc.user_data["ents"] = [(s.label_, s.start_char, s.end_char) for s in chosen]
    return doc


@lru_cache(maxsize=1)
def pipeline() -> Language:
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    # syllables, with punctuation split off the way spaCy's default rules do it ("phủ;" -> "phủ", ";")
    nlp.tokenizer = Tokenizer(nlp.vocab, prefix_search=compile_prefix_regex(Language.Defaults.prefixes).search,
                              suffix_search=compile_suffix_regex(Language.Defaults.suffixes).search,
                              infix_finditer=compile_infix_regex(INFIXES).finditer)
    ruler = nlp.add_pipe("entity_ruler")  # a province named alone: "Lâm Đồng", "Đắk Nông"
    ruler.add_patterns([{"label": "LOC", "pattern": name} for name in gazetteer.names()["province"]])
    for name in ("vanban_places", "vanban_orgs", "vanban_people", "vanban_entities"):
        nlp.add_pipe(name)
    return nlp


CHUNK = 200_000  # spaCy keeps a whole Doc in memory (and refuses texts over nlp.max_length): long texts go in parts


def entities(text: str, signers: list[str] = ()) -> list[tuple[str, int, int]]:
    """(label, start, end) of every entity, the text run through the pipeline in parts cut at line breaks."""
    nlp = pipeline()
    out, start = [], 0
    while start < len(text):
        end = len(text) if len(text) - start <= CHUNK else (text.rfind("\n", start, start + CHUNK) + 1 or start + CHUNK)
        chunk = text[start:end]
        doc = nlp.make_doc(chunk)
        doc.user_data.update(signers=list(signers), text=chunk)
        for _, component in nlp.pipeline:
            doc = component(doc)
        out += [(label, start + a, start + b) for label, a, b in doc.user_data["ents"]]
        start = end
    return out

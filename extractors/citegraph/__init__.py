"""The citation graph in the KB: which documents cite which, built on write, queried both ways, exported.

references: one row per distinct cited document (keyed by its canonical key); citations: one row per
mention, with the citing document, the place and the citing sentence. By direction: `build` makes the rows of
one extraction and merges them into the KB (writer side); `query` answers who cites a key and what a document
cites; `export` writes the whole graph as GraphML or DOT.
"""

from .build import link, merge, relink, rows, sentence
from .export import graph
from .query import (
    Citing,
    candidates,
    cited_by,
    cited_count,
    cites,
    citing_reports,
    document,
    links,
    one_law,
    refs_of,
    superseded,
    top_cited,
)

__all__ = ["Citing", "candidates", "cited_by", "cited_count", "cites", "citing_reports", "document", "graph", "link",
           "links", "merge", "one_law", "refs_of", "relink", "rows", "sentence", "superseded", "top_cited"]

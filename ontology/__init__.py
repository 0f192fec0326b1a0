"""The plankg ontology (OWL), its SHACL shapes and JSON-LD context, shipped as package data.

>>> from rdflib import OWL, RDF
>>> from plankg.ontology import ontology_graph
>>> from plankg.ontology.namespaces import PKG
>>> (PKG.Task, RDF.type, OWL.Class) in ontology_graph()
True
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from rdflib import Graph

from plankg.ontology.namespaces import bind_prefixes

__all__ = [
    "ONTOLOGY_IRI",
    "SHAPES_IRI",
    "jsonld_context",
    "ontology_graph",
    "ontology_text",
    "shapes_graph",
    "validate",
]

ONTOLOGY_IRI = "https://w3id.org/plankg/ontology"
SHAPES_IRI = "https://w3id.org/plankg/shapes"


@cache
def _read(name: str) -> str:
    return files(__name__).joinpath(name).read_text(encoding="utf-8")


def ontology_text() -> str:
    """The Turtle source of the ontology."""
    return _read("plankg.ttl")


def ontology_graph() -> Graph:
    """A fresh graph holding the ontology (`plankg.ttl`); callers may modify it."""
    return bind_prefixes(Graph().parse(data=ontology_text(), format="turtle"))


def shapes_graph() -> Graph:
    """A fresh graph holding the SHACL shapes (`shapes.ttl`)."""
    return bind_prefixes(Graph().parse(data=_read("shapes.ttl"), format="turtle"))


def jsonld_context() -> dict[str, Any]:
    """The JSON-LD context document (`context.jsonld`), as a dict with an "@context" key."""
    return json.loads(_read("context.jsonld"))


def validate(data: Graph, *, inference: str = "rdfs") -> tuple[bool, Graph, str]:
    """SHACL-validate `data` against the plankg shapes, with the ontology as `ont_graph`.

    Returns pySHACL's `(conforms, results_graph, results_text)`. Warnings do not break
    conformance (`allow_warnings=True`); look for sh:Warning results in the graph.
    """
    import pyshacl

    conforms, results, text = pyshacl.validate(
        data,
        shacl_graph=shapes_graph(),
        ont_graph=ontology_graph(),
        inference=inference,
        allow_warnings=True,
    )
    return bool(conforms), results, str(text)

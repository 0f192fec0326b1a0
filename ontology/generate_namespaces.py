"""Regenerate the `PKG` constants block of `namespaces.py` from `plankg.ttl`.

    python -m plankg.ontology.generate_namespaces          # rewrite namespaces.py in place
    python -m plankg.ontology.generate_namespaces --check  # exit 1 if the file is out of date

The block between the BEGIN/END markers is owned by this script; everything else in
`namespaces.py` is written by hand. `tests/test_ontology.py` fails when the two drift.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef

PKG_IRI = "https://w3id.org/plankg/ontology#"
HERE = Path(__file__).resolve().parent
ONTOLOGY = HERE / "plankg.ttl"
TARGET = HERE / "namespaces.py"
BEGIN = "    # BEGIN GENERATED from plankg.ttl by generate_namespaces.py: do not edit by hand\n"
END = "    # END GENERATED\n"

# (heading, rdf:type) in output order; a term is listed under the first type it has.
GROUPS: list[tuple[str, URIRef]] = [
    ("Classes (owl:Class)", OWL.Class),
    ("Object properties (owl:ObjectProperty)", OWL.ObjectProperty),
    ("Datatype properties (owl:DatatypeProperty)", OWL.DatatypeProperty),
    ("Annotation properties (owl:AnnotationProperty)", OWL.AnnotationProperty),
    ("Concept schemes (skos:ConceptScheme)", SKOS.ConceptScheme),
]


def _english_label(graph: Graph, term: URIRef) -> str:
    for label in graph.objects(term, RDFS.label):
        if isinstance(label, Literal) and label.language == "en":
            return str(label)
    return ""


def ontology_terms(graph: Graph) -> dict[str, list[tuple[str, str]]]:
    """Local names of every PKG-namespace term declared in `graph`, grouped by kind."""
    seen: set[URIRef] = set()
    groups: dict[str, list[tuple[str, str]]] = {}
    for heading, rdf_type in GROUPS:
        rows = []
        for term in graph.subjects(RDF.type, rdf_type):
            if isinstance(term, URIRef) and str(term).startswith(PKG_IRI) and term not in seen:
                seen.add(term)
                rows.append((str(term)[len(PKG_IRI) :], _english_label(graph, term)))
        groups[heading] = sorted(rows)
    undeclared = {
        s
        for s in graph.subjects()
        if isinstance(s, URIRef) and str(s).startswith(PKG_IRI) and s not in seen and s != URIRef(PKG_IRI)
    }
    if undeclared:
        raise ValueError(f"PKG terms without a known rdf:type: {sorted(undeclared)}")
    return groups


def render(graph: Graph) -> str:
    """The generated block, markers included."""
    lines = [BEGIN]
    for heading, rows in ontology_terms(graph).items():
        if not rows:
            continue
        lines.append(f"\n    # {heading}\n")
        for name, label in rows:
            comment = f"  # {label}" if label else ""
            lines.append(f"    {name}: URIRef{comment}\n")
    lines.append("\n" + END)
    return "".join(lines)


def splice(source: str, block: str) -> str:
    """Replace the generated block of `source` with `block`."""
    start = source.index(BEGIN)
    stop = source.index(END, start) + len(END)
    return source[:start] + block + source[stop:]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    graph = Graph().parse(ONTOLOGY, format="turtle")
    current = TARGET.read_text(encoding="utf-8")
    updated = splice(current, render(graph))
    if "--check" in args:
        if updated != current:
            print(f"{TARGET.name} is out of date: run python -m plankg.ontology.generate_namespaces")
            return 1
        return 0
    if updated != current:
        TARGET.write_text(updated, encoding="utf-8")
        print(f"updated {TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Validates the published data catalogue (`GET /api/catalogue.*`) of a running server.

Run by tests/dcat/validate.sh, which starts the server and passes its base URL, the public
URL it was configured with and the shapes file. Everything read here is public, so no
token is used. Checks, failing on the first that does not hold:

1. both serialisations parse with rdflib (Turtle and JSON-LD), with their content types,
   and `/api/catalogue` answers the format its Accept header asks for;
2. all four graphs are isomorphic (the same triples);
3. the graph conforms to the official DCAT-AP 3.0.1 SHACL shapes (pySHACL, every result
   counts, warnings too);
4. the shapes bite: the same graph with one dataset's title removed does not conform;
5. the catalogue holds what Tietolupa holds: one dcat:Dataset per register or dataset of the
   GraphQL `dataControllers` query, each with its title in fi, sv and en, its controller as
   publisher, the authority as health data access body and NON_PUBLIC access rights, and
   every IRI under the configured public URL.
"""

import json
import sys
import time
import urllib.request

import pyshacl
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

HEALTHDCATAP = rdflib.Namespace("http://healthdataportal.eu/ns/health#")
NON_PUBLIC = rdflib.URIRef(
    "http://publications.europa.eu/resource/authority/access-right/NON_PUBLIC"
)


def fail(message):
    print(f"dcat-validate: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def fetch(base, path, accept=None):
    request = urllib.request.Request(base + path)
    if accept:
        request.add_header("Accept", accept)
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.headers.get("content-type", ""), response.read().decode("utf-8")


def parse(body, rdf_format, label):
    try:
        return rdflib.Graph().parse(data=body, format=rdf_format)
    except Exception as error:  # any parser error is the finding
        fail(f"{label} does not parse as {rdf_format}: {error}")


def graphql(base, query):
    request = urllib.request.Request(
        base + "/graphql",
        data=json.dumps({"query": query}).encode(),
        headers={"content-type": "application/json", "accept-language": "en"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        body = json.load(response)
    if body.get("errors"):
        fail(f"GraphQL answered errors: {body['errors']}")
    return body["data"]


def main():
    base, public_url, shapes_file = sys.argv[1:4]
    started = time.monotonic()

    graphs = {}
    for label, path, accept, rdf_format, content_type in [
        ("/api/catalogue.ttl", "/api/catalogue.ttl", None, "turtle", "text/turtle"),
        ("/api/catalogue.jsonld", "/api/catalogue.jsonld", None, "json-ld", "application/ld+json"),
        ("/api/catalogue (Accept: text/turtle)", "/api/catalogue", "text/turtle", "turtle", "text/turtle"),
        (
            "/api/catalogue (Accept: application/ld+json)",
            "/api/catalogue",
            "application/ld+json",
            "json-ld",
            "application/ld+json",
        ),
    ]:
        got_type, body = fetch(base, path, accept)
        if not got_type.startswith(content_type):
            fail(f"{label} has content type {got_type!r}, expected {content_type}")
        graphs[label] = parse(body, rdf_format, label)
    turtle = graphs["/api/catalogue.ttl"]
    print(f"==> parsed Turtle and JSON-LD: {len(turtle)} triples each")

    for label, graph in graphs.items():
        if not isomorphic(turtle, graph):
            only_turtle = len(set(turtle) - set(graph))
            only_other = len(set(graph) - set(turtle))
            fail(
                f"{label} is not the same graph as /api/catalogue.ttl "
                f"({only_turtle} triples only in Turtle, {only_other} only in {label})"
            )
    print("==> the four answers are isomorphic graphs")

    shapes = rdflib.Graph().parse(shapes_file, format="turtle")
    conforms, _, report = pyshacl.validate(
        turtle, shacl_graph=shapes, inference="none", allow_warnings=False
    )
    if not conforms:
        print(report, file=sys.stderr)
        fail("the catalogue does not conform to the DCAT-AP 3.0.1 shapes")
    print(f"==> conforms to {shapes_file}")

    datasets = sorted(turtle.subjects(RDF.type, DCAT.Dataset))
    if not datasets:
        fail("no dcat:Dataset in the catalogue")
    broken = rdflib.Graph()
    for triple in turtle:
        broken.add(triple)
    broken.remove((datasets[0], DCTERMS.title, None))
    conforms, _, _ = pyshacl.validate(broken, shacl_graph=shapes, inference="none")
    if conforms:
        fail("a dataset without a title passed the shapes: they are not being applied")
    print("==> the shapes refuse a dataset without a title")

    catalogue = rdflib.URIRef(public_url + "/api/catalogue")
    if (catalogue, RDF.type, DCAT.Catalog) not in turtle:
        fail(f"{catalogue} is not a dcat:Catalog")
    authority = turtle.value(catalogue, DCTERMS.publisher)
    if authority is None:
        fail("the catalogue has no publisher")
    controllers = graphql(base, "{ dataControllers { code sources { code } } }")["dataControllers"]
    expected = {
        (c["code"], s["code"]) for c in controllers for s in c["sources"]
    }
    if len(datasets) != len(expected):
        fail(f"{len(datasets)} datasets published, {len(expected)} in dataControllers")
    listed = set(turtle.objects(catalogue, DCAT.dataset))
    for controller_code, source_code in sorted(expected):
        dataset = rdflib.URIRef(f"{public_url}/api/catalogue#dataset-{source_code}")
        controller = rdflib.URIRef(f"{public_url}/api/catalogue#controller-{controller_code}")
        if dataset not in listed:
            fail(f"{dataset} is not listed in the catalogue")
        languages = {t.language for t in turtle.objects(dataset, DCTERMS.title)}
        if languages != {"fi", "sv", "en"}:
            fail(f"{dataset} has titles in {sorted(map(str, languages))}, not fi, sv and en")
        for predicate, value in [
            (DCTERMS.publisher, controller),
            (HEALTHDCATAP.hdab, authority),
            (DCTERMS.accessRights, NON_PUBLIC),
        ]:
            if (dataset, predicate, value) not in turtle:
                fail(f"{dataset} lacks {predicate} {value}")
        if (controller, FOAF.name, None) not in turtle:
            fail(f"{controller} has no foaf:name")
    outside = {
        str(term)
        for triple in turtle
        for term in (triple[0], triple[2])
        if isinstance(term, rdflib.URIRef)
        and str(term).startswith(base)
    }
    if outside:
        fail(f"IRIs name the address the test reached, not the public URL: {sorted(outside)[:3]}")
    print(
        f"==> {len(datasets)} datasets of {len(controllers)} controllers, as dataControllers has "
        f"them ({time.monotonic() - started:.1f} s)"
    )


if __name__ == "__main__":
    main()

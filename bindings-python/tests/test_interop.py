"""Standard formats, each checked by the standard's own tools: Popolo JSON against the
popolo-spec JSON schemas (``jsonschema``), W3C ORG Turtle parsed by ``rdflib`` and queried
with SPARQL against the network's own records, HSDS v3 against the Open Referral schemas by
the ``check-jsonschema`` CLI. The schemas are kept in ``tests/schemas`` with their licence
notices (nothing is downloaded when the tests run)."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import jsonschema
import pytest
import rdflib
from referencing import Registry
from referencing.jsonschema import DRAFT3

import quanyu
from quanyu.collab import synth_collaboration
from quanyu.privacy import Reveal
from quanyu.venues import synth_menu

SCHEMAS = Path(__file__).parent / "schemas"
POPOLO_TABLES = {
    "persons": "person",
    "organizations": "organization",
    "memberships": "membership",
    "posts": "post",
    "motions": "motion",
    "vote_events": "vote_event",
}


def popolo_validators() -> dict[str, jsonschema.Draft3Validator]:
    """A draft-03 validator per Popolo schema, references resolved among the kept files."""
    resources = []
    schemas = {}
    for path in sorted((SCHEMAS / "popolo").glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resource = DRAFT3.create_resource(schema)
        uri = schema["id"].rstrip("#")
        # The spec's files name themselves with and without `www.`; references use `www.`.
        for u in {uri, uri.replace("http://popoloproject.com", "http://www.popoloproject.com")}:
            resources.append((u, resource))
        schemas[path.stem] = schema
    registry = Registry().with_resources(resources)
    return {name: jsonschema.Draft3Validator(s, registry=registry) for name, s in schemas.items()}


def strings(doc: object) -> set[str]:
    """Every string value in a JSON document, at any depth."""
    if isinstance(doc, str):
        return {doc}
    if isinstance(doc, dict):
        return set().union(*(strings(v) for v in doc.values()))
    if isinstance(doc, list):
        return set().union(*(strings(v) for v in doc))
    return set()


@pytest.fixture(scope="module")
def net():
    return quanyu.synth.community(11)


@pytest.fixture(scope="module")
def book(net):
    return synth_collaboration(net, 11)


def test_popolo_validates_against_the_popolo_schemas(net, book):
    doc = net.to_popolo(book)
    validators = popolo_validators()
    for table, schema in POPOLO_TABLES.items():
        assert doc[table], table
        for item in doc[table]:
            errors = list(validators[schema].iter_errors(item))
            assert not errors, (table, item.get("id"), [e.message for e in errors])


def test_the_popolo_validators_can_fail(net):
    doc = net.to_popolo()
    v = popolo_validators()
    person = next(p for p in doc["persons"] if "contact_details" in p)
    bad = copy.deepcopy(person)
    del bad["contact_details"][0]["value"]  # required by contact_detail.json
    assert list(v["person"].iter_errors(bad))
    membership = copy.deepcopy(doc["memberships"][0])
    membership["start_date"] = "1 July 2020"  # the schema's date pattern
    assert list(v["membership"].iter_errors(membership))


def test_popolo_round_trip_and_masking(net):
    doc = net.to_popolo()
    # A masked number is no phone number: the network's rules refuse a masked export.
    with pytest.raises(quanyu.ValidationError) as e:
        quanyu.Network.from_popolo(doc)
    assert {p.field for p in e.value.problems} == {"phone", "id_number"}
    phones = [p for p in net.person_records(reveal=Reveal("w1", "backup", ["phone"])).column("phone") if p]
    assert phones and set(phones).isdisjoint(strings(doc))
    full = net.to_popolo(reveal=Reveal("w1", "backup", ["phone", "id_number"]))
    assert set(phones) <= strings(full)
    key = Reveal("w1", "backup", ["phone", "id_number"])
    back = quanyu.Network.from_popolo(json.dumps(full))
    assert back.to_popolo(reveal=key) == full
    assert back.person_records(reveal=key).to_pylist() == net.person_records(reveal=key).to_pylist()


def test_popolo_import_errors_name_the_path_and_id():
    with pytest.raises(quanyu.ValidationError) as e:
        quanyu.Network.from_popolo({"persons": [{"id": "P1", "moved_out": "soon"}], "areas": [{"id": "S"}]})
    fields = {(p.id, p.field) for p in e.value.problems}
    assert fields == {("P1", "persons[0].moved_out"), ("S", "areas[0].classification")}


def iri(base: str, kind: str, ident: str) -> rdflib.URIRef:
    return rdflib.URIRef(f"{base}{kind}/{quote(ident, safe='-._~@')}")


def test_org_turtle_read_by_rdflib_matches_the_records(net, book):
    base = "https://example.org/net/"
    g = rdflib.Graph()
    g.parse(data=net.to_org_turtle(base, book), format="turtle")
    ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
    orgs = net.organisation_records().to_pylist()

    def count(cls: str) -> int:
        q = f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a <{ORG[cls]}> }}"
        return int(next(iter(g.query(q)))[0])

    assert count("Organization") == net.organisation_count == len(orgs)
    sub = {(s, o) for s, o in g.subject_objects(ORG.subOrganizationOf)}
    tree = {(iri(base, "organisation", o["id"]), iri(base, "organisation", o["parent"])) for o in orgs if o["parent"]}
    assert tree and sub == tree
    posts = net.post_records().to_pylist()
    members = net.membership_records().to_pylist()
    assert count("Membership") == len(members) + sum(1 for p in posts if p["organisation"])
    # Every membership has a member, an organisation and a beginning, by SPARQL.
    q = """SELECT (COUNT(?m) AS ?n) WHERE {
        ?m a org:Membership ; org:member ?p ; org:organization ?o ; org:role ?r ;
           org:memberDuring/time:hasBeginning/time:inXSDDate ?d . }"""
    ns = {"org": ORG, "time": rdflib.Namespace("http://www.w3.org/2006/time#")}
    assert int(next(iter(g.query(q, initNs=ns)))[0]) == count("Membership")
    links = book.records()["links"]
    linked = [(s, o) for s, o in g.subject_objects(ORG.linkedTo)]
    expected = [(iri(base, "organisation", l.organisation), iri(base, "organisation", l.partner)) for l in links]
    assert links and sorted(linked) == sorted(set(expected))


def test_org_turtle_refuses_a_relative_base(net):
    with pytest.raises(ValueError):
        net.to_org_turtle("example.org/")


def check_jsonschema(schema: Path, instance: Path) -> subprocess.CompletedProcess:
    cli = Path(sys.executable).with_name("check-jsonschema")
    return subprocess.run(
        [str(cli), "--schemafile", str(schema), str(instance)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_hsds_validates_with_check_jsonschema(net, tmp_path):
    menu = synth_menu(net, 11)
    doc = menu.to_hsds(net)
    assert all(doc[t] for t in ("organizations", "services", "locations", "schedules"))
    path = tmp_path / "hsds.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    r = check_jsonschema(SCHEMAS / "hsds" / "hsds_document.json", path)
    assert r.returncode == 0, r.stdout + r.stderr
    # The same check refuses a service without its required status.
    bad = copy.deepcopy(doc)
    del bad["services"][0]["status"]
    path.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    r = check_jsonschema(SCHEMAS / "hsds" / "hsds_document.json", path)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "status" in r.stdout


def test_hsds_schedules_are_the_weekly_hours(net):
    menu = synth_menu(net, 11)
    doc = menu.to_hsds(net)
    days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
    expected = []
    for v in menu.venues().to_pylist():
        for h in menu.opening_hours(v["id"]):
            expected.append((f"service/{v['id']}", h.weekday, h.open.strftime("%H:%M") + "+08:00"))
    got = [(s["service_id"], s["byday"], s["opens_at"]) for s in doc["schedules"]]
    assert [g[0] for g in got] == [e[0] for e in expected]
    assert [g[2] for g in got] == [e[2] for e in expected]
    assert all(g[1] in days for g in got)

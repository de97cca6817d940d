"""Open311 GeoReport v2 from Python: services and requests as JSON text, the description
masked unless asked for, requests read back into the same events, and bad requests raising a
``quanyu.QuanyuError`` that names the row, the request and the field."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import quanyu
from quanyu.privacy import Reveal
from quanyu.events import Channel, EventBook, EventRecord, TransitionRecord

from conftest import build_small

DAY = dt.date(2024, 3, 4)


def at(hour: int, day: int = 4) -> dt.datetime:
    return dt.datetime(2024, 3, day, hour)


@pytest.fixture()
def net() -> quanyu.Network:
    """The small network with a grid worker and a handler at G (P1 leads it)."""
    net = build_small()
    with net.edit() as e:
        e.add_person(quanyu.PersonRecord("W1"))
        e.add_person(quanyu.PersonRecord("HND"))
        e.add_post(quanyu.PostRecord.at_unit("W1", "GridWorker", "G", dt.date(2024, 1, 1)))
    return net


@pytest.fixture()
def book(net: quanyu.Network) -> EventBook:
    book = EventBook("five_step")
    book.report(net, EventRecord("E1", "environment", "Hotline", "H1", severity="Low", reported_at=at(9), description="垃圾桶满溢"))
    book.report(
        net,
        EventRecord(
            "E2",
            "dispute",
            "Hotline",
            "B2",
            severity="Low",
            reported_at=dt.datetime(2024, 3, 4, 10, 15, 30),
            description="邻里噪声",
            attachments=["https://photos.example/e2.jpg"],
        ),
    )
    for action, actor, target, when in [
        ("discover", "W1", None, at(10)),
        ("dispatch", "P1", "HND", at(11)),
        ("take", "HND", None, at(14)),
        ("complete", "HND", None, at(15)),
        ("feed_back", "W1", None, at(16)),
    ]:
        book.transition(net, TransitionRecord("E1", action, actor, when, target=target))
    return book


SHOWN = Reveal("hotline-3", "grid_service", ["description"])


def test_services_are_the_categories() -> None:
    services = json.loads(EventBook("five_step").services_open311())
    assert [s["service_code"] for s in services] == [c.code for c in EventBook("five_step").categories]
    assert set(services[0]) == {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
    assert services[0]["service_name"] == "网格治理" and services[0]["type"] == "realtime"


def test_requests_carry_the_standard_fields_and_the_status_of_the_moment(net: quanyu.Network, book: EventBook) -> None:
    rows = json.loads(book.to_open311(net, at(12, 5), reveal=SHOWN))
    assert [r["service_request_id"] for r in rows] == ["E1", "E2"]
    e1, e2 = rows
    assert set(e1) == {
        "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
        "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
        "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url",
    }  # fmt: skip
    assert (e1["status"], e2["status"]) == ("closed", "open")
    assert e1["requested_datetime"] == "2024-03-04T09:00:00+08:00"
    assert e1["updated_datetime"] == "2024-03-04T16:00:00+08:00"
    assert e1["address"] == "滨江街道 一片 第1网格 小区 1号楼 H1"
    assert (e1["address_id"], e1["agency_responsible"]) == ("H1", "第1网格")
    assert e2["media_url"] == "https://photos.example/e2.jpg"
    # Before E1 was closed it was open.
    earlier = json.loads(book.to_open311(net, at(12)))
    assert earlier[0]["status"] == "open" and earlier[0]["status_notes"] == "dispatched"


def test_the_description_is_masked_by_default(net: quanyu.Network, book: EventBook) -> None:
    text = book.to_open311(net, at(12, 5))
    assert "垃圾桶满溢" not in text and "邻里噪声" not in text
    assert {r["description"] for r in json.loads(text)} == {"***"}
    assert net.access_log() == []
    assert "垃圾桶满溢" in book.to_open311(net, at(12, 5), reveal=SHOWN)
    (entry,) = net.access_log()
    assert (entry.who, entry.purpose, entry.table, entry.fields, entry.records) == ("hotline-3", "grid_service", "events", ["description"], ["E1", "E2"])


@pytest.mark.parametrize(
    ("reveal", "named"),
    [
        (Reveal("w", "curiosity", ["description"]), "purpose"),
        (Reveal("w", "grid_service", ["unit"]), "fields"),
        (Reveal("w", "grid_service", ["reporter"]), "fields"),
    ],
)
def test_a_bad_reveal_is_refused_and_not_logged(net: quanyu.Network, book: EventBook, reveal: Reveal, named: str) -> None:
    with pytest.raises(ValueError, match=named):
        book.to_open311(net, at(12, 5), reveal=reveal)
    assert net.access_log() == []


def test_export_then_import_gives_back_the_same_events(net: quanyu.Network, book: EventBook) -> None:
    for offset in [None, dt.timezone.utc, dt.timezone(dt.timedelta(hours=-5, minutes=-30))]:
        text = book.to_open311(net, at(12, 5), reveal=SHOWN, offset=offset)
        other = EventBook("five_step")
        assert other.import_open311(net, text, offset=offset) == ["E1", "E2"]
        assert other.events == book.events
        # Again: the same requests add nothing.
        assert other.import_open311(net, text, offset=offset) == []
    utc = book.to_open311(net, at(12, 5), offset=dt.timezone.utc)
    assert '"requested_datetime":"2024-03-04T09:00:00+00:00"' in utc


def test_import_takes_the_channel_and_the_local_time() -> None:
    net = build_small()
    book = EventBook("five_step")
    text = json.dumps([{"service_request_id": "R1", "service_code": "dispute", "address_id": "G", "requested_datetime": "2024-03-04T01:30:00Z"}])
    assert book.import_open311(net, text, channel="Referral") == ["R1"]
    (r1,) = book.events
    assert r1.channel == Channel.Referral and r1.reported_at == dt.datetime(2024, 3, 4, 9, 30)


def good(**fields: object) -> dict[str, object]:
    r: dict[str, object] = {
        "service_request_id": "R1",
        "service_code": "environment",
        "address_id": "G",
        "requested_datetime": "2024-03-04T09:00:00+08:00",
    }
    r.update(fields)
    return {k: v for k, v in r.items() if v is not None}


@pytest.mark.parametrize(
    ("bad", "field", "words"),
    [
        (good(service_code="potholes"), "service_code", "not a category"),
        (good(address_id="nowhere"), "address_id", "no unit `nowhere`"),
        (good(requested_datetime="2024-03-04 09:00"), "requested_datetime", "ISO 8601"),
        (good(requested_datetime="1990-03-05T09:00:00+08:00"), "requested_datetime", "does not cover 1990"),
        (good(service_code=None), "service_code", "needs this field"),
        (good(description=["not", "text"]), "description", "expected a string"),
        (good(service_request_id="OLD"), "service_request_id", "another event"),
    ],
)
def test_a_bad_request_names_row_id_and_field_and_changes_nothing(bad: dict[str, object], field: str, words: str) -> None:
    net = build_small()
    book = EventBook("five_step")
    book.report(net, EventRecord("OLD", "dispute", "Patrol", "G", severity="Low", reported_at=at(8)))
    text = json.dumps([good(service_request_id="FINE"), bad])
    with pytest.raises(quanyu.ValidationError) as e:
        book.import_open311(net, text)
    assert isinstance(e.value, quanyu.QuanyuError)
    (p,) = e.value.problems
    assert p.field == field and words in p.message
    assert p.id == bad.get("service_request_id", "")
    assert p.origin is not None and (p.origin.source, p.origin.row) == ("service requests", 2)
    assert str(p).startswith("service requests row 2: ")
    assert [x.id for x in book.events] == ["OLD"]


def test_text_that_is_not_an_array_is_a_parse_error() -> None:
    book = EventBook("five_step")
    for text in ["[{", '{"service_requests": []}', ""]:
        with pytest.raises(quanyu.ParseError) as e:
            book.import_open311(build_small(), text)
        assert isinstance(e.value, quanyu.QuanyuError) and e.value.source_name == "service requests"
    assert book.events == []

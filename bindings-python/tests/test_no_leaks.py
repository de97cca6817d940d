"""No personal value leaves by a default path (PIPL: masked by default, purpose-bound unmasking).

A network holds persons with known phone and ID numbers, and an event book an event with a
known reporter and description and a transition with a known note. Every default path out is
scanned for those values, which must not appear in full:

- ``Network.person_records()`` (``to_pylist``, ``to_pandas``, ``column``), ``EventBook.event_records()``
  and ``EventBook.transition_records()`` frames;
- the CSV files of ``Network.export_csv(dir)``;
- the JSON of ``EventBook.to_open311(network, at)``;
- the Parquet files of ``quanyu.events.to_parquet(book, dir)``;
- ``repr()`` and ``str()`` of every record (``net.persons()``, ``net.person(id)``,
  ``PersonRecord``, ``book.events``, ``book.transitions``), of the network and of the tables;
- ``_repr_html_()`` of the network and of every table, a revealed one included;
- ``access_log()`` and ``access_log_csv()`` after a reveal;
- error messages: a change with a bad phone holding the known number, a duplicate person, and
  a JSON snapshot holding the phone, or the ID number, as a JSON number.

Storage is exempt by design, and the test asserts that it DOES keep the full values (so the
exemption is deliberate, not an accident): ``to_json``, ``to_binary``, ``pickle`` and ``backup``.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import pickle

import pytest

import quanyu
from quanyu.events import EventBook, EventRecord, TransitionRecord
from quanyu.privacy import Reveal

from conftest import build_small

PHONE = "13812345678"
ID_NUMBER = "440305201203150019"  # valid: born 2012-03-15 (as in test_identity.py)
OTHER_ID = "11010519491231002X"  # valid: born 1949-12-31
REPORTER = "王小明"
DESCRIPTION = "三号楼楼道堆放杂物无人清理"
NOTE = "已电话联系住户李大爷"
SECRETS = [PHONE, ID_NUMBER, OTHER_ID, REPORTER, DESCRIPTION, NOTE]


def at(hour: int) -> dt.datetime:
    return dt.datetime(2024, 3, 4, hour)


def assert_clean(text: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{where} shows {secret!r} in full"


@pytest.fixture()
def net() -> quanyu.Network:
    net = build_small()
    with net.edit() as e:
        e.add_person(quanyu.PersonRecord("PX", "赵六", home="H1", phone=PHONE, id_number=ID_NUMBER))
        e.add_person(quanyu.PersonRecord("PY", "钱七", phone="+86 138 1234 5678", id_number=OTHER_ID))
        e.add_person(quanyu.PersonRecord("W1"))
        e.add_post(quanyu.PostRecord.at_unit("W1", "GridWorker", "G", dt.date(2024, 1, 1)))
    return net


@pytest.fixture()
def book(net: quanyu.Network) -> EventBook:
    book = EventBook("five_step")
    book.report(net, EventRecord("E1", "environment", "Hotline", "H1", severity="Low", reported_at=at(9), reporter=REPORTER, description=DESCRIPTION))
    book.transition(net, TransitionRecord("E1", "discover", "W1", at(10), note=NOTE))
    return book


def tables(net: quanyu.Network, book: EventBook) -> list[quanyu.Table]:
    return [net.person_records(), book.event_records(), book.transition_records()]


def test_the_values_are_there_to_leak(net: quanyu.Network, book: EventBook) -> None:
    # Without this the scans below would pass on an empty network.
    assert net.person("PX").phone == PHONE and net.person("PX").id_number == ID_NUMBER
    (event,) = book.events
    assert (event.reporter, event.description) == (REPORTER, DESCRIPTION)
    assert book.transitions[0].note == NOTE


def test_frames_show_personal_columns_masked(net: quanyu.Network, book: EventBook) -> None:
    for table in tables(net, book):
        assert_clean(repr(table.to_pylist()), f"{table.name} rows")
        assert_clean(table.to_pandas().to_csv(), f"{table.name} to_pandas")
        assert_clean(table._repr_html_(), f"{table.name} _repr_html_")
        assert_clean(repr(table) + str(table), f"{table.name} repr")
    persons = {r["id"]: r for r in net.person_records().to_pylist()}
    assert (persons["PX"]["phone"], persons["PX"]["id_number"]) == ("138****5678", "4***************19")
    assert persons["W1"]["phone"] is None  # nulls stay null
    (event,) = book.event_records().to_pylist()
    assert (event["reporter"], event["description"]) == ("王**", "***")
    assert book.transition_records().column("note") == ["***"]


def test_csv_export_is_masked(net: quanyu.Network, tmp_path: pathlib.Path) -> None:
    net.export_csv(tmp_path / "csv")
    files = sorted((tmp_path / "csv").iterdir())
    assert any(f.name == "persons.csv" for f in files)
    for f in files:
        assert_clean(f.read_text(encoding="utf-8"), f.name)


def test_open311_is_masked(net: quanyu.Network, book: EventBook) -> None:
    text = book.to_open311(net, at(12))
    assert_clean(text, "to_open311")
    assert json.loads(text)[0]["description"] == "***"


def test_parquet_is_masked(book: EventBook, tmp_path: pathlib.Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    paths = quanyu.events.to_parquet(book, tmp_path / "pq")
    for name, path in paths.items():
        assert_clean(repr(pq.read_table(path).to_pylist()), f"{name}.parquet")
        assert_clean(path.read_bytes().decode("utf-8", "replace"), f"{name}.parquet bytes")


def test_reprs_are_masked(net: quanyu.Network, book: EventBook) -> None:
    records: list[object] = [*net.persons(), net.person("PX"), *book.events, *book.transitions]
    records.append(quanyu.PersonRecord("PZ", phone=PHONE, id_number=ID_NUMBER))
    for r in records:
        assert_clean(repr(r), f"repr of {type(r).__name__}")
        assert_clean(str(r), f"str of {type(r).__name__}")
    assert "phone='138****5678'" in repr(net.person("PX"))
    assert_clean(repr(net) + str(net) + net._repr_html_(), "the network")


def test_a_revealed_table_is_still_masked_in_its_preview(net: quanyu.Network) -> None:
    shown = net.person_records(reveal=Reveal("w1", "grid_service", ["phone", "id_number"]))
    assert PHONE in shown.column("phone")
    assert_clean(shown._repr_html_(), "a revealed table's HTML preview")


def test_the_access_log_names_ids_not_values(net: quanyu.Network, book: EventBook) -> None:
    net.person_records(reveal=Reveal("w1", "grid_service", ["phone"]))
    book.to_open311(net, at(12), reveal=Reveal("w1", "grid_service", ["description"]))
    assert len(net.access_log()) == 2
    assert_clean(repr(net.access_log()) + net.access_log_csv(), "the access log")


def test_error_messages_are_masked(net: quanyu.Network) -> None:
    with pytest.raises(quanyu.ValidationError) as bad_phone:
        net.apply(quanyu.Changeset().add_person(quanyu.PersonRecord("PB", phone=PHONE + "9")))
    assert_clean(str(bad_phone.value) + repr(bad_phone.value.problems), "a bad phone's error")
    with pytest.raises(quanyu.QuanyuError) as duplicate:
        net.apply(quanyu.Changeset().add_person(quanyu.PersonRecord("PX", phone=PHONE, id_number=ID_NUMBER)))
    assert_clean(str(duplicate.value), "a duplicate person's error")
    snapshot = net.to_json()
    for number in [PHONE, ID_NUMBER]:
        assert f'"{number}"' in snapshot
        with pytest.raises(quanyu.QuanyuError) as unreadable:
            quanyu.Network.from_json(snapshot.replace(f'"{number}"', number, 1))
        assert_clean(str(unreadable.value) + repr(unreadable.value), "a snapshot's parse error")


def test_storage_keeps_every_value_by_design(net: quanyu.Network, tmp_path: pathlib.Path) -> None:
    assert PHONE in net.to_json() and ID_NUMBER in net.to_json()
    assert PHONE.encode() in net.to_binary() and ID_NUMBER.encode() in net.to_binary()
    back = pickle.loads(pickle.dumps(net))
    assert back.person("PX").phone == PHONE and back == net
    net.backup(tmp_path / "net.qyb", "ops-1")
    restored = quanyu.Network.load_binary(tmp_path / "net.qyb")
    assert restored.person("PX").id_number == ID_NUMBER
    assert net.access_log()[-1].action == "Backup"

"""The venue menu from Python: records, DataFrames, matching, slots, coverage, round trips."""

from __future__ import annotations

import copy
import datetime as dt

import pyarrow as pa
import pytest

import quanyu
from quanyu import venues
from quanyu.venues import BookingRecord, ExceptionRecord, Menu, OpeningHoursRecord, RequestRecord, TimeWindow, VenueRecord

from conftest import DAY


@pytest.fixture(scope="module")
def net() -> quanyu.Network:
    return quanyu.synth.community(2024)


def one_venue_menu(net: quanyu.Network) -> Menu:
    menu = Menu()
    menu.add(
        net,
        venues=[VenueRecord("V1", "CommunityPavilion", "S001-WC", "S001", capacity=30, features=("Projector",))],
        opening_hours=[OpeningHoursRecord("V1", "Mon", "09:00", "17:00"), OpeningHoursRecord("V1", "Tue", dt.time(9), dt.time(12))],
        exceptions=[ExceptionRecord("V1", "2024-10-21")],
    )
    return menu


def test_records_and_reads(net: quanyu.Network) -> None:
    menu = one_venue_menu(net)
    assert (menu.venue_count, menu.request_count, menu.booking_count, menu.slot_minutes) == (1, 0, 0, 30)
    assert menu.venue("V1")["features"] == ["Projector"]
    assert len(menu.opening_hours("V1")) == 2 and menu.exceptions("V1")[0]["date"] == dt.date(2024, 10, 21)
    monday = dt.datetime(2024, 10, 14, 9)
    req = RequestRecord("R1", "S001-WC", 20, (TimeWindow(monday, monday + dt.timedelta(hours=3)),), 60, features=("Projector",))
    slots = menu.find_slots(net, req, k=3)
    assert len(slots.table("offers")) >= 1 and slots.reason is None
    summary = menu.add(net, requests=[req])
    assert summary["requests"] == 1
    report = menu.match_requests(net)
    assert report.placed == 1 and report.table("placed").column("venue") == ["V1"]
    assert menu.booking_count == 1 and len(menu.bookings()) == 1
    booking = menu.bookings().column("id")[0]
    assert menu.booking(booking)["request"] == "R1"
    assert menu.occurrences("R1")[0]["booking"] == booking
    cal = menu.calendar("V1", "2024-10-14T00:00", dt.datetime(2024, 10, 15))
    assert cal["bookings"][0]["id"] == booking and cal["open"]
    assert menu.cancel(booking)["id"] == booking and menu.booking_count == 0
    assert menu.withdraw_request("R1") == [] and menu.request_count == 0
    menu.clear_hours("V1")
    menu.remove_venue("V1")
    assert menu.venue_count == 0
    assert "Menu: 0 venues" in repr(menu)


def test_bookings_approval_and_plan_only(net: quanyu.Network) -> None:
    menu = Menu()
    menu.add(net, venues=[{"id": "V2", "kind": "MeetingRoom", "owner": "S001-WC", "location": "S001", "capacity": 10, "needs_approval": True}],
             opening_hours=[{"venue": "V2", "weekday": "Mon", "open": "08:00", "close": "18:00"}])
    monday = "2024-10-14T10:00"
    menu.add(net, requests=[{"id": "R2", "organisation": "S001-WC", "attendees": 5, "windows": [{"start": monday, "end": "2024-10-14T12:00"}], "duration_minutes": 30}])
    plan = menu.plan_matching(net)
    assert plan.placed == 1 and menu.booking_count == 0
    menu.add(net, bookings=[BookingRecord("BK1", "V2", "R2", monday, "2024-10-14T10:30")])
    assert menu.booking("BK1")["status"] == "AwaitingApproval"
    menu.approve("BK1")
    assert menu.booking("BK1")["status"] == "Confirmed"


def test_synthetic_week_tables_and_frames(net: quanyu.Network) -> None:
    menu = venues.synth_menu(net, 2024)
    week = venues.week_of(DAY)
    assert week == dt.date(2024, 10, 7)
    requests = venues.synth_requests(net, menu, week, 80, 7)
    menu.add(net, requests=requests)
    seen: list[tuple[int, int]] = []
    report = menu.match_requests(net, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(0, 1), (1, 1)] and isinstance(report, venues.MatchReport)
    assert report.placed + report.unplaced == len(report.table("placed")) + len(report.table("unplaced"))
    assert pa.table(report).num_rows == report.placed
    assert set(report.unplaced_by_reason) <= {"NoVenueInReach", "PolicyForbids", "CapacityTooSmall", "ClosedAtThoseTimes", "AllBooked"}
    gaps = menu.coverage_gaps(net, "ParkHall", max_distance=2)
    assert len(gaps) > 0 and pa.table(gaps).column_names == ["area", "name", "kind", "nearest"]
    sd = pa.table(menu.supply_demand(net, DAY, weeks=2))
    assert sd.num_rows > 0 and (sd.column("supply_slots").to_pylist()[0] >= 0)
    # Tables read back through the menu's CSV readers.
    again = Menu()
    again.add_frames(net, venues=menu.venues(), requests=pa.table(menu.requests()).to_pandas())
    assert again.venue_count == menu.venue_count and again.request_count == menu.request_count
    # JSON and CSV round trips.
    assert Menu.from_json(menu.to_json(), net) == menu
    assert copy.deepcopy(menu) == menu and copy.copy(menu) is not menu


def test_csv_round_trip(net: quanyu.Network, tmp_path) -> None:  # type: ignore[no-untyped-def]
    menu = venues.synth_menu(net, 1)
    menu.export_csv(tmp_path)
    back = Menu()
    assert back.import_csv(net, tmp_path)["venues"] == menu.venue_count


def test_bad_input_is_refused_and_changes_nothing(net: quanyu.Network) -> None:
    menu = one_venue_menu(net)
    before = copy.copy(menu)
    with pytest.raises(quanyu.ValidationError):
        menu.add(net, venues=[VenueRecord("V9", "CommunityPavilion", "nobody", "S001", capacity=3)])
    with pytest.raises(quanyu.InvalidArgumentError):
        menu.add(net, venues=[VenueRecord("V9", "Moon", "S001-WC", "S001", capacity=3)])
    with pytest.raises(quanyu.InvalidArgumentError):
        menu.add(net, galaxies=[])
    bad = pa.table({"id": ["R9"], "organisation": ["S001-WC"], "attendees": ["-3"], "windows": ["2024-10-14T09:00/2024-10-14T08:00"], "duration_minutes": ["60"]})
    with pytest.raises(quanyu.ValidationError) as info:
        menu.add_frames(net, requests=bad)
    assert all(p.origin is None or p.origin.source == "requests" for p in info.value.problems)
    assert menu == before
    with pytest.raises(quanyu.InvalidArgumentError):
        Menu(slot_minutes=-5)
    with pytest.raises(quanyu.InvalidArgumentError):
        Menu(slot_minutes=0)
    with pytest.raises(quanyu.InvalidArgumentError):
        menu.match_requests(net, max_placements=-1)
    with pytest.raises(quanyu.InvalidArgumentError):
        menu.supply_demand(net, DAY, weeks=0)
    with pytest.raises(quanyu.InvalidArgumentError):
        menu.calendar("V1", "yesterday", "today")
    with pytest.raises(quanyu.NotFoundError):
        menu.cancel("nothing")
    with pytest.raises(quanyu.ParseError):
        Menu.from_json("{", net)

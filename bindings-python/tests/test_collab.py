"""The working-together book from Python: statutory procedures at and around their thresholds
(checked against exact fractions computed here), eligibility from the register, secret
ballots, offline merges, storage, exports and frames."""

from __future__ import annotations

import copy
import datetime as dt
import json
import pickle
from fractions import Fraction

import pytest

import quanyu
from quanyu import PersonRecord, UnitRecord
from quanyu.collab import (
    AttendanceRecord,
    BallotRecord,
    Collaboration,
    ForumRecord,
    LinkRecord,
    MotionRecord,
    RepresentativeRecord,
    synth_collaboration,
)

DECIDED = dt.date(2025, 3, 20)
AT = dt.datetime(2025, 3, 20, 10, 0)

# GB 11643-1999: the weights of the first 17 digits and the check character of the sum mod 11.
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"


def id_number(born: dt.date, sequence: int) -> str:
    """A valid 18-character resident ID number of someone born on ``born``."""
    body = f"440305{born:%Y%m%d}{sequence:03d}"
    return body + CHECK[sum(int(c) * w for c, w in zip(body, WEIGHTS)) % 11]


def test_id_numbers_of_the_brief_check_out() -> None:
    assert id_number(dt.date(1990, 3, 7), 1) == "440305199003070014"
    assert id_number(dt.date(2012, 3, 15), 1) == "440305201203150019"


# Households and their adults: 10 adults in 7 households; a child in H1.
HOUSEHOLDS = {"H1": 3, "H2": 2, "H3": 1, "H4": 1, "H5": 1, "H6": 1, "H7": 1}
ADULTS = [f"P{i}" for i in range(1, 11)]
CHILD = "KID"


def home_of(person: str) -> str:
    i = 0
    for h, n in HOUSEHOLDS.items():
        for _ in range(n):
            i += 1
            if person == f"P{i}":
                return h
    raise KeyError(person)


def build_village() -> quanyu.Network:
    net = quanyu.Network()
    with net.edit() as e:
        e.add_unit(UnitRecord("S", "Subdistrict"))
        e.add_unit(UnitRecord("A", "Area", parent="S"))
        e.add_unit(UnitRecord("G", "Grid", parent="A", grid_kind="Community"))
        e.add_unit(UnitRecord("B", "Building", parent="G"))
        for h in HOUSEHOLDS:
            e.add_unit(UnitRecord(h, "Household", parent="B"))
        for i, p in enumerate(ADULTS, start=1):
            born = dt.date(1950 + 3 * i, 1 + i, 10 + i)
            e.add_person(PersonRecord(p, home=home_of(p), id_number=id_number(born, i)))
        e.add_person(PersonRecord(CHILD, home="H1", id_number=id_number(dt.date(2012, 3, 15), 1)))
    return net


@pytest.fixture(scope="module")
def village() -> quanyu.Network:
    return build_village()


def meets(count: int, base: int, num: int, den: int, strict: bool) -> bool:
    """Whether ``count`` out of ``base`` meets the share ``num/den``: more than it when
    ``strict`` (过半数), at least it otherwise (以上)."""
    share = Fraction(num, den) * base
    return count > share if strict else count >= share


def least(base: int, num: int, den: int, strict: bool) -> int:
    """The least count out of ``base`` meeting the share, found by counting up."""
    return next(k for k in range(base + 2) if meets(k, base, num, den, strict))


def book_with(net: quanyu.Network, procedure: str, *, notice: dt.date | None = None, secret: bool = False, representatives: list[str] | None = None) -> Collaboration:
    book = Collaboration()
    book.add_forum(net, ForumRecord("F", "S", "CommunityPavilion"))
    for p in representatives or []:
        book.apply(net, representatives=[RepresentativeRecord("F", p, dt.date(2024, 1, 1))])
    book.add_motion(net, MotionRecord("M", "修缮村道", procedure, DECIDED, notice=notice, forum="F", secret=secret))
    return book


def vote(book: Collaboration, net: quanyu.Network, voters: list[str], for_votes: int) -> None:
    for i, v in enumerate(voters):
        choice = "For" if i < for_votes else "Against"
        book.cast(net, BallotRecord("M", v, choice=choice, cast=AT + dt.timedelta(minutes=i)))


def one_per_household() -> list[str]:
    """The first adult of each household."""
    seen: dict[str, str] = {}
    for p in ADULTS:
        seen.setdefault(home_of(p), p)
    return list(seen.values())


# --- presets ------------------------------------------------------------------------------


def test_presets_are_the_statutory_four() -> None:
    procs = {p.code: p for p in Collaboration().records()["procedures"]}
    assert set(procs) == {"villagers_assembly", "representatives_assembly", "residents_meeting", "household_meeting"}
    v = procs["villagers_assembly"]
    assert (v.quorum_num, v.quorum_den, v.quorum_strict) == (1, 2, True)
    assert (v.household_quorum_num, v.household_quorum_den) == (2, 3)
    assert (v.threshold_num, v.threshold_den, v.threshold_strict, v.notice_days) == (1, 2, True, 10)
    r = procs["representatives_assembly"]
    assert (r.quorum_num, r.quorum_den, r.quorum_strict) == (2, 3, False)
    assert procs["household_meeting"].electorate == "Households"


@pytest.mark.parametrize("taking_part", [4, 5, 6, 7])
def test_residents_meeting_quorum_around_half(village: quanyu.Network, taking_part: int) -> None:
    # 10 adults: half is exactly 5, and "more than half" needs 6.
    book = book_with(village, "residents_meeting")
    vote(book, village, ADULTS[:taking_part], for_votes=taking_part)
    t = book.tally(village, "M")
    assert (t.eligible, t.taking_part) == (10, taking_part)
    assert t.quorum_needed == least(10, 1, 2, True) == 6
    assert t.quorum_met is meets(taking_part, 10, 1, 2, True)
    assert t.adopted is t.quorum_met


@pytest.mark.parametrize("procedure", ["residents_meeting", "villagers_assembly"])
@pytest.mark.parametrize("delta", [-1, 0, 1])
def test_decision_threshold_at_and_around(village: quanyu.Network, procedure: str, delta: int) -> None:
    taking_part = 8  # half is exactly 4: "more than half" needs 5
    needed = least(taking_part, 1, 2, True)
    for_votes = needed + delta
    book = book_with(village, procedure, notice=DECIDED - dt.timedelta(days=10))
    vote(book, village, ADULTS[:taking_part], for_votes=for_votes)
    t = book.tally(village, "M")
    assert (t.for_votes, t.against, t.abstain) == (for_votes, taking_part - for_votes, 0)
    assert t.threshold_needed == needed == 5
    assert t.threshold_met is meets(for_votes, taking_part, 1, 2, True) is (delta >= 0)
    assert t.quorum_met and t.notice_met
    assert t.adopted is (delta >= 0)


@pytest.mark.parametrize("households", [3, 4, 5])
def test_household_meeting_counts_households(village: quanyu.Network, households: int) -> None:
    # 7 households: more than half needs 4.
    book = book_with(village, "household_meeting")
    vote(book, village, one_per_household()[:households], for_votes=households)
    t = book.tally(village, "M")
    assert (t.electorate, t.eligible, t.taking_part) == ("Households", 7, households)
    assert t.quorum_needed == least(7, 1, 2, True) == 4
    assert t.quorum_met is meets(households, 7, 1, 2, True)


def test_household_meeting_takes_one_ballot_per_household(village: quanyu.Network) -> None:
    book = book_with(village, "household_meeting")
    book.cast(village, BallotRecord("M", "P1", choice="For", cast=AT))
    with pytest.raises(quanyu.ValidationError) as e:
        book.cast(village, BallotRecord("M", "P2", choice="For", cast=AT))  # P2 lives in H1 too
    assert any(p.field == "voter" and "H1" in p.message for p in e.value.problems)


@pytest.mark.parametrize("taking_part", [3, 4, 5])
def test_representatives_assembly_at_least_two_thirds(village: quanyu.Network, taking_part: int) -> None:
    # 6 representatives: two thirds is exactly 4, and "at least" (以上) counts 4 itself.
    reps = ADULTS[:6]
    book = book_with(village, "representatives_assembly", representatives=reps)
    vote(book, village, reps[:taking_part], for_votes=taking_part)
    t = book.tally(village, "M")
    assert (t.eligible, t.taking_part) == (6, taking_part)
    assert t.quorum_needed == least(6, 2, 3, False) == 4
    assert t.quorum_met is meets(taking_part, 6, 2, 3, False) is (taking_part >= 4)


def test_only_representatives_vote_in_their_assembly(village: quanyu.Network) -> None:
    book = book_with(village, "representatives_assembly", representatives=ADULTS[:6])
    with pytest.raises(quanyu.ValidationError) as e:
        book.cast(village, BallotRecord("M", "P9", choice="For", cast=AT))
    assert any("P9" in p.message for p in e.value.problems)


@pytest.mark.parametrize(
    ("persons", "households"),
    [
        # (voters from H1 and H2, then one per further household)
        (["P1", "P2", "P3", "P4", "P5"], 2),  # 5 persons of 10: half, not more; 2 of 7 households
        (["P1", "P4", "P6", "P7"], 4),  # 4 households: fewer than 2/3 of 7
        (["P1", "P4", "P6", "P7", "P8"], 5),  # 5 households: 2/3 of 7 met, persons not
        (["P1", "P2", "P3", "P4", "P5", "P6"], 3),  # 6 persons: more than half met
    ],
)
def test_villagers_assembly_household_alternative(village: quanyu.Network, persons: list[str], households: int) -> None:
    book = book_with(village, "villagers_assembly", notice=DECIDED - dt.timedelta(days=10))
    vote(book, village, persons, for_votes=len(persons))
    t = book.tally(village, "M")
    assert (t.eligible, t.households, t.taking_part, t.households_taking_part) == (10, 7, len(persons), households)
    assert t.household_quorum_needed == least(7, 2, 3, False) == 5
    by_persons = meets(len(persons), 10, 1, 2, True)
    by_households = meets(households, 7, 2, 3, False)
    assert t.quorum_met is (by_persons or by_households)
    assert t.adopted is t.quorum_met


@pytest.mark.parametrize(("days", "met"), [(9, False), (10, True), (11, True)])
def test_villagers_assembly_ten_days_notice(village: quanyu.Network, days: int, met: bool) -> None:
    book = book_with(village, "villagers_assembly", notice=DECIDED - dt.timedelta(days=days))
    vote(book, village, ADULTS[:8], for_votes=8)
    t = book.tally(village, "M")
    assert t.quorum_met and t.threshold_met
    assert t.notice_met is met
    assert t.adopted is met


def test_no_notice_fails_the_villagers_assembly(village: quanyu.Network) -> None:
    book = book_with(village, "villagers_assembly")
    vote(book, village, ADULTS, for_votes=10)
    assert not book.tally(village, "M").notice_met


# --- ballots ------------------------------------------------------------------------------


def test_second_ballot_is_refused_naming_the_voter(village: quanyu.Network) -> None:
    book = book_with(village, "residents_meeting")
    book.cast(village, BallotRecord("M", "P3", choice="For", cast=AT))
    before = book.records()
    with pytest.raises(quanyu.ValidationError) as e:
        book.cast(village, BallotRecord("M", "P3", choice="Against", cast=AT + dt.timedelta(hours=1)))
    assert any(p.field == "voter" and "P3" in p.message for p in e.value.problems)
    assert book.records() == before
    # The same ballot again is one ballot.
    book.cast(village, BallotRecord("M", "P3", choice="For", cast=AT))
    assert book.tally(village, "M").taking_part == 1


def test_a_child_is_refused(village: quanyu.Network) -> None:
    book = book_with(village, "residents_meeting")
    with pytest.raises(quanyu.ValidationError) as e:
        book.cast(village, BallotRecord("M", CHILD, choice="For", cast=AT))
    assert any(p.field == "voter" and CHILD in p.message and "18" in p.message for p in e.value.problems)
    assert book.ballots("M") == []


def test_secret_ballots_keep_no_choice_but_are_counted(village: quanyu.Network) -> None:
    book = book_with(village, "residents_meeting", secret=True)
    vote(book, village, ADULTS[:7], for_votes=5)
    ballots = book.ballots("M")
    assert len(ballots) == 7
    assert all(b.choice is None for b in ballots)
    t = book.tally(village, "M")
    assert (t.for_votes, t.against, t.taking_part) == (5, 2, 7)
    (count,) = book.records()["secret_counts"]
    assert (count.motion, count.for_votes, count.against, count.abstain) == ("M", 5, 2, 0)


def test_open_ballots_keep_their_choice(village: quanyu.Network) -> None:
    book = book_with(village, "residents_meeting", secret=False)
    vote(book, village, ADULTS[:3], for_votes=2)
    assert [b.choice for b in book.ballots("M")] == ["For", "For", "Against"]


def test_merge_of_the_same_ballots_twice_reports_them_repeated(village: quanyu.Network) -> None:
    book = book_with(village, "residents_meeting", secret=False)
    offline = [BallotRecord("M", p, choice="For", cast=AT + dt.timedelta(minutes=i)) for i, p in enumerate(ADULTS[:4])]
    first = book.merge(village, offline, [])
    assert (first.added, first.repeated, first.refused, first.rejected) == (4, 0, [], [])
    again = book.merge(village, list(reversed(offline)), [])
    assert (again.added, again.repeated) == (0, 4)
    assert book.tally(village, "M").taking_part == 4
    # A different second ballot is refused and reported; the first one is kept.
    clash = book.merge(village, [BallotRecord("M", "P1", choice="Against", cast=AT + dt.timedelta(hours=2))])
    assert (clash.added, len(clash.refused)) == (0, 1)
    assert clash.refused[0].voter == "P1"
    assert book.tally(village, "M").for_votes == 4


def test_merge_reports_an_ineligible_voter(village: quanyu.Network) -> None:
    book = book_with(village, "residents_meeting")
    report = book.merge(village, [BallotRecord("M", CHILD, choice="For", cast=AT)])
    assert report.added == 0
    assert len(report.rejected) == 1 and CHILD in report.rejected[0]


def test_attendance_merge_and_meeting_motion(village: quanyu.Network) -> None:
    book = Collaboration()
    # A meeting needs an organiser organisation: the village has none, so refuse it clearly.
    with pytest.raises(quanyu.ValidationError) as e:
        book.add_meeting(village, {"id": "MT", "kind": "Joint", "title": "联席会", "organiser": "nobody", "start": "2025-03-01T09:00"})
    assert any(p.id == "MT" and p.field == "organiser" for p in e.value.problems)
    with pytest.raises(quanyu.ValidationError):
        book.attend(village, AttendanceRecord("MT", "P1"))


# --- all or nothing, storage --------------------------------------------------------------


def test_failed_apply_leaves_the_book_unchanged(village: quanyu.Network) -> None:
    book = book_with(village, "residents_meeting", secret=False)
    vote(book, village, ADULTS[:2], for_votes=1)
    before = book.records()
    before_json = book.to_json()
    with pytest.raises(quanyu.ValidationError) as e:
        book.apply(
            village,
            {"forums": [ForumRecord("F2", "S", "CommunityPavilion")]},
            ballots=[
                BallotRecord("M", "P5", choice="For", cast=AT),
                BallotRecord("M", CHILD, choice="For", cast=AT),
            ],
            links=[LinkRecord("L1", "JointBuilding", "X", "Y", dt.date(2024, 1, 1))],
        )
    assert e.value.problems
    assert book.records() == before
    assert book.to_json() == before_json
    # Once the bad rows are gone, the rest goes in.
    book.apply(village, forums=[ForumRecord("F2", "S", "CommunityPavilion")], ballots=[BallotRecord("M", "P5", choice="For", cast=AT)])
    assert len(book.records()["forums"]) == 2 and book.tally(village, "M").taking_part == 3


def test_a_name_that_is_no_table_is_refused(village: quanyu.Network) -> None:
    book = Collaboration()
    with pytest.raises(quanyu.InvalidArgumentError, match="linkz"):
        book.apply(village, linkz=[])
    with pytest.raises(quanyu.InvalidArgumentError, match="nope"):
        book.table("nope")
    with pytest.raises(TypeError):
        book.apply(village, [1, 2])


def test_json_round_trip(community: quanyu.Network) -> None:
    book = synth_collaboration(community, 11)
    text = book.to_json()
    back = Collaboration.from_json(community, text)
    assert back == book
    assert back.records() == book.records()
    assert back.to_json() == text
    assert Collaboration.load(community, book.records()) == book
    assert Collaboration.load(community, **book.records()) == book
    with pytest.raises(quanyu.InvalidArgumentError):
        Collaboration.from_json(community, "{not json")


def test_json_keeps_secret_counts_not_choices(village: quanyu.Network) -> None:
    book = book_with(village, "residents_meeting", secret=True)
    vote(book, village, ADULTS[:6], for_votes=4)
    doc = json.loads(book.to_json())
    assert all(b.get("choice") is None for b in doc["ballots"])
    back = Collaboration.from_json(village, book.to_json())
    t = back.tally(village, "M")
    assert (t.for_votes, t.against, t.taking_part) == (4, 2, 6)


def test_copy_but_no_pickle(village: quanyu.Network) -> None:
    book = book_with(village, "residents_meeting")
    twin = copy.deepcopy(book)
    assert twin == book
    vote(twin, village, ["P1"], for_votes=1)
    assert twin != book
    # Rebuilding a book needs its network: it is stored as JSON, not pickled.
    with pytest.raises(TypeError):
        pickle.dumps(book)


# --- synthetic book, reports, exports, frames ---------------------------------------------


@pytest.fixture(scope="module")
def synth(community: quanyu.Network) -> Collaboration:  # type: ignore[misc]
    return synth_collaboration(community, 2024)


def test_synthetic_book_is_seeded(community: quanyu.Network, synth: Collaboration) -> None:
    assert synth_collaboration(community, 2024) == synth
    recs = synth.records()
    assert len(recs["projects"]) == 10
    assert recs["links"] and recs["motions"] and recs["meetings"]
    with pytest.raises(quanyu.InvalidArgumentError):
        synth_collaboration(community, -1)


def test_reports_on_the_synthetic_book(community: quanyu.Network, synth: Collaboration) -> None:
    day = quanyu.synth.REFERENCE_DATE
    six = synth.six_links(community, day)
    assert all(len(m.held) + len(m.missing) == 6 for m in six.members)
    assert {m.organisation for m in six.members if m.links == 0} == set(six.unlinked)
    by_kind = synth.links_by_kind(day)
    assert len(by_kind) == 6
    assert sum(k.links for k in by_kind) == len(synth.records()["links"])
    subdistrict = community.units_by_level("Subdistrict")[0].id
    council = synth.council(community, subdistrict, day)
    assert council.chair is not None and len(council.rotation) >= 2
    strict = synth.council(community, subdistrict, day, max_term_years=0)
    assert any(i.issue == "TermTooLong" for i in strict.issues)
    with pytest.raises(quanyu.InvalidArgumentError):
        synth.council(community, subdistrict, day, max_term_years=-1)
    carriages = synth.carriages_on(community, day)
    assert carriages and all(set(c.missing) <= {"ResidentsCommittee", "OwnersCommittee", "PropertyManagement"} for c in carriages)
    rollup = synth.projects_rollup(day)
    assert [p.project for p in rollup] == [p.id for p in synth.records()["projects"]]
    adopters = synth.adopters_rollup()
    assert sum(a.pledges for a in adopters) == len(synth.records()["pledges"])
    work = synth.follow_ups(community)
    assert len(work.due) == len(synth.records()["actions"])
    assert synth.follow_ups(community, quanyu.events.WorkCalendar.china()) == work
    with pytest.raises(quanyu.ValidationError) as e:
        synth.follow_ups(community, quanyu.events.WorkCalendar.empty())
    assert {p.id for p in e.value.problems} == {a.id for a in synth.records()["actions"]}
    tallies = synth.tallies(community)
    assert [t.motion for t in tallies] == [m.id for m in synth.records()["motions"]]
    assert tallies[0] == synth.tally(community, tallies[0].motion)
    with pytest.raises(quanyu.InvalidArgumentError):
        synth.tally(community, "no-such-motion")


def test_six_links_with_a_menu(community: quanyu.Network, synth: Collaboration) -> None:
    menu = quanyu.venues.synth_menu(community, 2024)
    r = synth.six_links(community, quanyu.synth.REFERENCE_DATE, menu)
    assert len(r.links) == len(synth.records()["links"])


def test_popolo_export(village: quanyu.Network) -> None:
    book = book_with(village, "residents_meeting", secret=True)
    book.add_motion(village, MotionRecord("OPEN", "公开表决", "residents_meeting", DECIDED, forum="F", secret=False))
    vote(book, village, ADULTS[:7], for_votes=5)
    for i, p in enumerate(ADULTS[:3]):
        book.cast(village, BallotRecord("OPEN", p, choice="Against" if i == 0 else "For", cast=AT))
    doc = book.to_popolo(village)
    json.dumps(doc)  # plain data
    assert [m["id"] for m in doc["motions"]] == ["M", "OPEN"]
    events = {e["motion_id"]: e for e in doc["vote_events"]}
    secret, open_ = events["M"], events["OPEN"]
    assert {c["option"]: c["value"] for c in secret["counts"]} == {"yes": 5, "no": 2, "abstain": 0}
    assert secret["votes"] == []
    assert secret["result"] == "pass"  # 7 of 10 take part, 5 of 7 for
    assert {c["option"]: c["value"] for c in open_["counts"]} == {"yes": 2, "no": 1, "abstain": 0}
    assert sorted((v["voter_id"], v["option"]) for v in open_["votes"]) == [("P1", "no"), ("P2", "yes"), ("P3", "yes")]
    assert open_["result"] == "fail"  # 3 of 10 take part: no quorum


def test_frames(community: quanyu.Network, synth: Collaboration) -> None:
    pytest.importorskip("pandas")
    from quanyu import collab

    day = quanyu.synth.REFERENCE_DATE
    recs = synth.records()
    links = collab.links_frame(synth, community, day)
    assert list(links.columns) == ["link", "kind", "organisation", "partner", "running", "current", "ended", "derived", "state"]
    assert len(links) == len(recs["links"])
    members = collab.members_frame(synth, community, day)
    assert list(members.columns) == ["organisation", "name", "category", "held", "missing", "links"]
    assert len(members) == len(synth.six_links(community, day).members)
    projects = collab.projects_frame(synth, day)
    assert list(projects.columns) == [
        "project", "name", "owner", "status", "adopters", "venues", "people", "money", "services",
        "milestones", "milestones_done", "milestones_overdue", "tasks", "events",
    ]  # fmt: skip
    assert len(projects) == 10
    assert projects["money"].sum() == sum(p.money for p in synth.projects_rollup(day))
    adopters = collab.adopters_frame(synth)
    assert len(adopters) == len(synth.adopters_rollup())
    meetings = collab.meetings_frame(synth)
    assert list(meetings.columns) == ["id", "kind", "title", "organiser", "venue", "forum", "start"]
    assert len(meetings) == len(recs["meetings"])
    tallies = collab.tallies_frame(synth, community)
    assert len(tallies) == len(recs["motions"])
    assert {"motion", "eligible", "taking_part", "quorum_needed", "quorum_met", "for_votes", "threshold_needed", "adopted"} <= set(tallies.columns)
    assert list(tallies["adopted"]) == [t.adopted for t in synth.tallies(community)]
    carriages = collab.carriages_frame(synth, community, day)
    assert len(carriages) == len(synth.carriages_on(community, day))
    for name in Collaboration.table_names():
        assert len(collab.frame(synth, name)) == len(recs[name]), name

package dev.quanyu

import dev.quanyu.Fixtures.community
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.time.LocalDate
import java.time.LocalDateTime
import java.time.LocalTime

class VenueTest {
    private val evening = TimeWindow(LocalDateTime.of(2024, 10, 15, 18, 0), LocalDateTime.of(2024, 10, 15, 21, 0))
    private val branch = community.organisations().first { it.kind == OrganisationKind.GRID_BRANCH }

    private fun ask(id: String, attendees: Long = 10) = RequestRecord(
        id = id, organisation = branch.id, activity = "议事协商", attendees = attendees,
        kinds = listOf(VenueKind.COMMUNITY_PAVILION, VenueKind.BUILDING_COURTYARD),
        windows = listOf(evening), durationMinutes = 60, repeatWeeks = 1, maxTravel = Proximity.SAME_SUBDISTRICT,
    )

    @Test
    fun `find a slot, book it, cancel it`() {
        val menu = synthMenu(community, 2024L)
        assertTrue(menu.venueCount() in 30L..80L)
        assertEquals(30L, menu.slotMinutes())
        assertTrue(menu.network() === community || menu.network().unitCount() == community.unitCount())

        val found = menu.findSlots(ask("R-1"), 3)
        assertNull(found.reason)
        assertTrue(found.offers.size in 1..3)
        val offer = found.offers.first()
        assertTrue(!offer.start.isBefore(evening.start) && !offer.end.isAfter(evening.end))

        menu.add(MenuRecords(requests = listOf(ask("R-1"))))
        val booked = menu.book(BookingRecord(id = "B-1", venue = offer.venue, request = "R-1", start = offer.start, end = offer.end))
        assertNotNull(booked.status)
        assertEquals(booked, menu.booking("B-1"))
        assertEquals(1L, menu.bookingCount())
        assertEquals("B-1", menu.occurrences("R-1").single().booking)
        val cal = menu.calendar(offer.venue, evening.start.toLocalDate().atStartOfDay(), evening.end.plusDays(1))
        assertEquals(listOf(booked), cal.bookings)
        assertTrue(cal.open.isNotEmpty())

        // Never double-booked: the same slot again is refused, naming the booking.
        menu.add(MenuRecords(requests = listOf(ask("R-2"))))
        val twice = assertThrows<QuanyuException.Validation> {
            menu.book(BookingRecord(id = "B-2", venue = offer.venue, request = "R-2", start = offer.start, end = offer.end))
        }
        assertEquals("B-2", twice.problems.first().id)
        // The search now offers something else for the same request.
        assertTrue(menu.findSlots(ask("R-2"), 3).offers.none { it.venue == offer.venue && it.start == offer.start })

        if (booked.status == BookingStatus.AWAITING_APPROVAL) menu.approve("B-1")
        assertEquals(BookingStatus.CONFIRMED, menu.booking("B-1").status)
        assertEquals(booked.copy(status = BookingStatus.CONFIRMED), menu.cancel("B-1"))
        assertEquals(0L, menu.bookingCount())
        val gone = assertThrows<QuanyuException.NotFound> { menu.cancel("B-1") }
        assertEquals("booking", gone.kind)
        assertThrows<QuanyuException.NotFound> { menu.approve("B-1") }
    }

    @Test
    fun `venues, hours and exceptions go in all or nothing`() {
        val grid = Fixtures.grid
        val menu = Menu(community)
        val venue = VenueRecord(
            id = "PAV-1", name = "议事亭", kind = VenueKind.COMMUNITY_PAVILION, owner = branch.id,
            location = grid.id, capacity = 30, features = listOf(Feature.STEP_FREE, Feature.WI_FI),
            mayBook = BookingReach.ANYONE,
        )
        val summary = menu.add(MenuRecords(
            venues = listOf(venue),
            openingHours = listOf(OpeningHoursRecord("PAV-1", Weekday.TUE, LocalTime.of(8, 0), LocalTime.of(21, 0))),
            exceptions = listOf(ExceptionRecord("PAV-1", LocalDate.of(2024, 10, 22))),
        ))
        assertEquals(AddSummary(venues = 1, hours = 2, requests = 0, bookings = 0), summary)
        assertEquals(venue, menu.venue("PAV-1"))
        assertEquals(listOf(venue), menu.venues())
        assertEquals(Weekday.TUE, menu.openingHours("PAV-1").single().weekday)
        assertEquals(LocalTime.of(21, 0), menu.openingHours("PAV-1").single().close)
        assertNull(menu.exceptions("PAV-1").single().open)

        val offers = menu.findSlots(ask("R-1"), 5).offers
        assertEquals(listOf("PAV-1"), offers.map { it.venue })
        // Closed on the 22nd: a weekly request for two weeks finds nothing.
        val series = ask("R-S").copy(repeatWeeks = 2)
        val none = menu.findSlots(series, 5)
        assertTrue(none.offers.isEmpty())
        assertNotNull(none.reason)

        val bad = MenuRecords(venues = listOf(VenueRecord(
            id = "V9", kind = VenueKind.MEETING_ROOM, owner = "no-such-org", location = "no-such-unit",
            mayBook = BookingReach.OWNER, needsApproval = true,
        )))
        val problems = menu.check(bad)
        assertEquals(listOf("owner", "location", "capacity"), problems.map { it.field })
        val e = assertThrows<QuanyuException.Validation> { menu.add(bad) }
        assertEquals(problems, e.problems)
        assertEquals(1L, menu.venueCount())

        menu.removeVenue("PAV-1")
        assertEquals(0L, menu.venueCount())
        assertThrows<QuanyuException.NotFound> { menu.venue("PAV-1") }
        assertThrows<QuanyuException.NotFound> { menu.openingHours("PAV-1") }
        assertThrows<QuanyuException.NotFound> { menu.removeVenue("PAV-1") }
    }

    @Test
    fun `batch matching, withdrawal, refresh and the JSON form`() {
        val net = Fixtures.copy()
        val menu = synthMenu(net, 7L)
        menu.add(MenuRecords(requests = (1..20).map { ask("R-$it") }))
        assertEquals(20L, menu.requestCount())
        val report = menu.matchRequests()
        assertEquals(20, report.placed.size + report.unplaced.size)
        assertEquals(report.placed.size.toLong(), menu.bookingCount())
        assertTrue(report.groups >= 1)
        val again = menu.matchRequests(defaultMatchOptions().copy(fairShare = false, requests = listOf("R-1"), maxPlacements = 10))
        assertTrue(again.placed.isEmpty())

        val placed = report.placed.first()
        val cancelled = menu.withdrawRequest(placed.request)
        assertEquals(listOf(placed.booking), cancelled.map { it.id })
        assertThrows<QuanyuException.NotFound> { menu.request(placed.request) }

        val copy = Menu.fromJson(net, menu.toJson())
        assertEquals(menu.records(), copy.records())
        assertEquals(menu.requests(), copy.requests())
        assertEquals(menu.bookings(), copy.bookings())
        val dir = java.nio.file.Files.createTempDirectory("menu")
        try {
            menu.exportCsv(dir.toString())
            val fromCsv = Menu(net)
            assertEquals(menu.venueCount(), fromCsv.importCsv(dir.toString()).venues)
            val (a, b) = menu.records() to fromCsv.records()
            assertEquals(a.venues, b.venues, "venues")
            assertEquals(a.openingHours, b.openingHours, "hours")
            assertEquals(a.exceptions, b.exceptions, "exceptions")
            assertEquals(a.requests.size, b.requests.size, "requests")
            assertEquals(a.requests, b.requests, "requests")
            assertTrue(b.bookings.isEmpty(), "bookings travel in the JSON form, not in CSV")
        } finally {
            dir.toFile().deleteRecursively()
        }
        assertThrows<QuanyuException.Io> { Menu(net).importCsv("/no/such/dir") }

        // A school joins the alliance and asks for a room; then it leaves the network, and
        // refresh names the request left dangling.
        val wc = net.organisations().first()
        net.apply(listOf(Change.AddOrganisation(OrganisationRecord(
            id = "SCHOOL", kind = OrganisationKind.ALLIANCE_MEMBER, parent = wc.id, anchor = Fixtures.grid.id,
            category = AllianceCategory.REGIONAL_UNIT,
        ))))
        menu.refresh()
        menu.add(MenuRecords(requests = listOf(ask("R-SCHOOL").copy(organisation = "SCHOOL"))))
        net.apply(listOf(Change.RemoveOrganisation("SCHOOL")))
        val dangling = assertThrows<QuanyuException.Validation> { menu.refresh() }
        assertTrue(dangling.problems.any { it.id == "R-SCHOOL" }, dangling.toString())
    }

    @Test
    fun `bad arguments are errors`() {
        val menu = Menu(community)
        assertThrows<QuanyuException> { Menu.withSlotMinutes(community, 7) }
        assertThrows<QuanyuException.InvalidArgument> { Menu.withSlotMinutes(community, -30) }
        assertEquals(15L, Menu.withSlotMinutes(community, 15).slotMinutes())
        assertEquals("k", assertThrows<QuanyuException.InvalidArgument> { menu.findSlots(ask("R"), 0) }.name)
        assertEquals("k", assertThrows<QuanyuException.InvalidArgument> { menu.findSlots(ask("R"), -1) }.name)
        val nobody = assertThrows<QuanyuException.Validation> { menu.findSlots(ask("R", attendees = 0), 3) }
        assertTrue(nobody.problems.any { it.field == "attendees" })
        val negative = assertThrows<QuanyuException.Validation> { menu.findSlots(ask("R").copy(priority = 300, durationMinutes = -5), 3) }
        assertEquals(listOf("duration_minutes", "priority"), negative.problems.map { it.field })
        val backwards = LocalDateTime.of(2024, 10, 15, 9, 0)
        val venue = synthMenu(community, 1L).venues().first().id
        val synth = synthMenu(community, 1L)
        assertEquals("to", assertThrows<QuanyuException.InvalidArgument> { synth.calendar(venue, backwards, backwards.minusDays(1)) }.name)
        assertThrows<QuanyuException.NotFound> { menu.calendar(venue, backwards, backwards.plusDays(1)) }
        val options = assertThrows<QuanyuException.Validation> {
            menu.matchRequests(defaultMatchOptions().copy(maxPlacements = -1))
        }
        assertEquals("options.max_placements", options.problems.single().field)
        assertThrows<QuanyuException.Parse> { Menu.fromJson(community, "[]") }
        assertThrows<QuanyuException.NotFound> { menu.occurrences("R") }
        assertThrows<QuanyuException.NotFound> { menu.withdrawRequest("R") }
    }
}

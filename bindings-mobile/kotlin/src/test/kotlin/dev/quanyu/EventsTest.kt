package dev.quanyu

import dev.quanyu.Fixtures.community
import dev.quanyu.Fixtures.day
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import java.nio.file.Path
import java.time.LocalDate
import java.time.LocalDateTime

/** Grid events on a phone: the calendar, an event reported offline, sync, typed refusals. */
class EventsTest {
    /** A grid with a worker and a leader on the reference day, and a household in it. */
    private val grid = community.unitsByLevel("Grid").first { g ->
        community.postsAtUnit(g.id, day, Role.GRID_WORKER).isNotEmpty() &&
            community.postsAtUnit(g.id, day, Role.GRID_LEADER).isNotEmpty()
    }
    private val worker = community.postsAtUnit(grid.id, day, Role.GRID_WORKER).first().person.id
    private val leader = community.postsAtUnit(grid.id, day, Role.GRID_LEADER).first().person.id
    private val home = community.unitsIn(grid.id, "Household").first().id

    private fun at(hour: Int, minute: Int = 0) = LocalDateTime.of(2024, 10, 14, hour, minute)

    private val event = EventRecord(
        id = "E1", category = "environment", channel = Channel.APP_PHOTO, unit = home,
        severity = Severity.LOW, reportedAt = at(9), description = Sensitive("楼道堆物"),
    )

    @Test
    fun `the calendar knows the holidays and refuses a year it lacks`() {
        val cal = WorkCalendar.china()
        assertFalse(cal.isWorkingDay(LocalDate.of(2024, 10, 1)))
        assertTrue(cal.isWorkingDay(LocalDate.of(2024, 10, 12)))
        assertEquals(LocalDate.of(2024, 10, 8), cal.addWorkingDays(LocalDate.of(2024, 9, 30), 1))
        assertEquals(5L, cal.workingDaysBetween(LocalDate.of(2024, 9, 30), LocalDate.of(2024, 10, 12)))
        val late = cal.lastYear()!! + 1
        val e = assertThrows<QuanyuException.OutsideCalendar> { cal.isWorkingDay(LocalDate.of(late, 3, 2)) }
        assertEquals(late, e.year)
        assertThrows<QuanyuException.InvalidArgument> { cal.addWorkingDays(LocalDate.of(2024, 3, 1), 0) }
    }

    @Test
    fun `an event handled offline syncs into the central book, once however often it syncs`() {
        val phone = EventBook(community, "five_step")
        phone.report(event)
        var seq = 0L
        fun step(action: String, actor: String, minute: Int, target: String? = null) =
            phone.transition(TransitionRecord(event = "E1", action = action, actor = actor, at = at(10, minute), target = target, device = "phone-7", seq = ++seq))
        step("discover", worker, 0)
        step("dispatch", leader, 10, target = worker)
        val last = step("take", worker, 20)
        assertEquals("handling", last.stateName)

        val central = EventBook(community, "five_step")
        central.report(event)
        val first = central.merge(phone.transitions().reversed())
        val again = central.merge(phone.transitions())
        assertEquals(3L, first.added)
        assertEquals(0L, again.added)
        assertEquals(3L, again.repeated)
        assertEquals(phone.status("E1", at(12)), central.status("E1", at(12)))
    }

    @Test
    fun `a refused transition is typed and names the posts needed`() {
        val book = EventBook(community, "tianque")
        book.report(event)
        val e = assertThrows<QuanyuException.Refused> {
            book.transition(TransitionRecord(event = "E1", action = "assign", actor = worker, at = at(10), target = worker))
        }
        assertEquals(worker, e.actor)
        assertEquals(grid.id, e.unit)
        assertTrue(e.needed.any { it.startsWith("网格长") }, e.needed.toString())
        assertTrue(book.transitions().isEmpty())
        val ok = book.transition(TransitionRecord(event = "E1", action = "21", actor = leader, at = at(10), target = worker))
        assertEquals(140L, ok.state)
    }

    @Test
    fun `the log survives in SQLite`(@TempDir dir: Path) {
        val path = dir.resolve("events.sqlite").toString()
        val book = EventBook.open(community, "five_step", path)
        book.report(event)
        book.transition(TransitionRecord(event = "E1", action = "discover", actor = worker, at = at(10)))
        val reopened = EventBook.open(community, "five_step", path)
        assertEquals(1, reopened.transitions().size)
        val replay = reopened.replay(at(17))
        assertEquals("discovered", replay.statuses.single().stateName)
    }

    @Test
    fun `dispatch proposes the grid's people, duplicates merge, analytics sum up`() {
        val book = EventBook(community, "five_step")
        book.report(event)
        book.report(event.copy(id = "E2", reportedAt = at(9, 30), description = Sensitive("楼道堆放杂物")))
        val proposed = book.proposeHandlers("E1", at(10))
        assertEquals((1..proposed.size).map { it.toLong() }, proposed.map { it.rank })
        assertTrue(proposed.any { it.candidate == worker && it.basis == DispatchBasis.GRID_WORKER }, proposed.toString())
        assertTrue(proposed.all { it.why.isNotEmpty() })

        assertThrows<QuanyuException.Refused> { book.mergeDuplicate("E2", "E1", "nobody", at(10)) }
        assertTrue(book.transitions().isEmpty())
        val kept = book.mergeDuplicate("E2", "E1", worker, at(10))
        assertEquals(listOf("E1", "E2"), kept.sources)
        assertEquals("E1", book.status("E2", at(11)).mergedInto)

        val stats = book.analytics(at(17))
        assertEquals(listOf("E1"), stats.events.map { it.id })
        assertEquals(1L, stats.byGrid.single().reported)
        assertEquals(grid.id, stats.byGrid.single().group)
    }
}

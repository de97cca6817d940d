package dev.quanyu

import dev.quanyu.Fixtures.community
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.time.DayOfWeek
import java.time.LocalDate

/** Venue recurrences on the working-day calendar: text forms, dates, a venue's hours on them. */
class RecurrenceTest {
    private val cal = WorkCalendar.china()

    private fun weekly(day: Weekday, onHolidays: Boolean, makeupDays: Boolean = true) = Recurrence(
        kind = RecurrenceKind.WEEKLY, weekday = day, nth = null, onHolidays = onHolidays, makeupDays = makeupDays,
    )

    @Test
    fun `text forms read back as the same rule`() {
        val rule = parseRecurrence("every working tue")
        assertEquals(weekly(Weekday.TUE, onHolidays = false), rule)
        assertEquals("every working tue", recurrenceText(rule))
        assertEquals("每周二（仅工作日）", recurrenceChinese(rule))
        val last = parseRecurrence("每月最后一个工作日（不含调休）")
        assertEquals(RecurrenceKind.MONTHLY_WORKING_DAY, last.kind)
        assertEquals(-1, last.nth)
        assertEquals(false, last.makeupDays)
        assertEquals(last, parseRecurrence(recurrenceText(last)))
    }

    @Test
    fun `dates follow the official schedule`() {
        val first = parseRecurrence("working day 1 of month")
        assertEquals(
            listOf(LocalDate.of(2024, 10, 8), LocalDate.of(2024, 11, 1)),
            recurrenceDates(first, cal, LocalDate.of(2024, 10, 1), LocalDate.of(2024, 11, 30)),
        )
        // Saturdays 2024-09-14 and 2024-10-12 were make-up working days.
        val saturdays = recurrenceDates(weekly(Weekday.SAT, onHolidays = false), cal, LocalDate.of(2024, 9, 1), LocalDate.of(2024, 10, 31))
        assertEquals(listOf(LocalDate.of(2024, 9, 14), LocalDate.of(2024, 10, 12)), saturdays)
        // Every working day agrees with the calendar, day by day, over a year.
        val start = LocalDate.of(2024, 1, 1)
        val all = recurrenceDates(parseRecurrence("every working day"), cal, start, LocalDate.of(2024, 12, 31)).toSet()
        for (i in 0L until 366L) {
            val d = start.plusDays(i)
            assertEquals(cal.isWorkingDay(d), d in all, d.toString())
        }
        val strict = recurrenceDates(parseRecurrence("every working day except make-up days"), cal, start, LocalDate.of(2024, 12, 31))
        assertTrue(strict.none { it.dayOfWeek == DayOfWeek.SATURDAY || it.dayOfWeek == DayOfWeek.SUNDAY })
    }

    @Test
    fun `bad text, bad rules and uncovered years are typed errors`() {
        val e = assertThrows<QuanyuException.Parse> { parseRecurrence("every working funday") }
        assertTrue(e.detail.contains("every working funday"), e.detail)
        assertThrows<QuanyuException.Validation> { recurrenceText(weekly(Weekday.SUN, onHolidays = false, makeupDays = false)) }
        val late = cal.lastYear()!! + 1
        val outside = assertThrows<QuanyuException.OutsideCalendar> {
            recurrenceDates(parseRecurrence("every tue"), cal, LocalDate.of(late, 1, 1), LocalDate.of(late, 1, 31))
        }
        assertEquals(late, outside.year)
    }

    @Test
    fun `a venue's hours on the dates of a recurrence`() {
        val menu = synthMenu(community, 2024L)
        val rule = parseRecurrence("every working tue")
        val from = LocalDate.of(2024, 9, 24)
        val to = LocalDate.of(2024, 10, 15)
        val dates = recurrenceDates(rule, cal, from, to).toSet()
        val venue = menu.venues().first { v -> menu.recurringHours(v.id, rule, cal, from, to).isNotEmpty() }
        val hours = menu.recurringHours(venue.id, rule, cal, from, to)
        assertTrue(hours.all { it.start.toLocalDate() in dates && it.start.isBefore(it.end) })
        assertThrows<QuanyuException.NotFound> { menu.recurringHours("NOPE", rule, cal, from, to) }
    }
}

package dev.quanyu

import dev.quanyu.Fixtures.day
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.time.LocalDateTime
import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/** Apps call the network from several threads at once. */
class ConcurrencyTest {
    private fun <T> onThreads(n: Int, body: (Int) -> T): List<T> {
        val pool = Executors.newFixedThreadPool(n)
        val start = CountDownLatch(1)
        try {
            val futures = (0 until n).map { i -> pool.submit(Callable { start.await(); body(i) }) }
            start.countDown()
            return futures.map { it.get(120, TimeUnit.SECONDS) }
        } finally {
            pool.shutdownNow()
        }
    }

    @Test
    fun `readers and writers on one network`() {
        val net = Fixtures.copy()
        val persons = net.personCount()
        val buildings = net.unitsByLevel("Building").map { it.id }
        val households = net.unitsByLevel("Household").map { it.id }
        val expected = buildings.take(20).map { net.responsibleFor(it, day) }
        val threads = 8
        val perThread = 25
        onThreads(threads) { t ->
            repeat(perThread) { k ->
                if (t % 2 == 0) {
                    // Writers: each adds its own persons, one commit at a time.
                    net.apply(listOf(Change.AddPerson(PersonRecord(id = "T$t-$k", name = "线程$t", home = households[k]))))
                } else {
                    // Readers: answers stay the same while others write.
                    val i = (t * perThread + k) % expected.size
                    assertEquals(expected[i], net.responsibleFor(buildings[i], day))
                    assertTrue(net.unitsNamed("", 5).size == 5)
                    net.personsNamed("线程", 100)
                }
            }
        }
        assertEquals(persons + threads / 2 * perThread, net.personCount())
        assertEquals(threads / 2 * perThread, net.personsNamed("线程", 1000).size)
    }

    @Test
    fun `failing calls on many threads do not disturb each other`() {
        val net = Fixtures.phone
        val errors = onThreads(8) { t ->
            (0 until 200).count {
                try {
                    net.unit("missing-$t-$it")
                    false
                } catch (e: QuanyuException.NotFound) {
                    e.id == "missing-$t-$it"
                }
            }
        }
        assertEquals(List(8) { 200 }, errors)
    }

    @Test
    fun `one slot and many bookers, exactly one wins`() {
        val net = Fixtures.community
        val menu = synthMenu(net, 11L)
        val branch = net.organisations().first { it.kind == OrganisationKind.GRID_BRANCH }
        val window = TimeWindow(LocalDateTime.of(2024, 10, 16, 18, 0), LocalDateTime.of(2024, 10, 16, 21, 0))
        val requests = (0 until 8).map {
            RequestRecord(
                id = "R-$it", organisation = branch.id, attendees = 5, windows = listOf(window),
                durationMinutes = 60, repeatWeeks = 1, maxTravel = Proximity.SAME_SUBDISTRICT,
            )
        }
        menu.add(MenuRecords(requests = requests))
        val offer = menu.findSlots(requests[0], 1).offers.single()
        val wins = onThreads(8) { t ->
            try {
                menu.book(BookingRecord(id = "B-$t", venue = offer.venue, request = "R-$t", start = offer.start, end = offer.end))
                1
            } catch (e: QuanyuException.Validation) {
                0
            }
        }
        assertEquals(1, wins.sum())
        assertEquals(1L, menu.bookingCount())
    }
}

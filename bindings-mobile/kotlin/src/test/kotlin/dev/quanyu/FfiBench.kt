package dev.quanyu

import java.time.LocalDateTime

/**
 * The FFI benchmark: opening the community snapshot, and look-ups across the boundary, timed
 * from the JVM. Not a test: `make bench-kotlin` runs it against the release library.
 */
object FfiBench {
    private fun median(xs: List<Double>) = xs.sorted()[xs.size / 2]

    /** Mean microseconds per call of [body] over [n] calls, best of [rounds] rounds. */
    private fun perCall(n: Int, rounds: Int = 5, body: (Int) -> Unit): Double =
        (0 until rounds).minOf {
            val t0 = System.nanoTime()
            for (i in 0 until n) body(i)
            (System.nanoTime() - t0) / 1e3 / n
        }

    @JvmStatic
    fun main(args: Array<String>) {
        val day = synthReferenceDate()
        val server = synthCommunity(2024L)
        val bytes = server.toJsonBytes()
        println("community snapshot: %,d bytes; %,d units, %,d persons".format(bytes.size, server.unitCount(), server.personCount()))

        repeat(3) { Network.fromJsonBytes(bytes).close() } // warm-up
        val opens = (0 until 15).map {
            val t0 = System.nanoTime()
            Network.fromJsonBytes(bytes).close()
            (System.nanoTime() - t0) / 1e6
        }
        println("open the community snapshot (fromJsonBytes): median %.1f ms, min %.1f ms".format(median(opens), opens.min()))

        val net = Network.fromJsonBytes(bytes)
        val units = net.units().map { it.id }
        val buildings = net.unitsByLevel("Building").map { it.id }
        val holders = net.contractRecords().filter { it.end == null }.map { it.holder }.distinct()
        val persons = net.persons().map { it.id }
        val n = 20_000

        val cases = listOf<Pair<String, (Int) -> Unit>>(
            "containsUnit(id)" to { i -> net.containsUnit(units[i % units.size]) },
            "unit(id)" to { i -> net.unit(units[i % units.size]) },
            "person(id)" to { i -> net.person(persons[i % persons.size]) },
            "parent(id)" to { i -> net.parent(units[i % units.size]) },
            "responsibleFor(building, day)" to { i -> net.responsibleFor(buildings[i % buildings.size], day) },
            "contractsHeld(holder, day)" to { i -> net.contractsHeld(holders[i % holders.size], day) },
            "unitsNamed(prefix, 10)" to { _ -> net.unitsNamed("第1", 10) },
            "unit(missing) -> NotFound" to { _ -> try { net.unit("missing") } catch (e: QuanyuException.NotFound) { } },
        )
        for ((name, body) in cases) {
            perCall(n / 4, 1, body) // warm-up
            println("%-34s %8.2f µs/call".format(name, perCall(n, 5, body)))
        }

        val menu = synthMenu(net, 2024L)
        val branch = net.organisations().first { it.kind == OrganisationKind.GRID_BRANCH }
        val ask = RequestRecord(
            id = "ask", organisation = branch.id, attendees = 10,
            kinds = listOf(VenueKind.COMMUNITY_PAVILION, VenueKind.BUILDING_COURTYARD),
            windows = listOf(TimeWindow(LocalDateTime.of(2024, 10, 15, 18, 0), LocalDateTime.of(2024, 10, 15, 21, 0))),
            durationMinutes = 60, maxTravel = Proximity.SAME_SUBDISTRICT,
        )
        perCall(500, 1) { menu.findSlots(ask, 3) }
        println("%-34s %8.2f µs/call".format("findSlots(request, 3)", perCall(2_000, 5) { menu.findSlots(ask, 3) }))
    }
}

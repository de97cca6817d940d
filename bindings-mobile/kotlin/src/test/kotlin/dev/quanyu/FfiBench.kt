package dev.quanyu

import java.lang.management.ManagementFactory
import java.time.LocalDateTime

/**
 * The FFI benchmark: opening the community snapshot, and look-ups across the boundary, timed
 * from the JVM. Not a test: `make bench-kotlin` runs it against the release library.
 *
 * Each figure is given twice: wall-clock time, and the CPU time of the calling thread (the
 * work of a call, without the time spent waiting for a core on a busy machine; every call
 * measured here runs on the calling thread).
 */
object FfiBench {
    private val threads = ManagementFactory.getThreadMXBean()

    /** (wall, cpu) nanoseconds of one run of [body]. */
    private fun timed(body: () -> Unit): Pair<Long, Long> {
        val (w0, c0) = System.nanoTime() to threads.currentThreadCpuTime
        body()
        return (System.nanoTime() - w0) to (threads.currentThreadCpuTime - c0)
    }

    private fun median(xs: List<Long>) = xs.sorted()[xs.size / 2]

    /** Median wall and CPU milliseconds of [runs] runs of [body]. */
    private fun openTimes(runs: Int, body: () -> Unit): String {
        repeat(3) { body() }
        val t = (0 until runs).map { timed(body) }
        return "median %.1f ms wall, %.1f ms CPU (best %.1f ms wall)".format(
            median(t.map { it.first }) / 1e6, median(t.map { it.second }) / 1e6, t.minOf { it.first } / 1e6,
        )
    }

    /** Mean microseconds per call of [body] over [n] calls, wall and CPU, best of [rounds] rounds. */
    private fun perCall(n: Int, rounds: Int = 5, body: (Int) -> Unit): Pair<Double, Double> {
        val t = (0 until rounds).map { timed { for (i in 0 until n) body(i) } }
        return t.minOf { it.first } / 1e3 / n to t.minOf { it.second } / 1e3 / n
    }

    @JvmStatic
    fun main(args: Array<String>) {
        val day = synthReferenceDate()
        val server = synthCommunity(2024L)
        val bytes = server.toJsonBytes()
        println("community snapshot: %,d bytes; %,d units, %,d persons".format(bytes.size, server.unitCount(), server.personCount()))

        println("open the community snapshot (fromJsonBytes): " + openTimes(15) { Network.fromJsonBytes(bytes).close() })
        val binary = server.toBinary()
        println("open the community binary snapshot (%,d bytes, fromSnapshotBytes): ".format(binary.size) + openTimes(15) { Network.fromSnapshotBytes(binary).close() })
        // The parts of that figure: handing the bytes over (a copy refused at its version
        // number, before any reading), opening, closing.
        val refused = binary.copyOf().also { it[8] = 99 }
        println("  hand the bytes over only: " + openTimes(15) { try { Network.fromSnapshotBytes(refused) } catch (e: QuanyuException.Parse) { } })
        val parts = (0 until 15).map {
            var opened: Network? = null
            val open = timed { opened = Network.fromSnapshotBytes(binary) }
            open to timed { opened?.close() }
        }
        println("  open only: median %.1f ms wall; close only: median %.1f ms wall".format(
            median(parts.map { it.first.first }) / 1e6, median(parts.map { it.second.first }) / 1e6,
        ))

        val net = Network.fromJsonBytes(bytes)
        val grid = net.unitsByLevel("Grid").maxBy { net.subtreeSize(it.id) }
        val extract = net.extract(grid.id).toJsonBytes()
        println("open the largest grid's extract (%,d bytes): ".format(extract.size) + openTimes(30) { Network.fromJsonBytes(extract).close() })
        val extractBinary = net.extract(grid.id).toBinary()
        println("open the largest grid's extract, binary (%,d bytes): ".format(extractBinary.size) + openTimes(30) { Network.fromSnapshotBytes(extractBinary).close() })

        val units = net.units().map { it.id }
        val buildings = net.unitsByLevel("Building").map { it.id }
        val holders = net.contractRecords().filter { it.end == null }.map { it.holder }.distinct()
        val persons = net.persons().map { it.id }
        val n = 20_000

        val cases = listOf<Pair<String, (Int) -> Unit>>(
            "unitCount() (no argument)" to { _ -> net.unitCount() },
            "containsUnit(id)" to { i -> net.containsUnit(units[i % units.size]) },
            "unit(id)" to { i -> net.unit(units[i % units.size]) },
            "person(id)" to { i -> net.person(persons[i % persons.size]) },
            "parent(id)" to { i -> net.parent(units[i % units.size]) },
            "responsibleFor(building, day)" to { i -> net.responsibleFor(buildings[i % buildings.size], day) },
            "contractsHeld(holder, day)" to { i -> net.contractsHeld(holders[i % holders.size], day) },
            "unitsNamed(prefix, 10)" to { _ -> net.unitsNamed("第1", 10) },
            "unit(missing) -> NotFound" to { _ -> try { net.unit("missing") } catch (e: QuanyuException.NotFound) { } },
        )
        // Settle the heap that the opens above filled, so that a collection running beside
        // the look-ups does not take the second core from them.
        System.gc()
        Thread.sleep(500)
        println("%-34s %10s %10s".format("look-up", "µs wall", "µs CPU"))
        for ((name, body) in cases) {
            perCall(n / 4, 1, body) // warm-up
            val (wall, cpu) = perCall(n, 7, body)
            println("%-34s %10.2f %10.2f".format(name, wall, cpu))
        }

        val menu = synthMenu(net, 2024L)
        val branch = net.organisations().first { it.kind == OrganisationKind.GRID_BRANCH }
        val ask = RequestRecord(
            id = "ask", organisation = branch.id, attendees = 10,
            kinds = listOf(VenueKind.COMMUNITY_PAVILION, VenueKind.BUILDING_COURTYARD),
            windows = listOf(TimeWindow(LocalDateTime.of(2024, 10, 15, 18, 0), LocalDateTime.of(2024, 10, 15, 21, 0))),
            durationMinutes = 60, repeatWeeks = 1, maxTravel = Proximity.SAME_SUBDISTRICT,
        )
        perCall(500, 1) { menu.findSlots(ask, 3) }
        val (wall, cpu) = perCall(2_000, 5) { menu.findSlots(ask, 3) }
        println("%-34s %10.2f %10.2f".format("findSlots(request, 3)", wall, cpu))
    }
}

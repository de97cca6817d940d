package dev.quanyu

import dev.quanyu.Fixtures.community
import dev.quanyu.Fixtures.day
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.time.LocalDateTime

/** The records and enums generated from the core's declarations, and their conversions. */
class DeclaredTest {
    private val branch = community.organisations().first { it.kind == OrganisationKind.GRID_BRANCH }
    private val evening = TimeWindow(LocalDateTime.of(2024, 10, 15, 18, 0), LocalDateTime.of(2024, 10, 15, 21, 0))

    @Test
    fun `a record with three bad fields is one exception listing all three`() {
        val bad = RequestRecord(
            id = "R-X", organisation = branch.id, attendees = -1, windows = listOf(evening),
            durationMinutes = -5, priority = 300, repeatWeeks = 1, maxTravel = Proximity.SAME_GRID,
        )
        val e = assertThrows<QuanyuException.Validation> { Menu(community).findSlots(bad, 3) }
        assertEquals(listOf("attendees", "duration_minutes", "priority"), e.problems.map { it.field })
        assertTrue(e.problems.all { it.id == "R-X" })
        assertEquals(listOf("-1", "-5", "300"), e.problems.map { it.message.substringAfterLast("got ") })
        assertTrue(e.toString().startsWith("3 problems found"), e.toString())
    }

    @Test
    fun `enums parse every spelling and name themselves in English and Chinese`() {
        assertEquals(Role.GRID_LEADER, parseRole("网格长"))
        assertEquals(Role.GRID_LEADER, parseRole("grid leader"))
        assertEquals(Role.GRID_LEADER, parseRole("GridLeader"))
        assertEquals("网格长", Role.GRID_LEADER.chinese())
        assertEquals("GridLeader", Role.GRID_LEADER.english())
        assertEquals(Feature.WI_FI, parseFeature(Feature.WI_FI.chinese()))
        assertEquals(ContractKind.KEY_TASK, parseContractKind("包重点任务"))
        for (kind in VenueKind.values()) {
            assertEquals(kind, parseVenueKind(kind.english()))
            assertEquals(kind, parseVenueKind(kind.chinese()))
        }
        val e = assertThrows<QuanyuException.InvalidArgument> { parseRole("mayor") }
        assertEquals("text", e.name)
        assertTrue(e.detail.contains("mayor"), e.detail)
    }

    @Test
    fun `generated reports read back whole`() {
        val net = Fixtures.copy()
        val menu = synthMenu(net, 5L)
        val ask = RequestRecord(
            id = "R-1", organisation = branch.id, attendees = 8, windows = listOf(evening),
            durationMinutes = 60, repeatWeeks = 2, maxTravel = Proximity.SAME_SUBDISTRICT,
        )
        menu.add(MenuRecords(requests = listOf(ask, ask.copy(id = "R-2", priority = 9))))
        val report = menu.matchRequests(defaultMatchOptions().copy(exportInstance = true))
        // The score: placed occurrences by priority, highest first, and the travel they cost.
        assertEquals(report.placed.size.toLong(), report.score.placedByPriority.sumOf { it.placed })
        assertEquals(report.score.placedByPriority.sortedByDescending { it.priority }, report.score.placedByPriority)
        assertTrue(report.score.travel >= 0)
        val instance = report.instance!!
        assertEquals("quanyu-matching/1", instance.format)
        assertEquals(menu.slotMinutes(), instance.slotMinutes)
        assertTrue(instance.groups.all { g -> g.chosen.size == g.occurrences.size })

        // Posts carry their own dates; plans give their changes.
        val post = community.postsAtUnit(Fixtures.grid.id, day, Role.GRID_LEADER).first()
        assertTrue(!post.start.isAfter(day) && (post.end == null || !post.end!!.isBefore(day)))
        val plan = Fixtures.phone.planContracts(day)
        assertEquals(plan.rules.sumOf { it.add.size + it.end.size }, plan.changes().size)
        // Rules name their rows by kind.
        val rules = defaultRules().map { it.copy(holdersPerTarget = -2) }
        val e = assertThrows<QuanyuException.Validation> { community.auditContracts(day, rules) }
        assertEquals(ContractKind.values().map { it.english() }, e.problems.map { it.id })
        assertTrue(e.problems.all { it.field == "holders_per_target" })
    }

    @Test
    fun `a unit's division code needs no binding code of its own`() {
        val net = Network()
        val code = "330108001000"
        net.apply(listOf(Change.AddUnit(UnitRecord(id = "S", level = "Subdistrict", residents = 0L, code = code))))
        assertEquals(code, net.unit("S").code)
        assertEquals(code, Network.fromBinary(net.toBinary()).unit("S").code)
        assertEquals(code, Network.fromJson(net.toJson()).unit("S").code)
        val bad = assertThrows<QuanyuException.Validation> {
            net.apply(listOf(Change.AddUnit(UnitRecord(id = "T", level = "Subdistrict", residents = 0L, code = "3301"))))
        }
        assertEquals(listOf("T" to "code"), bad.problems.map { it.id to it.field })
        assertEquals(1L, net.unitCount())
    }
}

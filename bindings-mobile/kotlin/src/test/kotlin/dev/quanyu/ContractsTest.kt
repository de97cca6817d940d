package dev.quanyu

import dev.quanyu.Fixtures.community
import dev.quanyu.Fixtures.day
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.time.LocalDate

class ContractsTest {
    @Test
    fun `the structural audit`() {
        val audit = community.audit(day)
        assertEquals(day, audit.asOf)
        val gaps = { a: StructuralAudit ->
            a.gridsShortOfLeaders.size + a.gridsWithoutBranch.size + a.buildingsWithoutCell.size +
                a.personsWithoutHome.size + a.misplacedPosts.size
        }
        assertTrue(gaps(audit) > 0) // the synthetic community has deliberate gaps
        assertTrue(audit.gridsShortOfLeaders.all { it.leaders < 2 })
        assertEquals(0, gaps(Network().audit(day)))
    }

    @Test
    fun `the contract audit`() {
        val audit = community.auditContracts(day)
        assertEquals(day, audit.asOf)
        assertEquals(ContractKind.values().toList(), audit.rules.map { it.kind })
        for (r in audit.rules) {
            assertTrue(r.ratio in 0.0..1.0)
            assertTrue(r.covered <= r.targets)
        }
        val neighbours = audit.rules.first { it.kind == ContractKind.NEIGHBOURS }
        assertTrue(neighbours.covered < neighbours.targets)
        assertTrue(neighbours.duplicates.isNotEmpty() && neighbours.ineligible.isNotEmpty())
        assertTrue(audit.coverage.any { it.level == "Grid" })
        // Only some rules, with the app's own limits.
        val tight = defaultRules().filter { it.kind == ContractKind.NEIGHBOURS }.map { it.copy(capacity = 1) }
        val one = community.auditContracts(day, tight)
        assertEquals(listOf(ContractKind.NEIGHBOURS), one.rules.map { it.kind })
        assertTrue(one.rules[0].overCapacity.isNotEmpty())
    }

    @Test
    fun `an optimal plan, applied, leaves nothing to do`() {
        // The whole community: plans are solved per subdistrict.
        val net = Fixtures.copy()
        val before = net.auditContracts(day)
        val plan = net.planContracts(day)
        assertEquals(day, plan.asOf)
        assertTrue(plan.changes().isNotEmpty())
        assertEquals(
            plan.rules.sumOf { it.add.size + it.end.size },
            plan.changes().size,
        )
        net.apply(plan.changes())
        val after = net.auditContracts(day)
        for ((b, a) in before.rules.zip(after.rules)) {
            assertTrue(a.covered >= b.covered)
            assertTrue(a.duplicates.isEmpty() && a.ineligible.isEmpty() && a.overCapacity.isEmpty())
        }
        val again = net.planContracts(day)
        assertTrue(again.changes().isEmpty(), again.changes().toString())
    }

    @Test
    fun `the one-ten-hundred reach`() {
        val reach = community.reach(day)
        assertTrue(reach.pioneers.isNotEmpty())
        assertTrue(reach.belowTenVolunteers.size <= reach.pioneers.size)
        assertTrue(reach.pioneers.all { it.volunteers >= 0 && it.residents >= 0 })
    }

    @Test
    fun `rules and dates out of range are errors`() {
        val rules = defaultRules()
        assertEquals(4, rules.size)
        val compound = rules.first { it.kind == ContractKind.COMPOUND }
        assertEquals(listOf(Role.SECOND_SECRETARY), compound.eligibleRoles)
        val bad = rules.map { it.copy(capacity = -1, capacityOverrides = mapOf("P" to Long.MAX_VALUE)) }
        val e = assertThrows<QuanyuException.Validation> { community.planContracts(day, bad) }
        assertEquals(8, e.problems.size)
        assertThrows<QuanyuException.Validation> { community.auditContracts(day, bad) }
        for (call in listOf<(LocalDate) -> Any>(
            { community.audit(it) }, { community.auditContracts(it) }, { community.reach(it) },
            { community.responsibleFor(Fixtures.building.id, it) }, { community.contractsHeld("x", it) },
            { community.postsAtUnit(Fixtures.grid.id, it) }, { community.members("x", it, Scope.DIRECT) },
        )) {
            val far = assertThrows<QuanyuException.InvalidArgument> { call(LocalDate.MAX) }
            assertEquals("as_of", far.name)
        }
    }
}

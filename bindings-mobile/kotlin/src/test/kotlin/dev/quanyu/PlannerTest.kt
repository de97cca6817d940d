package dev.quanyu

import dev.quanyu.Fixtures.day
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.atomic.AtomicInteger

/**
 * The planner with progress and cancellation, `apply` and its deprecated alias `commit`, and the
 * generated records and enums as an app uses them.
 */
class PlannerTest {
    /** A step as the callback received it. */
    private data class Step(val stage: String, val done: Long, val total: Long)

    /** A progress callback that records every step, then runs [then]. */
    private class Recorder(val then: (Step) -> Unit = {}) : PlanProgress {
        val steps: MutableList<Step> = CopyOnWriteArrayList()

        override fun onStep(stage: String, done: Long, total: Long) {
            val step = Step(stage, done, total)
            steps.add(step)
            then(step)
        }
    }

    @Test
    fun `a generated record goes to the core and comes back equal`() {
        val net = Fixtures.copy()
        val home = net.unitsIn(Fixtures.building.id, "Household").first().id
        val person = PersonRecord(id = "P-NEW", name = "张敏", home = home, worksAt = Fixtures.grid.id)
        val post = PostRecord(person = person.id, role = Role.VOLUNTEER, unit = Fixtures.building.id, start = day)
        net.apply(listOf(Change.AddPerson(person), Change.AddPost(post)))
        assertEquals(person, net.personRecords().first { it.id == person.id })
        assertEquals(listOf(post), net.postsOf(person.id))
        // Records the core made go back to it whole: the default rules give the default audit.
        val rules = defaultRules()
        assertEquals(Fixtures.community.auditContracts(day), Fixtures.community.auditContracts(day, rules))
        // `copy` makes a different value; equality is by value.
        assertTrue(person.copy(name = "张敏敏") != person)
    }

    @Test
    fun `enums parse their Chinese names`() {
        for (role in Role.values()) assertEquals(role, parseRole(role.chinese()))
        for (kind in ContractKind.values()) assertEquals(kind, parseContractKind(kind.chinese()))
        for (kind in GridKind.values()) assertEquals(kind, parseGridKind(kind.chinese()))
        for (kind in OrganisationKind.values()) assertEquals(kind, parseOrganisationKind(kind.chinese()))
        assertEquals(Role.GRID_LEADER, parseRole("网格长"))
        assertEquals(Role.PIONEER, parseRole("先锋党员"))
        assertEquals(GridKind.COMMUNITY, parseGridKind("社区网格"))
        assertThrows<QuanyuException.InvalidArgument> { parseRole("市长") }
    }

    @Test
    fun `the planner reports every step and plans what planContracts plans`() {
        val net = Fixtures.community
        val planner = Planner()
        val progress = Recorder()
        val plan = planner.plan(net, day, null, progress)
        assertEquals(net.planContracts(day), plan)

        val steps = progress.steps
        assertTrue(steps.size >= 2, steps.toString())
        val total = steps.first().total
        assertTrue(total > 0)
        assertEquals(Step("", 0, total), steps.first())
        assertEquals(total, steps.last().done)
        assertTrue(steps.all { it.total == total })
        assertEquals(steps.map { it.done }.sorted(), steps.map { it.done })
        val kinds = ContractKind.values().map { it.english() }.toSet()
        assertTrue(steps.drop(1).all { it.stage in kinds }, steps.toString())
        val first = planner.stats()
        assertTrue(first.solved in 1..total && first.reused == 0L, first.toString())

        // Nothing changed: the second plan reuses every problem, and reports each one.
        val again = Recorder()
        assertEquals(plan, planner.plan(net, day, defaultRules(), again))
        assertEquals(PlannerStats(solved = 0, reused = first.solved), planner.stats())
        assertEquals(total, again.steps.last().done)
        // Without a callback.
        assertEquals(plan, planner.plan(net, day))
    }

    @Test
    fun `cancel from the callback makes plan throw Cancelled and changes nothing`() {
        val net = Fixtures.copy()
        val before = net.toBinary()
        val contracts = net.contractRecords()
        val planner = Planner()
        val calls = AtomicInteger()
        val progress = Recorder { calls.incrementAndGet(); planner.cancel() }
        val e = assertThrows<QuanyuException.Cancelled> { planner.plan(net, day, null, progress) }
        assertTrue(e.toString().contains("cancelled"), e.toString())
        // The first report comes before any work; the plan stops at its next check.
        assertEquals(1, calls.get())
        assertArrayEquals(before, net.toBinary())
        assertEquals(contracts, net.contractRecords())

        // A plan started after the cancel runs normally, and the cancelled one left no trace.
        assertEquals(net.planContracts(day), planner.plan(net, day))
        planner.cancel() // with no plan running: nothing to stop, and the next plan runs
        assertEquals(net.planContracts(day), planner.plan(net, day, null, Recorder()))
    }

    @Test
    fun `cancel from another thread stops a plan waiting for the planner`() {
        val net = Fixtures.community
        val planner = Planner()
        val started = java.util.concurrent.CountDownLatch(1)
        val release = java.util.concurrent.CountDownLatch(1)
        // The first plan holds the planner inside its first step until the second has started.
        var firstOutcome: Throwable? = null
        val first = Thread {
            firstOutcome = runCatching {
                planner.plan(net, day, null, Recorder { if (it.done == 0L) { started.countDown(); release.await() } })
            }.exceptionOrNull()
        }
        first.start()
        started.await()
        var second: Throwable? = null
        val waiting = Thread { second = runCatching { planner.plan(net, day) }.exceptionOrNull() }
        waiting.start()
        Thread.sleep(300) // the second plan is now waiting for the planner
        planner.cancel()
        release.countDown()
        first.join()
        waiting.join()
        assertTrue(firstOutcome is QuanyuException.Cancelled, firstOutcome.toString())
        assertTrue(second is QuanyuException.Cancelled, second.toString())
        // Both were stopped; the planner plans again.
        assertEquals(ContractKind.values().toList(), planner.plan(net, day).rules.map { it.kind })
    }

    @Test
    fun `an exception thrown by the callback stops the plan and is thrown by plan`() {
        val net = Fixtures.community
        val planner = Planner()
        val e = assertThrows<QuanyuException.InvalidArgument> {
            planner.plan(net, day, null, Recorder { throw IllegalStateException("the screen is gone") })
        }
        assertEquals("progress", e.name)
        assertTrue(e.detail.contains("the screen is gone"), e.detail)
        // The planner is still usable.
        assertEquals(ContractKind.values().toList(), planner.plan(net, day).rules.map { it.kind })
    }

    @Test
    fun `a plan works on a snapshot, so the network can be edited while it runs`() {
        val net = Fixtures.copy()
        val plan = net.planContracts(day)
        val home = net.unitsIn(Fixtures.building.id, "Household").first().id
        val planner = Planner()
        // The edit runs inside the plan's own callback: it would wait forever if the plan held
        // a lock on the network.
        val during = planner.plan(net, day, null, Recorder { step ->
            if (step.done == 0L) net.apply(listOf(Change.AddPerson(PersonRecord(id = "P-DURING", name = "刘洋", home = home))))
        })
        assertEquals(plan, during)
        assertEquals("刘洋", net.person("P-DURING").name)
    }

    @Test
    fun `apply is all or nothing, and commit is its deprecated alias`() {
        val net = Fixtures.copy()
        val units = net.unitCount()
        val home = net.unitsIn(Fixtures.building.id, "Household").first().id
        val a = PersonRecord(id = "P-A", name = "甲", home = home)
        val b = PersonRecord(id = "P-B", name = "乙", home = home)
        assertEquals(CommitSummary(1, 0, 0), net.apply(listOf(Change.AddPerson(a))))
        @Suppress("DEPRECATION") // documented as deprecated; uniffi cannot emit @Deprecated
        val viaCommit = net.commit(listOf(Change.AddPerson(b)))
        assertEquals(CommitSummary(1, 0, 0), viaCommit)
        assertEquals(listOf(a, b), net.personRecords().filter { it.id in setOf("P-A", "P-B") })

        // The same rejection through either name, and nothing changed.
        val bad = listOf(Change.AddPerson(a.copy(id = "P-C")), Change.AddPerson(a))
        val viaApply = assertThrows<QuanyuException.Validation> { net.apply(bad) }
        val viaOld = assertThrows<QuanyuException.Validation> { net.commit(bad) }
        assertEquals(viaApply.problems, viaOld.problems)
        assertTrue(viaApply.problems.any { it.id == "P-A" }, viaApply.problems.toString())
        assertTrue(runCatching { net.person("P-C") }.exceptionOrNull() is QuanyuException.NotFound)
        assertEquals(units, net.unitCount())

        // A plan's changes, applied, leave nothing to plan.
        val planner = Planner()
        val plan = planner.plan(net, day)
        assertTrue(plan.changes().isNotEmpty())
        net.apply(plan.changes())
        assertTrue(planner.plan(net, day).changes().isEmpty())
    }
}

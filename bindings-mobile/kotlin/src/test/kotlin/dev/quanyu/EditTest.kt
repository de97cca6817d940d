package dev.quanyu

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.time.LocalDate

/** Every kind of change, committed all or nothing. */
class EditTest {
    private val day = LocalDate.of(2024, 10, 13)
    private val later = LocalDate.of(2024, 12, 31)

    /** A subdistrict with one grid, one building, two households, a branch and a member. */
    private fun small(): Network {
        val net = Network()
        val summary = net.apply(listOf(
            Change.AddUnit(UnitRecord(id = "S", name = "滨江街道", level = "Subdistrict")),
            Change.AddUnit(UnitRecord(id = "A", level = "Area", parent = "S")),
            Change.AddUnit(UnitRecord(id = "G", level = "Grid", parent = "A", gridKind = GridKind.COMMUNITY)),
            Change.AddUnit(UnitRecord(id = "B", level = "Building", parent = "G")),
            Change.AddUnit(UnitRecord(id = "H1", level = "Household", parent = "B", residents = 3)),
            Change.AddUnit(UnitRecord(id = "H2", level = "Household", parent = "B", residents = 2)),
            Change.AddOrganisation(OrganisationRecord(id = "WC", kind = OrganisationKind.WORKING_COMMITTEE, anchor = "S")),
            Change.AddOrganisation(OrganisationRecord(id = "GB", kind = OrganisationKind.GRID_BRANCH, anchor = "G", parent = "WC")),
            Change.AddPerson(PersonRecord(id = "P", name = "王芳", home = "H1", phone = Sensitive("13800000000"))),
            Change.AddPerson(PersonRecord(id = "Q", name = "李伟", home = "H2")),
        ))
        assertEquals(10L, summary.added)
        return net
    }

    @Test
    fun `units, organisations and persons are added, updated, moved and removed`() {
        val net = small()
        assertEquals(6L, net.unitCount())
        assertEquals("滨江街道", net.unit("S").name)
        assertEquals("13800000000", net.person("P").phone!!.expose())

        net.apply(listOf(
            Change.UpdateUnit(UnitRecord(id = "H2", name = "2号", level = "Household", parent = "B", residents = 4)),
            Change.AddUnit(UnitRecord(id = "B2", level = "Building", parent = "G")),
            Change.UpdateOrganisation(OrganisationRecord(id = "GB", name = "一网格支部", kind = OrganisationKind.GRID_BRANCH, anchor = "G", parent = "WC", category = AllianceCategory.COMMUNITY)),
            Change.UpdatePerson(PersonRecord(id = "Q", name = "李伟", home = "H2", worksAt = "B2")),
        ))
        assertEquals(4L, net.unit("H2").residents)
        assertEquals("一网格支部", net.organisation("GB").name)
        assertEquals("B2", net.workplace("Q")!!.id)

        net.apply(listOf(Change.MoveUnit(id = "H2", parent = "B2")))
        assertEquals("B2", net.parent("H2")!!.id)
        net.apply(listOf(Change.MoveUnit(id = "B2", parent = null)))
        assertNull(net.parent("B2"))

        val removed = net.apply(listOf(
            Change.RemovePerson(id = "Q"),
            Change.RemoveUnit(id = "H2"),
            Change.RemoveUnit(id = "B2"),
            Change.RemoveOrganisation(id = "GB"),
        ))
        assertTrue(removed.removed >= 4)
        assertEquals(5L, net.unitCount())
        assertEquals(1L, net.organisationCount())
        assertEquals(1L, net.personCount())
    }

    @Test
    fun `posts, memberships, layers, tasks, leads, services and contracts`() {
        val net = small()
        val post = PostRecord(person = "P", role = Role.GRID_LEADER, unit = "G", start = day)
        val membership = MembershipRecord(person = "P", organisation = "GB", start = day)
        val task = TaskRecord(id = "T", name = "加装电梯", unit = "G", category = TaskCategory.PROPERTY, deadline = later, status = TaskStatus.OPEN)
        val contract = ContractRecord(kind = ContractKind.NEIGHBOURS, holder = "P", target = "H2", start = day)
        net.apply(listOf(
            Change.AddPost(post),
            Change.AddMembership(membership),
            Change.SetGridLayer(GridLayerRecord(building = "B", layer = GridLayer.POLICING, grid = "JW-07")),
            Change.AddTask(task),
            Change.AddLead(LeadRecord(pioneer = "P", volunteer = "Q")),
            Change.AddService(ServiceRecord(volunteer = "Q", household = "H1")),
            Change.AddContract(contract),
        ))
        assertEquals(listOf(post), net.postRecords())
        assertEquals(listOf(membership), net.membershipRecords())
        assertEquals("JW-07", net.layerGrid("B", GridLayer.POLICING))
        assertEquals(listOf(task), net.taskRecords())
        assertEquals(listOf(LeadRecord("P", "Q")), net.leadRecords())
        assertEquals(listOf(ServiceRecord("Q", "H1")), net.serviceRecords())
        assertEquals(listOf(contract), net.contractsHeld("P", day))
        assertEquals(listOf("P"), net.responsibleFor("H2", day).contracts.map { it.holder })
        assertEquals(listOf("P"), net.responsibleFor("H2", day).gridLeaders)
        assertEquals("GB", net.responsibleFor("H2", day).gridBranch)
        assertEquals(listOf("P"), net.members("GB", day, Scope.DIRECT).map { it.id })

        net.apply(listOf(
            Change.EndPost(PostKey(person = "P", role = Role.GRID_LEADER, unit = "G", start = day), later),
            Change.EndMembership(MembershipKey(person = "P", organisation = "GB", start = day), later),
            Change.EndContract(ContractKey(kind = ContractKind.NEIGHBOURS, holder = "P", target = "H2", start = day), later),
            Change.UpdateTask(task.copy(status = TaskStatus.DONE)),
            Change.ClearGridLayer(building = "B", layer = GridLayer.POLICING),
        ))
        assertEquals(later, net.postRecords().single().end)
        assertEquals(later, net.membershipRecords().single().end)
        assertEquals(emptyList<ContractRecord>(), net.contractsHeld("P", later.plusDays(1)))
        assertEquals(TaskStatus.DONE, net.task("T").status)
        assertNull(net.layerGrid("B", GridLayer.POLICING))

        net.apply(listOf(
            Change.RemovePost(PostKey(person = "P", role = Role.GRID_LEADER, unit = "G", start = day)),
            Change.RemoveMembership(MembershipKey(person = "P", organisation = "GB", start = day)),
            Change.RemoveContract(ContractKey(kind = ContractKind.NEIGHBOURS, holder = "P", target = "H2", start = day)),
            Change.RemoveTask(id = "T"),
            Change.RemoveLead(LeadRecord("P", "Q")),
            Change.RemoveService(ServiceRecord("Q", "H1")),
        ))
        assertTrue(net.postRecords().isEmpty() && net.membershipRecords().isEmpty())
        assertTrue(net.contractRecords().isEmpty() && net.taskRecords().isEmpty())
        assertTrue(net.leadRecords().isEmpty() && net.serviceRecords().isEmpty())
    }

    @Test
    fun `a bad commit changes nothing and names every problem`() {
        val net = small()
        val before = net.toJson()
        val changes = listOf(
            Change.AddUnit(UnitRecord(id = "B9", level = "Building", parent = "A")), // buildings sit in grids
            Change.MoveUnit(id = "G", parent = "nowhere"),
            Change.AddUnit(UnitRecord(id = "S", level = "Subdistrict")), // taken
        )
        val problems = net.check(changes)
        val e = assertThrows<QuanyuException.Validation> { net.apply(changes) }
        assertEquals(problems, e.problems)
        assertEquals(3, e.problems.size)
        assertEquals(setOf("B9", "G", "S"), e.problems.map { it.id }.toSet())
        assertTrue(e.toString().startsWith("3 problems found, nothing changed"), e.toString())
        assertEquals(before, net.toJson())
        assertTrue(net.check(listOf(Change.AddUnit(UnitRecord(id = "B9", level = "Building", parent = "G")))).isEmpty())
    }

    @Test
    fun `values the core cannot hold are problems of the commit`() {
        val net = small()
        val before = net.toJson()
        val e = assertThrows<QuanyuException.Validation> {
            net.apply(listOf(
                Change.AddUnit(UnitRecord(id = "H3", level = "Household", parent = "B", residents = -1)),
                Change.AddPost(PostRecord(person = "P", role = Role.VOLUNTEER, unit = "B", start = LocalDate.MAX)),
                Change.AddContract(ContractRecord(kind = ContractKind.BUILDING, holder = "P", target = "B", start = day, end = LocalDate.MIN)),
            ))
        }
        assertEquals(listOf("H3" to "residents", "P" to "start", "P" to "end"), e.problems.map { it.id to it.field })
        assertEquals(before, net.toJson())
        assertEquals(3, net.check(listOf(
            Change.AddUnit(UnitRecord(id = "H3", level = "Household", parent = "B", residents = Long.MAX_VALUE)),
            Change.EndPost(PostKey(person = "P", role = Role.VOLUNTEER, unit = "B", start = LocalDate.MAX), LocalDate.MAX),
        )).size)
    }

    @Test
    fun `an empty commit is fine and strings of any shape are just ids`() {
        val net = small()
        assertEquals(CommitSummary(0, 0, 0), net.apply(emptyList()))
        for (id in listOf("", " ", "\u0000", "🏠", "x".repeat(100_000), "楼栋\n2")) {
            assertThrows<QuanyuException.NotFound> { net.unit(id) }
            assertThrows<QuanyuException.NotFound> { net.person(id) }
        }
        val e = assertThrows<QuanyuException.Validation> {
            net.apply(listOf(Change.AddUnit(UnitRecord(id = "", level = "Grid", parent = "A"))))
        }
        assertEquals("id", e.problems.single().field)
        // Control characters are refused in ids (they cannot be told apart when shown), not in
        // names.
        val control = assertThrows<QuanyuException.Validation> {
            net.apply(listOf(Change.AddUnit(UnitRecord(id = "🏠\u0000", level = "Building", parent = "G"))))
        }
        assertEquals("id", control.problems.single().field)
        net.apply(listOf(Change.AddUnit(UnitRecord(id = "🏠", name = "\u0000", level = "Building", parent = "G"))))
        assertEquals("\u0000", net.unit("🏠").name)
    }

    @Test
    fun `dates of every shape come back as they went`() {
        val net = small()
        // Every year the core keeps (1 to 9999) comes back as it went.
        val days = listOf(LocalDate.of(1, 1, 1), LocalDate.of(2024, 2, 29), LocalDate.of(9999, 12, 31))
        val post = { d: LocalDate -> Change.AddPost(PostRecord(person = "P", role = Role.VOLUNTEER, unit = "B", start = d)) }
        net.apply(days.map(post))
        assertEquals(days.sorted(), net.postRecords().map { it.start }.sorted())
        // The others (signed, read by java.time) reach the core whole and are refused, each.
        val outside = listOf(LocalDate.of(10000, 1, 1), LocalDate.of(-1, 6, 15), LocalDate.of(0, 3, 1))
        val e = assertThrows<QuanyuException.Validation> { net.apply(outside.map(post)) }
        assertEquals(listOf("10000", "-1", "0"), e.problems.map { it.message.substringAfter("in year ").substringBefore(";") })
        assertEquals(days.size, net.postRecords().size)
    }
}

package dev.quanyu

import dev.quanyu.Fixtures.community
import dev.quanyu.Fixtures.day
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import java.nio.file.Files
import java.nio.file.Path

class NetworkTest {
    @Test
    fun `opens from snapshot bytes, text and file, and saves atomically`(@TempDir dir: Path) {
        val fromBytes = Network.fromJsonBytes(Fixtures.snapshot)
        assertEquals(community.unitCount(), fromBytes.unitCount())
        assertEquals(community.personCount(), fromBytes.personCount())
        assertEquals(community.organisationCount(), fromBytes.organisationCount())
        assertEquals(community.taskCount(), fromBytes.taskCount())

        val text = community.toJson()
        assertEquals(text, String(community.toJsonBytes(), Charsets.UTF_8))
        assertEquals(text, Network.fromJson(text).toJson())

        val file = dir.resolve("community.json")
        community.save(file.toString())
        assertTrue(Files.size(file) > 1_000_000)
        assertEquals(text, Network.load(file.toString()).toJson())
        // Saving again replaces the file whole; nothing is left beside it.
        community.save(file.toString())
        assertEquals(listOf(file), Files.list(dir).use { it.toList() })

        // The binary form: smaller, the same network, opened by the same calls.
        val binary = community.toBinary()
        assertTrue(binary.size < Fixtures.snapshot.size)
        assertEquals(text, Network.fromSnapshotBytes(binary).toJson())
        assertEquals(text, Network.fromSnapshotBytes(Fixtures.snapshot).toJson())
        val binFile = dir.resolve("community.qyb")
        community.saveBinary(binFile.toString())
        assertEquals(text, Network.loadBinary(binFile.toString()).toJson())
        assertEquals(text, Network.loadSnapshot(binFile.toString()).toJson())
        assertEquals(text, Network.fromBinary(Network.loadSnapshot(binFile.toString()).toBinary()).toJson())
        assertThrows<QuanyuException.Parse> { Network.load(binFile.toString()) }
        val damaged = binary.copyOf().also { it[it.size - 1] = (it[it.size - 1] + 1).toByte() }
        assertThrows<QuanyuException.Parse> { Network.fromSnapshotBytes(damaged) }
        // Byte arrays of every size cross whole, both ways: the binary snapshot of an empty
        // network, a one-byte array, an empty one, and the community's above.
        val empty = Network().toBinary()
        assertEquals(Network().toJson(), Network.fromSnapshotBytes(empty).toJson())
        assertTrue(Network.fromSnapshotBytes(empty.copyOf()).toBinary().contentEquals(empty))
        assertTrue(Network.fromSnapshotBytes(binary).toBinary().contentEquals(binary))
        assertThrows<QuanyuException.Parse> { Network.fromSnapshotBytes(ByteArray(1)) }
        assertThrows<QuanyuException.Parse> { Network.fromSnapshotBytes(ByteArray(0)) }
    }

    @Test
    fun `CSV tables out and back in`(@TempDir dir: Path) {
        val net = Network()
        net.apply(listOf(
            Change.AddUnit(UnitRecord(id = "S", name = "滨江街道", level = "Subdistrict")),
            Change.AddUnit(UnitRecord(id = "A", level = "Area", parent = "S")),
            Change.AddUnit(UnitRecord(id = "G", level = "Grid", parent = "A", gridKind = GridKind.COMMUNITY)),
            Change.AddUnit(UnitRecord(id = "B", level = "Building", parent = "G")),
            Change.AddUnit(UnitRecord(id = "H", level = "Household", parent = "B", residents = 3)),
            Change.AddPerson(PersonRecord(id = "P", name = "王芳", home = "H")),
            Change.AddPost(PostRecord(person = "P", role = Role.VOLUNTEER, unit = "B", start = Fixtures.day)),
        ))
        net.exportCsv(dir.toString())
        assertTrue(Files.exists(dir.resolve("units.csv")) && Files.exists(dir.resolve("posts.csv")))
        val back = Network()
        val summary = back.importCsv(dir.toString())
        assertTrue(summary.added > net.unitCount())
        assertEquals(net.unitRecords(), back.unitRecords())
        assertEquals(net.postRecords(), back.postRecords())
        assertEquals(net.personRecords(), back.personRecords())
        // Importing the same tables again is refused whole: every id is taken.
        assertThrows<QuanyuException.Validation> { back.importCsv(dir.toString()) }
        assertThrows<QuanyuException.Io> { back.importCsv(dir.resolve("missing").toString()) }
        // A grid's extract has a grid without its area: as a table row, a missing parent is a
        // mistake, and the import is refused whole.
        val part = dir.resolve("part")
        Fixtures.phone.exportCsv(part.toString())
        val orphan = assertThrows<QuanyuException.Validation> { Network().importCsv(part.toString()) }
        assertEquals(Fixtures.grid.id, orphan.problems.single().id)
        assertEquals("parent", orphan.problems.single().field)
    }

    @Test
    fun `bad snapshots and files are errors, not crashes`(@TempDir dir: Path) {
        val missing = assertThrows<QuanyuException.Io> { Network.load(dir.resolve("none.json").toString()) }
        assertEquals("NotFound", missing.kind)
        assertTrue(missing.path.endsWith("none.json"))

        val noDir = assertThrows<QuanyuException.Io> { community.save(dir.resolve("no/such/dir/x.json").toString()) }
        assertEquals("NotFound", noDir.kind)

        val garbage = assertThrows<QuanyuException.Parse> { Network.fromJsonBytes("{ not json".toByteArray()) }
        assertEquals(1L, garbage.line)
        assertEquals("snapshot", garbage.sourceName)

        val future = assertThrows<QuanyuException.Parse> { Network.fromJson("""{"format": "quanyu/9"}""") }
        assertTrue(future.toString().contains("quanyu/9"), future.toString())

        assertThrows<QuanyuException.Parse> { Network.fromJsonBytes(ByteArray(0)) }
        assertThrows<QuanyuException.Parse> { Network.fromJsonBytes(byteArrayOf(0xff.toByte(), 0xfe.toByte(), 0)) }

        // A hand-edited snapshot with a dangling reference is refused with the problem named.
        val dangling = Network().toJson().replace("\"units\":[]",
            "\"units\":[{\"id\":\"G\",\"level\":\"Grid\",\"parent\":\"nowhere\"}]")
        val e = assertThrows<QuanyuException.Validation> { Network.fromJson(dangling) }
        assertEquals("G", e.problems.single().id)
        assertEquals("parent", e.problems.single().field)
        assertNotNull(e.problems.single().origin)
    }

    @Test
    fun `empty networks and level schemes`() {
        val empty = Network()
        assertEquals(0L, empty.unitCount())
        assertEquals(
            listOf("Subdistrict", "Area", "Grid", "Compound", "Building", "ResponsibilityZone", "Household"),
            empty.levels().map { it.name },
        )
        val divisions = Network.withScheme(listOf(
            LevelDef("Province"),
            LevelDef("City", listOf("Province")),
            LevelDef("County", listOf("City"), Proximity.SAME_AREA),
        ))
        assertEquals(listOf("Province", "City", "County"), divisions.levels().map { it.name })
        assertEquals(Proximity.SAME_AREA, divisions.levels()[2].proximity)
        // Children before parents, or no levels at all: refused.
        assertThrows<QuanyuException.Validation> {
            Network.withScheme(listOf(LevelDef("City", listOf("Province")), LevelDef("Province")))
        }
        assertThrows<QuanyuException> { Network.withScheme(emptyList()) }
    }

    @Test
    fun `look-ups by id`() {
        val unit = community.units().first()
        assertEquals(unit, community.unit(unit.id))
        assertTrue(community.containsUnit(unit.id))
        assertFalse(community.containsUnit("no such unit"))

        val org = community.organisations().first()
        assertEquals(org, community.organisation(org.id))
        val person = community.persons().first()
        assertEquals(person.id, community.person(person.id).id)
        val task = community.tasks().first()
        assertEquals(task, community.task(task.id))

        assertEquals(community.unitCount(), community.units().size.toLong())
        assertEquals(community.organisationCount(), community.organisations().size.toLong())
        assertEquals(community.personCount(), community.persons().size.toLong())
        assertEquals(community.taskCount(), community.tasks().size.toLong())

        for ((kind, call) in listOf<Pair<String, () -> Any>>(
            "unit" to { community.unit("nope") },
            "organisation" to { community.organisation("nope") },
            "person" to { community.person("nope") },
            "task" to { community.task("nope") },
        )) {
            val e = assertThrows<QuanyuException.NotFound> { call() }
            assertEquals(kind, e.kind)
            assertEquals("nope", e.id)
            assertEquals("$kind `nope` not found", e.toString())
        }
    }

    @Test
    fun `look-ups by name prefix`() {
        val grid = community.unitsByLevel("Grid").first()
        val prefix = grid.name.take(2)
        val named = community.unitsNamed(prefix, 5)
        assertTrue(named.isNotEmpty() && named.size <= 5)
        assertTrue(named.all { it.name.startsWith(prefix) })

        val someone = community.persons().first()
        val surname = someone.name.take(1)
        val people = community.personsNamed(surname, 3)
        assertTrue(people.isNotEmpty() && people.size <= 3)
        assertTrue(people.all { it.name.startsWith(surname) })

        assertEquals(emptyList<GovernanceUnit>(), community.unitsNamed(prefix, 0))
        assertEquals(emptyList<Person>(), community.personsNamed("no one is called this", 10))
        val e = assertThrows<QuanyuException.InvalidArgument> { community.unitsNamed(prefix, -1) }
        assertEquals("limit", e.name)
        assertThrows<QuanyuException.InvalidArgument> { community.personsNamed(surname, Int.MIN_VALUE) }
    }

    @Test
    fun `the unit tree`() {
        val root = community.roots().single()
        assertEquals("Subdistrict", root.level)
        assertNull(community.parent(root.id))
        assertEquals(0L, community.depth(root.id))
        assertEquals(community.unitCount(), community.subtreeSize(root.id))
        assertEquals(community.unitCount() - 1, community.descendants(root.id).size.toLong())
        assertTrue(community.children(root.id).all { it.level == "Area" })

        val households = community.unitsByLevel("Household")
        val (a, b) = households[0] to households[1]
        val up = community.ancestors(a.id)
        assertEquals("Building", up.first().level)
        assertEquals(root, up.last())
        assertEquals(up.first(), community.parent(a.id))
        assertTrue(community.isAncestor(root.id, a.id))
        assertFalse(community.isAncestor(a.id, root.id))
        assertEquals(up.first(), community.lowestCommonAncestor(a.id, b.id))
        assertEquals(listOf(a, up.first(), b), community.path(a.id, b.id))
        assertEquals(2L, community.treeDistance(a.id, b.id))
        assertEquals(Proximity.SAME_BUILDING, community.proximity(a.id, b.id))

        val grids = community.unitsByLevel("Grid")
        assertEquals(21, grids.size)
        assertEquals(2L, community.depth(grids[0].id))
        assertEquals(15, community.unitsByKind(GridKind.COMMUNITY).size)
        assertEquals(6, community.unitsByKind(GridKind.BUSINESS_DISTRICT).size)
        assertEquals(grids, community.unitsIn(root.id, "Grid"))
        assertTrue(community.unitsIn(grids[0].id, "Building").isNotEmpty())
        assertTrue(households.all { it.residents >= 0 })

        val level = assertThrows<QuanyuException.NotFound> { community.unitsByLevel("Province") }
        assertEquals("level", level.kind)
        assertThrows<QuanyuException.NotFound> { community.unitsIn("nope", "Grid") }
        assertThrows<QuanyuException.NotFound> { community.children("nope") }
        assertThrows<QuanyuException.NotFound> { community.ancestors("nope") }
        assertThrows<QuanyuException.NotFound> { community.descendants("nope") }
        assertThrows<QuanyuException.NotFound> { community.isAncestor(root.id, "nope") }
        assertThrows<QuanyuException.NotFound> { community.lowestCommonAncestor("nope", root.id) }
        assertThrows<QuanyuException.NotFound> { community.path(root.id, "nope") }
        assertThrows<QuanyuException.NotFound> { community.treeDistance(root.id, "nope") }
        assertThrows<QuanyuException.NotFound> { community.proximity(root.id, "nope") }
        assertThrows<QuanyuException.NotFound> { community.subtreeSize("nope") }
        assertThrows<QuanyuException.NotFound> { community.depth("nope") }
        assertThrows<QuanyuException.NotFound> { community.parent("nope") }
    }

    @Test
    fun `organisations, posts and people`() {
        val wc = community.organisations().first()
        assertEquals(OrganisationKind.WORKING_COMMITTEE, wc.kind)
        assertNull(community.parentOrganisation(wc.id))
        assertEquals(community.roots().single(), community.anchor(wc.id))
        val below = community.childOrganisations(wc.id)
        assertTrue(below.isNotEmpty())
        assertEquals(wc, community.parentOrganisation(below[0].id))
        assertTrue(community.organisationsAt(community.roots().single().id).contains(wc))

        val everyone = community.members(wc.id, day, Scope.SUBTREE)
        val direct = community.members(wc.id, day, Scope.DIRECT)
        assertTrue(everyone.size > direct.size)

        val grid = Fixtures.grid
        val leaders = community.postsAtUnit(grid.id, day, Role.GRID_LEADER)
        assertTrue(leaders.all { it.role == Role.GRID_LEADER && !it.start.isAfter(day) })
        assertTrue(community.postsAtUnit(grid.id, day).size >= leaders.size) // the role defaults to any
        community.postsAtOrganisation(wc.id, day, null)
        assertThrows<QuanyuException.NotFound> { community.postsAtOrganisation("nope", day, null) }

        val resident = community.residents(Fixtures.building.id).first()
        val home = community.home(resident.id)
        assertNotNull(home)
        assertTrue(community.isAncestor(Fixtures.building.id, home!!.id) || home.id == Fixtures.building.id)
        community.workplace(resident.id)
        assertTrue(community.postsOf(leaders.first().person.id).any { it.role == Role.GRID_LEADER })
        community.membershipsOf(resident.id)

        val task = community.tasks().first()
        assertNotNull(community.taskUnit(task.id))
        assertNotNull(community.layerGrid(Fixtures.building.id, GridLayer.POLICING))
        assertThrows<QuanyuException.NotFound> { community.home("nope") }
        assertThrows<QuanyuException.NotFound> { community.layerGrid("nope", GridLayer.POLICING) }
    }

    @Test
    fun `who is responsible, and the households I contract`() {
        val who = community.responsibleFor(Fixtures.building.id, day)
        assertEquals(Fixtures.building.id, who.unit)
        assertEquals(Fixtures.grid.id, who.grid)
        assertTrue(who.gridLeaders.isNotEmpty())
        assertNotNull(who.gridBranch)

        val contract = community.contractRecords().first { it.end == null }
        val mine = community.contractsHeld(contract.holder, day)
        assertTrue(mine.all { it.holder == contract.holder })
        val on = community.contractsOn(contract.target, day)
        assertTrue(on.all { it.target == contract.target })
        assertThrows<QuanyuException.NotFound> { community.contractsHeld("nope", day) }
        assertThrows<QuanyuException.NotFound> { community.contractsOn("nope", day) }
        assertThrows<QuanyuException.NotFound> { community.responsibleFor("nope", day) }
    }

    @Test
    fun `a scoped extract answers as the server does`() {
        val phone = Fixtures.phone
        assertEquals(community.subtreeSize(Fixtures.grid.id), phone.unitCount())
        assertEquals(listOf(Fixtures.grid), phone.roots())
        for (b in phone.unitsByLevel("Building")) {
            assertEquals(community.responsibleFor(b.id, day), phone.responsibleFor(b.id, day))
        }
        assertTrue(phone.personCount() < community.personCount())
        // The extract travels as bytes and opens on the phone.
        assertEquals(phone.toJson(), Network.fromJsonBytes(phone.toJsonBytes()).toJson())
        assertThrows<QuanyuException.NotFound> { community.extract("nope") }
    }

    @Test
    fun `record exports`() {
        assertEquals(community.unitCount(), community.unitRecords().size.toLong())
        assertEquals(community.organisationCount(), community.organisationRecords().size.toLong())
        assertEquals(community.personCount(), community.personRecords().size.toLong())
        assertEquals(community.taskCount(), community.taskRecords().size.toLong())
        assertTrue(community.membershipRecords().isNotEmpty())
        assertTrue(community.postRecords().isNotEmpty())
        assertTrue(community.gridLayerRecords().isNotEmpty())
        assertTrue(community.leadRecords().isNotEmpty())
        assertTrue(community.serviceRecords().isNotEmpty())
        assertTrue(community.contractRecords().isNotEmpty())
        assertNull(community.unitRecords().first().parent)
    }

    @Test
    fun `personal fields never show in toString`() {
        val withPhone = community.personRecords().first { it.phone != null }
        // The look-up of one person is in-process: the value is there, behind `expose()`.
        val person = community.person(withPhone.id)
        val phone = person.phone!!.expose()
        assertTrue(phone.isNotEmpty())
        assertEquals("***", withPhone.phone.toString())
        assertFalse(withPhone.toString().contains(phone), withPhone.toString())
        assertFalse(person.toString().contains(phone))
        // The table of persons is a path out: masked by default.
        assertEquals(mask(Mask.PHONE, phone), withPhone.phone!!.expose())
        // Values, compared by content.
        assertEquals(Sensitive("13800000000"), Sensitive("13800000000"))
        assertEquals(Sensitive("1").hashCode(), Sensitive("1").hashCode())
        assertFalse(Sensitive("1") == Sensitive("2"))
    }
}

package dev.quanyu

import java.time.LocalDate

/** The synthetic community, built once per test JVM, and private copies of it for tests that change it. */
object Fixtures {
    /** The day the synthetic networks describe (2024-10-13). */
    val day: LocalDate = synthReferenceDate()

    /** One subdistrict: 21 grids, ~400 buildings, ~23,000 households. Read-only in tests. */
    val community: Network by lazy { synthCommunity(2024L) }

    /** Its snapshot, as a server would send it. */
    val snapshot: ByteArray by lazy { community.toJsonBytes() }

    /** A private copy of the community, for a test that commits changes. */
    fun copy(): Network = Network.fromJsonBytes(snapshot)

    /** The first grid that has a building with a grid branch anchored on the grid. */
    val grid: GovernanceUnit by lazy {
        community.unitsByLevel("Grid").first { g ->
            community.organisationsAt(g.id).any { it.kind == OrganisationKind.GRID_BRANCH } &&
                community.unitsIn(g.id, "Building").isNotEmpty()
        }
    }

    /** A building of [grid]. */
    val building: GovernanceUnit by lazy { community.unitsIn(grid.id, "Building").first() }

    /** The scoped extract of [grid]: what a grid worker's phone holds. */
    val phone: Network by lazy { community.extract(grid.id) }

    /**
     * A small network of its own, one unit per level down to household `H` (in building `B`,
     * grid `G`), with [more] applied in the same edit: for tests that name their own persons.
     */
    fun household(vararg more: Change): Network {
        val net = Network()
        net.apply(listOf(
            Change.AddUnit(UnitRecord(id = "S", level = "Subdistrict")),
            Change.AddUnit(UnitRecord(id = "A", level = "Area", parent = "S")),
            Change.AddUnit(UnitRecord(id = "G", level = "Grid", parent = "A")),
            Change.AddUnit(UnitRecord(id = "B", level = "Building", parent = "G")),
            Change.AddUnit(UnitRecord(id = "H", level = "Household", parent = "B", residents = 2)),
        ) + more)
        return net
    }
}

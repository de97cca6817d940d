package dev.quanyu

import java.time.LocalDate
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** Retention: a purge removes the personal fields of persons who left, once kept long enough. */
class PurgeTest {
    private val asOf: LocalDate = LocalDate.of(2026, 6, 30)

    private fun person(id: String, movedOut: LocalDate? = null, home: String? = null) = PersonRecord(
        id = id, home = home, phone = Sensitive("13800000001"),
        idNumber = Sensitive("11010519491231002X"), movedOut = movedOut,
    )

    private fun network(): Network = Fixtures.household(
        Change.AddPerson(person("resident", home = "H")),
        Change.AddPerson(person("gone4", movedOut = LocalDate.of(2022, 6, 30))),
        Change.AddPerson(person("gone2", movedOut = LocalDate.of(2024, 6, 30))),
        Change.AddPerson(person("leader")),
        Change.AddPost(PostRecord(person = "leader", role = Role.GRID_LEADER, unit = "G", start = LocalDate.of(2020, 1, 1))),
        Change.AddPerson(person("undated")),
    )

    @Test
    fun `a purge removes what is past its retention and reports whom it cannot date`() {
        val net = network()
        val report = net.purge(asOf, "ops-01")
        assertEquals(asOf, report.asOf)
        assertEquals(
            setOf("gone4" to "phone", "gone4" to "id_number", "gone2" to "id_number"),
            report.removed.map { it.person to it.field }.toSet(),
        )
        assertEquals(LocalDate.of(2022, 6, 30), report.removed.first { it.person == "gone4" }.lastLinkEnd)
        assertEquals(listOf("undated"), report.undated)
        assertNull(net.person("gone4").phone)
        assertNotNull(net.person("gone2").phone)
        assertNull(net.person("gone2").idNumber)
        assertNotNull(net.person("leader").idNumber)
        assertNotNull(net.person("resident").idNumber)
        assertEquals(LocalDate.of(2022, 6, 30), net.person("gone4").movedOut)
        // A second purge on the same day finds nothing more.
        val json = net.toJson()
        assertTrue(net.purge(asOf, "ops-01").removed.isEmpty())
        assertEquals(json, net.toJson())
    }

    @Test
    fun `a refused purge changes nothing`() {
        val net = network()
        val before = net.toJson()
        val e = assertThrows<QuanyuException.InvalidArgument> { net.purge(asOf, " ") }
        assertEquals("who", e.name)
        assertEquals(before, net.toJson())
    }
}

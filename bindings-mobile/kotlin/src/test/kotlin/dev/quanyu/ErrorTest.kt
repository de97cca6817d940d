package dev.quanyu

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** The one exception type, its cases and its text. */
class ErrorTest {
    @Test
    fun `every case is a QuanyuException with the Rust message`() {
        val net = Fixtures.phone
        val cases: List<Pair<() -> Any, String>> = listOf(
            { net.unit("G-99") } to "unit `G-99` not found",
            { net.unitsNamed("", -2) } to "invalid argument `limit`: must not be negative, got -2",
            { Network.load("/no/such/file.json") } to "/no/such/file.json: No such file or directory (os error 2)",
            { Network.fromJson("") } to "snapshot:1: EOF while parsing a value at line 1 column 0",
        )
        for ((call, text) in cases) {
            val e = assertThrows<QuanyuException> { call() }
            assertEquals(text, e.toString())
        }
    }

    @Test
    fun `validation problems carry id, field and message`() {
        val net = Network()
        val e = assertThrows<QuanyuException.Validation> {
            net.apply(listOf(Change.AddUnit(UnitRecord(id = "G", level = "Grid", parent = "nowhere"))))
        }
        val p = e.problems.single()
        assertEquals("G", p.id)
        assertEquals("parent", p.field)
        assertTrue(p.message.contains("nowhere"), p.message)
        assertEquals("1 problem found, nothing changed\n  `G`.parent: ${p.message}", e.toString())
        // `message` lists the fields (uniffi builds it); `toString()` is the Rust text.
        assertTrue(e.message!!.startsWith("problems="))
    }

    @Test
    fun `exceptions are catchable as plain Exceptions`() {
        val caught = try {
            Fixtures.phone.person("nobody")
            null
        } catch (e: Exception) {
            e
        }
        assertTrue(caught is QuanyuException.NotFound)
    }
}

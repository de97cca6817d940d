package dev.quanyu

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import java.io.File
import java.time.LocalDate
import java.time.LocalDateTime

/**
 * No personal value leaves by a default path (PIPL: masked by default, purpose-bound unmasking).
 *
 * A network holds persons with known phone and ID numbers, and an event book an event with a
 * known reporter and description and a transition with a known note. Every default path out is
 * scanned for those values, which must not appear in full:
 * - `toString()` of every record the app gets: `persons()`, `person(id)`, `residents(unit)`,
 *   `events()`, `transitions()`, and of records the app makes;
 * - the data of `persons()` and `personRecords()` (phone and ID numbers masked unless revealed);
 * - the JSON of `toOpen311(at)`;
 * - the CSV files of `exportCsv(dir)`;
 * - `accessLog()` and `accessLogCsv()` after a reveal;
 * - error messages: a bad phone holding the known number, a JSON snapshot holding the phone, or
 *   the ID number, as a JSON number.
 *
 * Storage is exempt by design, and the test asserts that it DOES keep the full values:
 * `toJson()`, `toBinary()` and `backup(path, who)`.
 */
class NoLeaksTest {
    private val phone = "13812345678"
    private val idNumber = "440305201203150019" // valid: born 2012-03-15 (as in IdentityTest)
    private val reporter = "王小明"
    private val description = "三号楼楼道堆放杂物无人清理"
    private val note = "已电话联系住户李大爷"
    private val secrets = listOf(phone, idNumber, reporter, description, note)
    private val day: LocalDate = LocalDate.of(2024, 1, 1)

    private fun at(hour: Int) = LocalDateTime.of(2024, 3, 4, hour, 0)

    private fun assertClean(text: String, where: String) {
        for (secret in secrets) {
            assertFalse(text.contains(secret), "$where shows $secret in full: $text")
        }
    }

    private fun network(): Network = Fixtures.household(
        Change.AddPerson(PersonRecord(id = "PX", home = "H", phone = Sensitive(phone), idNumber = Sensitive(idNumber))),
        Change.AddPerson(PersonRecord(id = "W1")),
        Change.AddPost(PostRecord(person = "W1", role = Role.GRID_WORKER, unit = "G", start = day)),
    )

    private fun book(net: Network): EventBook {
        val book = EventBook(net, "five_step")
        book.report(
            EventRecord(
                id = "E1", category = "environment", channel = Channel.HOTLINE, unit = "H",
                severity = Severity.LOW, reportedAt = at(9),
                reporter = Sensitive(reporter), description = Sensitive(description),
            ),
        )
        book.transition(TransitionRecord(event = "E1", action = "discover", actor = "W1", at = at(10), note = Sensitive(note)))
        return book
    }

    @Test
    fun `the values are there to leak`() {
        val net = network()
        val book = book(net)
        assertEquals(phone, net.person("PX").phone!!.expose())
        assertEquals(description, book.events().single().description!!.expose())
        assertEquals(reporter, book.events().single().reporter!!.expose())
        assertEquals(note, book.transitions().single().note!!.expose())
    }

    @Test
    fun `records print masked`() {
        val net = network()
        val book = book(net)
        val records = buildList<Any> {
            addAll(net.persons())
            addAll(net.personRecords())
            add(net.person("PX"))
            addAll(net.residents("H"))
            addAll(book.events())
            addAll(book.transitions())
            add(PersonRecord(id = "PZ", phone = Sensitive(phone), idNumber = Sensitive(idNumber)))
        }
        for (r in records) {
            assertClean(r.toString(), "toString of ${r::class.simpleName}")
        }
    }

    @Test
    fun `persons are masked unless revealed, and a reveal is logged`() {
        val net = network()
        val px = net.persons().single { it.id == "PX" }
        assertEquals("138****5678", px.phone!!.expose())
        assertEquals("4***************19", px.idNumber!!.expose())
        assertEquals("138****5678", net.personRecords().single { it.id == "PX" }.phone!!.expose())
        assertTrue(net.accessLog().isEmpty())
        val shown = net.persons(Reveal(who = "w1", purpose = "grid_service", fields = listOf("phone")))
        assertEquals(phone, shown.single { it.id == "PX" }.phone!!.expose())
        assertEquals("4***************19", shown.single { it.id == "PX" }.idNumber!!.expose())
        val entry = net.accessLog().single()
        assertEquals(listOf("w1", "grid_service", "persons"), listOf(entry.who, entry.purpose, entry.table))
        assertTrue(entry.records.contains("PX"))
        assertClean(net.accessLog().toString() + net.accessLogCsv(), "the access log")
        val e = assertThrows<QuanyuException.InvalidArgument> {
            net.persons(Reveal(who = "w1", purpose = "curiosity", fields = listOf("phone")))
        }
        assertEquals("purpose", e.name)
        assertEquals(1, net.accessLog().size)
    }

    @Test
    fun `open311 and csv exports are masked`(@TempDir dir: File) {
        val net = network()
        val book = book(net)
        val text = book.toOpen311(at(12))
        assertClean(text, "toOpen311")
        assertTrue(text.contains(""""description":"***""""), text)
        net.exportCsv(dir.path)
        val files = dir.listFiles()!!.toList()
        assertTrue(files.any { it.name == "persons.csv" })
        for (f in files) {
            assertClean(f.readText(), f.name)
        }
    }

    @Test
    fun `error messages are masked`() {
        val net = network()
        val bad = assertThrows<QuanyuException.Validation> {
            net.apply(listOf(Change.AddPerson(PersonRecord(id = "PB", phone = Sensitive(phone + "9")))))
        }
        assertClean(bad.toString() + bad.message + bad.problems.toString(), "a bad phone's error")
        val snapshot = net.toJson()
        for (number in listOf(phone, idNumber)) {
            assertTrue(snapshot.contains("\"$number\""))
            val e = assertThrows<QuanyuException> { Network.fromJson(snapshot.replaceFirst("\"$number\"", number)) }
            assertClean(e.toString() + e.message, "a snapshot's parse error")
        }
    }

    @Test
    fun `storage keeps every value by design`(@TempDir dir: File) {
        val net = network()
        assertTrue(net.toJson().contains(phone) && net.toJson().contains(idNumber))
        assertEquals(phone, Network.fromBinary(net.toBinary()).person("PX").phone!!.expose())
        val path = File(dir, "net.qyb").path
        net.backup(path, "ops-1")
        assertEquals(idNumber, Network.loadBinary(path).person("PX").idNumber!!.expose())
        assertEquals(AccessAction.BACKUP, net.accessLog().last().action)
    }
}

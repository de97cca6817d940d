package dev.quanyu

import dev.quanyu.Fixtures.community
import dev.quanyu.Fixtures.day
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.time.LocalDateTime

/** Open311 GeoReport v2 on the JVM: services and requests as JSON, masking, the round trip, bad rows. */
class Open311Test {
    private val grid = community.unitsByLevel("Grid").first { g ->
        community.postsAtUnit(g.id, day, Role.GRID_WORKER).isNotEmpty()
    }
    private val worker = community.postsAtUnit(grid.id, day, Role.GRID_WORKER).first().person.id

    private fun at(hour: Int) = LocalDateTime.of(2024, 10, 14, hour, 0)

    private val shown = Reveal(who = "hotline-3", purpose = "grid_service", fields = listOf("description"))

    private fun book(): EventBook {
        val book = EventBook(community, "five_step")
        book.report(
            EventRecord(
                id = "E1", category = "environment", channel = Channel.HOTLINE, unit = grid.id,
                severity = Severity.LOW, reportedAt = at(9), description = Sensitive("垃圾桶满溢"),
                attachments = listOf("https://photos.example/e1.jpg"),
            ),
        )
        book.report(
            EventRecord(
                id = "E2", category = "dispute", channel = Channel.HOTLINE, unit = grid.id,
                severity = Severity.LOW, reportedAt = at(10), description = Sensitive("邻里噪声"),
            ),
        )
        book.transition(TransitionRecord(event = "E1", action = "discover", actor = worker, at = at(11)))
        return book
    }

    @Test
    fun `services are the categories with the fields of the standard`() {
        val text = EventBook(community, "five_step").servicesOpen311()
        assertTrue(text.startsWith("""[{"service_code":"grid","service_name":"网格治理""""), text)
        for (field in listOf("description", "metadata", "type", "keywords", "group")) {
            assertTrue(text.contains("\"$field\":"), field)
        }
    }

    @Test
    fun `requests carry the status of the moment and mask the description`() {
        val book = book()
        val masked = book.toOpen311(at(12))
        assertTrue(masked.contains(""""service_request_id":"E1","status":"open","status_notes":"discovered""""), masked)
        assertTrue(masked.contains(""""requested_datetime":"2024-10-14T09:00:00+08:00""""), masked)
        assertTrue(masked.contains(""""updated_datetime":"2024-10-14T11:00:00+08:00""""), masked)
        assertTrue(masked.contains(""""media_url":"https://photos.example/e1.jpg""""), masked)
        assertFalse(masked.contains("垃圾桶满溢"), masked)
        assertTrue(masked.contains(""""description":"***""""), masked)
        assertTrue(book.toOpen311(at(12), reveal = shown).contains("垃圾桶满溢"))
        assertThrows<QuanyuException.InvalidArgument> {
            book.toOpen311(at(12), reveal = Reveal("w", "curiosity", listOf("description")))
        }
        val utc = book.toOpen311(at(12), offsetMinutes = 0)
        assertTrue(utc.contains(""""requested_datetime":"2024-10-14T09:00:00+00:00""""), utc)
        assertThrows<QuanyuException.InvalidArgument> { book.toOpen311(at(12), offsetMinutes = 24 * 60) }
    }

    @Test
    fun `export then import gives back the same events`() {
        val book = book()
        val text = book.toOpen311(at(12), reveal = shown, offsetMinutes = -330)
        val other = EventBook(community, "five_step")
        assertEquals(listOf("E1", "E2"), other.importOpen311(text, offsetMinutes = -330))
        assertEquals(book.events(), other.events())
        assertEquals(emptyList<String>(), other.importOpen311(text, offsetMinutes = -330))
        val referred = EventBook(community, "five_step")
        referred.importOpen311(text, channel = Channel.REFERRAL)
        assertTrue(referred.events().all { it.channel == Channel.REFERRAL })
    }

    @Test
    fun `a bad request names its row, id and field and adds nothing`() {
        val book = EventBook(community, "five_step")
        val text = """[
            {"service_request_id": "R1", "service_code": "dispute", "address_id": "${grid.id}",
             "requested_datetime": "2024-10-14T09:00:00+08:00"},
            {"service_request_id": "R2", "service_code": "potholes", "address_id": "${grid.id}",
             "requested_datetime": "2024-10-14T09:00:00+08:00"}
        ]"""
        val e = assertThrows<QuanyuException.Validation> { book.importOpen311(text) }
        val p = e.problems.single()
        assertEquals("R2", p.id)
        assertEquals("service_code", p.field)
        assertEquals(Origin("service requests", 2L), p.origin)
        assertTrue(book.events().isEmpty())
        val parse = assertThrows<QuanyuException.Parse> { book.importOpen311("{\"not\": \"an array\"}") }
        assertEquals("service requests", parse.sourceName)
    }
}

package dev.quanyu

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** Extracts sealed to a grid worker's key: made on the JVM as a server would, opened with the phone's secret key. */
class ExtractSealTest {
    private val community = Fixtures.community
    private val grid = Fixtures.grid.id
    private val reveal = Reveal(who = "worker-07", purpose = "grid_service", fields = listOf("phone"))

    private fun ByteArray.holds(text: String): Boolean {
        val needle = text.toByteArray()
        return (0..size - needle.size).any { i -> needle.indices.all { this[i + it] == needle[it] } }
    }

    @Test
    fun `a sealed extract opens with the worker's key and holds the extract`() {
        val key = WorkerKey.generate()
        assertTrue(key.recipient().startsWith("age1"))
        assertTrue(key.identity().startsWith("AGE-SECRET-KEY-1"))
        assertFalse(key.toString().contains(key.identity()))
        assertEquals(key.recipient(), WorkerKey.fromIdentity(key.identity()).recipient())

        val sealed = community.sealedExtract(grid, listOf(key.recipient()), reveal)
        val phone = Network.openExtract(sealed, key.identity())
        val plain = community.extractWith(grid, reveal)
        assertEquals(plain.toJson(), phone.toJson())
        assertEquals(community.subtreeSize(grid), phone.unitCount())
        for (b in phone.unitsByLevel("Building")) {
            assertEquals(community.responsibleFor(b.id, Fixtures.day), phone.responsibleFor(b.id, Fixtures.day))
        }
        // Residents' phones travel in full (revealed), inside the sealed bytes only.
        val numbers = phone.personRecords(reveal).mapNotNull { it.phone?.expose() }
        assertTrue(numbers.isNotEmpty())
        assertTrue(numbers.all { plain.toBinary().holds(it) })
        assertTrue(numbers.none { sealed.holds(it) })
        assertTrue(phone.personRecords().all { it.idNumber == null })
        // Two seals of the same extract differ: a new file key each time.
        assertNotEquals(sealed.toList(), community.sealedExtract(grid, listOf(key.recipient()), reveal).toList())
    }

    @Test
    fun `without a reveal no phone number leaves, and outsiders are masked`() {
        val phone = community.extract(grid)
        val server = community.personRecords().associateBy { it.id }
        val inside = (listOf(grid) + community.descendants(grid).map { it.id }).toSet()
        var outsiders = 0
        for (p in phone.personRecords()) {
            assertNull(p.phone)
            assertNull(p.idNumber)
            val full = server.getValue(p.id)
            if (full.home !in inside && full.worksAt !in inside) {
                outsiders++
                assertEquals(mask(Mask.CHINESE_NAME, full.name), p.name)
                assertNull(p.home)
            }
        }
        assertTrue(outsiders > 0)
    }

    @Test
    fun `a wrong key or damaged bytes give a QuanyuException, not a crash`() {
        val key = WorkerKey.generate()
        val sealed = community.sealedExtract(grid, listOf(key.recipient()), null)
        val stranger = WorkerKey.generate()
        val wrong = assertThrows<QuanyuException.InvalidArgument> { Network.openExtract(sealed, stranger.identity()) }
        assertEquals("identity", wrong.name)
        assertFalse(wrong.toString().contains(stranger.identity()))
        assertThrows<QuanyuException.Parse> { Network.openExtract(sealed.copyOf(sealed.size / 2), key.identity()) }
        val flipped = sealed.copyOf().also { it[it.size / 2] = (it[it.size / 2].toInt() xor 1).toByte() }
        assertThrows<QuanyuException> { Network.openExtract(flipped, key.identity()) }
        assertThrows<QuanyuException.InvalidArgument> { Network.openExtract(sealed, "not a key") }
        assertThrows<QuanyuException.InvalidArgument> { WorkerKey.fromIdentity("AGE-SECRET-KEY-1XYZ") }
        assertThrows<QuanyuException.InvalidArgument> { community.sealedExtract(grid, listOf("age1nope"), null) }
        assertThrows<QuanyuException.InvalidArgument> { community.sealedExtract(grid, emptyList(), null) }
    }
}

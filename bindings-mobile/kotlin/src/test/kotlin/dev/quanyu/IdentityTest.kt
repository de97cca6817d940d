package dev.quanyu

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** Resident ID numbers and phone numbers are checked on entry; a refusal never shows them. */
class IdentityTest {
    private fun household(): Network = Fixtures.household()

    @Test
    fun `a bad ID number is a typed validation error naming person and field, not the number`() {
        val net = household()
        val before = net.toJson()
        for (bad in listOf("440305201203150018", "440305201202300019", "99030520120315001X", "4403052012031500")) {
            val e = assertThrows<QuanyuException.Validation> {
                net.apply(listOf(Change.AddPerson(PersonRecord(id = "P", home = "H", idNumber = Sensitive(bad)))))
            }
            val p = e.problems.single()
            assertEquals("P", p.id)
            assertEquals("id_number", p.field)
            assertFalse(p.message.contains(bad), p.message)
            assertFalse(e.toString().contains(bad.substring(2, bad.length - 1)), e.toString())
            assertFalse(e.message!!.contains(bad), e.message)
            assertEquals(before, net.toJson())
        }
    }

    @Test
    fun `a bad phone is refused and good ones of either kind are kept as typed`() {
        val net = household()
        val e = assertThrows<QuanyuException.Validation> {
            net.apply(listOf(Change.AddPerson(PersonRecord(id = "P", home = "H", phone = Sensitive("1380013800")))))
        }
        assertEquals("phone", e.problems.single().field)
        assertFalse(e.toString().contains("1380013800"), e.toString())
        net.apply(listOf(
            Change.AddPerson(PersonRecord(id = "M", home = "H", phone = Sensitive("+86 138 0013 8000"), idNumber = Sensitive("440305201203150019"))),
            Change.AddPerson(PersonRecord(id = "L", home = "H", phone = Sensitive("0571-8888888"))),
        ))
        assertEquals("+86 138 0013 8000", net.person("M").phone!!.expose())
        assertEquals("0571-8888888", net.person("L").phone!!.expose())
        assertTrue(net.person("M").idNumber!!.expose().endsWith("9"))
    }
}

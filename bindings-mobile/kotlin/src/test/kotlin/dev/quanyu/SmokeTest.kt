package dev.quanyu

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

class SmokeTest {
    @Test
    fun opens() {
        Network().use { assertEquals(0L, it.unitCount()) }
    }
}

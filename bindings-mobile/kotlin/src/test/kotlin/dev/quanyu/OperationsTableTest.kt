package dev.quanyu

import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.io.File

/**
 * docs/operations.md names every operation in Rust, Python and Kotlin. This reads its Kotlin
 * column and checks that each name is a class, a method (or a companion's factory) of a class,
 * or a top-level function of the package, so that the table cannot drift from the binding.
 */
class OperationsTableTest {
    private val table = File("../../docs/operations.md")

    /** The backticked names of the Kotlin column of every table in the document. */
    private fun kotlinNames(): List<String> {
        val names = mutableListOf<String>()
        var column = -1
        for (line in table.readLines()) {
            if (!line.startsWith("|")) {
                column = -1
                continue
            }
            val cells = line.trim().trim('|').split("|").map { it.trim() }
            if (column < 0) {
                column = cells.indexOf("Kotlin")
                continue
            }
            if (cells[0].all { it == '-' || it == ' ' } || column >= cells.size) continue
            Regex("`([^`]+)`").findAll(cells[column]).forEach { names += it.groupValues[1] }
        }
        return names
    }

    private fun classOf(name: String): Class<*>? =
        try {
            Class.forName("dev.quanyu.$name")
        } catch (e: ClassNotFoundException) {
            null
        }

    private fun methods(c: Class<*>): Set<String> {
        val companion = classOf(c.simpleName + "\$Companion")
        return (c.methods.map { it.name } + (companion?.methods?.map { it.name } ?: emptyList())).toSet()
    }

    private fun exists(name: String): Boolean {
        val parts = name.split(".")
        return when {
            parts.size == 2 -> classOf(parts[0])?.let { parts[1] in methods(it) } ?: false
            parts[0][0].isUpperCase() -> classOf(parts[0]) != null
            else -> parts[0] in methods(Class.forName("dev.quanyu.QuanyuKt"))
        }
    }

    @Test
    fun everyKotlinNameInTheTableExists() {
        val names = kotlinNames()
        assertTrue(names.size >= 60, "only ${names.size} Kotlin names found in ${table.path}")
        val missing = names.filterNot { exists(it) }
        assertTrue(missing.isEmpty(), "not in the Kotlin binding: $missing")
    }

    @Test
    fun aNameThatIsNotThereIsCaught() {
        assertTrue(!exists("Network.noSuchOperation") && !exists("noSuchFunction") && !exists("NoSuchClass"))
    }
}

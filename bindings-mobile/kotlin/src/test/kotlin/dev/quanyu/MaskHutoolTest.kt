package dev.quanyu

import cn.hutool.core.util.CharUtil
import cn.hutool.core.util.DesensitizedUtil
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.util.Random

/**
 * quanyu's masks of personal values against Hutool 5.8.38's `DesensitizedUtil`, the reference
 * the rules follow, on a few thousand values drawn from a seeded generator: empty, one to three
 * characters, blank, digits with and without separators, Chinese, e-mail-like and mixed text.
 *
 * Values holding characters beyond the Basic Multilingual Plane (emoji, CJK Extension B) are
 * left out of the comparison for every rule but the name's: quanyu counts such a character
 * once, where Hutool measures lengths in UTF-16 code units but replaces by code points (see
 * `quanyu::privacy::mask`). For them this test checks quanyu's own rule instead.
 */
class MaskHutoolTest {
    /** Each Hutool rule and the quanyu mask that follows it. */
    private val rules: List<Triple<String, Mask, (String) -> String>> = listOf(
        Triple("mobilePhone", Mask.MOBILE, { s -> DesensitizedUtil.mobilePhone(s) }),
        Triple("fixedPhone", Mask.LANDLINE, { s -> DesensitizedUtil.fixedPhone(s) }),
        Triple("idCardNum", Mask.ID_NUMBER, { s -> DesensitizedUtil.idCardNum(s, 1, 2) }),
        Triple("chineseName", Mask.CHINESE_NAME, { s -> DesensitizedUtil.chineseName(s) }),
        Triple("address", Mask.ADDRESS, { s -> DesensitizedUtil.address(s, 8) }),
        Triple("email", Mask.EMAIL, { s -> DesensitizedUtil.email(s) }),
        Triple("bankCard", Mask.BANK_CARD, { s -> DesensitizedUtil.bankCard(s) }),
    )

    private val blanks = " \t\n\r\u000B\u000C\u001C\u001F\u00A0\u1680\u2000\u2007\u200A\u2028\u2029\u202F\u205F" +
        "\u3000\uFEFF\u202A\u0000\u3164\u2800\u200C\u180E"
    private val nearBlanks = "\u0085\u200B\u200D\u2060\u00AD"
    private val digits = "0123456789"
    private val latin = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    private val chinese = "张王李赵刘陈杨黄吴周欧阳司马诸葛北京上海市区县街道路号楼单元室巷弄村镇社区网格"
    private val punctuation = "@.-_+#()（）：，。"
    private val fullWidth = "０１２３４５６７８９"
    private val astral = listOf("😀", "👍🏽", "𠀀", "𪚥", "🇨🇳")

    private fun Random.pick(chars: String): Char = chars[nextInt(chars.length)]

    private fun Random.text(length: Int, alphabet: String): String =
        buildString { repeat(length) { append(pick(alphabet)) } }

    /** One generated value: the shape is drawn first, then its characters. */
    private fun Random.value(): String = when (nextInt(12)) {
        0 -> ""
        1 -> text(1 + nextInt(3), digits + latin + chinese + punctuation + blanks)
        2 -> text(1 + nextInt(4), blanks)
        3 -> "1" + text(10, digits)
        4 -> "0" + text(2 + nextInt(2), digits) + (if (nextBoolean()) "-" else "") + text(7 + nextInt(2), digits)
        5 -> text(nextInt(20), digits + " -")
        6 -> text(17, digits) + pick("0123456789X")
        7 -> text(1 + nextInt(4), chinese)
        8 -> text(nextInt(25), chinese + digits)
        9 -> text(nextInt(8), latin + digits + ".") + (if (nextInt(5) > 0) "@" else "") + text(nextInt(10), latin + ".")
        10 -> text(nextInt(24), digits + latin + chinese + punctuation + fullWidth + blanks + nearBlanks)
        else -> buildString {
            repeat(nextInt(12)) {
                if (nextInt(4) == 0) append(astral[nextInt(astral.size)]) else append(pick(digits + chinese + "@ "))
            }
        }
    }

    private fun hasAstral(s: String) = s.any { Character.isSurrogate(it) }

    @Test
    fun `masks agree with Hutool on generated values`() {
        val random = Random(20240601L)
        val values = listOf("", " ", "1", "12", "123", "张", "张三", "a@b", "@", "😀") + List(4000) { random.value() }
        var compared = 0
        val mismatches = mutableListOf<String>()
        for (value in values) {
            for ((name, kind, hutool) in rules) {
                val ours = mask(kind, value)
                // Characters beyond the BMP: only the name's rule is compared (see the class doc).
                if (hasAstral(value) && kind != Mask.CHINESE_NAME) {
                    checkOwnRule(kind, value, ours)
                    continue
                }
                compared++
                val theirs = hutool(value)
                if (ours != theirs) mismatches += "$name(${escape(value)}): quanyu ${escape(ours)}, Hutool ${escape(theirs)}"
            }
        }
        assertTrue(mismatches.isEmpty(), "${mismatches.size} of $compared differ:\n" + mismatches.take(20).joinToString("\n"))
        assertTrue(compared > 20_000, "compared $compared")
    }

    @Test
    fun `every BMP character is blank for quanyu exactly when it is for Hutool`() {
        val differ = mutableListOf<String>()
        for (code in 0..0xFFFF) {
            val c = code.toChar()
            if (Character.isSurrogate(c)) continue
            val blank = mask(Mask.CHINESE_NAME, c.toString()).isEmpty()
            if (blank != CharUtil.isBlankChar(c)) differ += "U+%04X".format(code)
        }
        assertEquals(emptyList<String>(), differ)
    }

    @Test
    fun `a phone is masked as a mobile or a landline number by its shape`() {
        val random = Random(7L)
        repeat(500) {
            val mobile = "1" + random.text(10, digits)
            assertEquals(DesensitizedUtil.mobilePhone(mobile), mask(Mask.PHONE, mobile))
            val landline = "0" + random.text(2, digits) + "-" + random.text(8, digits)
            assertEquals(DesensitizedUtil.fixedPhone(landline), mask(Mask.PHONE, landline))
        }
    }

    /** quanyu's rule where Hutool is not the reference: lengths in characters (code points). */
    private fun checkOwnRule(kind: Mask, value: String, ours: String) {
        val points = value.codePointCount(0, value.length)
        when (kind) {
            Mask.MOBILE, Mask.LANDLINE, Mask.ADDRESS, Mask.EMAIL ->
                assertEquals(points, ours.codePointCount(0, ours.length), "$kind of ${escape(value)}: ${escape(ours)}")
            Mask.ID_NUMBER ->
                assertTrue(ours.isEmpty() || ours.codePointCount(0, ours.length) == points, "$kind of ${escape(value)}")
            else -> {}
        }
        // Nothing is cut in half: every surrogate in the output is part of a pair.
        assertTrue(ours.codePoints().noneMatch { it in 0xD800..0xDFFF }, "$kind of ${escape(value)}")
    }

    private fun escape(s: String): String = buildString {
        append('"')
        for (c in s) {
            if (c.code in 0x21..0x7E || Character.isLetterOrDigit(c)) append(c) else append("\\u%04X".format(c.code))
        }
        append('"')
    }
}

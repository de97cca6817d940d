package dev.quanyu

import dev.quanyu.Fixtures.community
import dev.quanyu.Fixtures.day
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.time.LocalDate
import java.time.LocalDateTime

/**
 * Working together on a phone: attendance and ballots recorded offline on copies of the
 * server's book and merged into it like the events log; the statutory procedures at and around
 * their bars; bad records named by id and field; the reports of the synthetic book.
 */
class CollabTest {
    /** The decision day of the motions: `Y` turns 18 the day after. */
    private val decided = LocalDate.of(2025, 3, 20)

    private fun at(hour: Int, minute: Int = 0) = LocalDateTime.of(2025, 3, 20, hour, minute)

    /**
     * Building `B` with two homes: `H` (adults `P1`, `P2`) and `H2` (adults `P3`, `P4`, the
     * child `K`, born 2012, and `Y`, born 2007-03-21). Four adults on [decided]. The working
     * committee `WC` organises the meetings.
     */
    private val net = Fixtures.household(
        Change.AddUnit(UnitRecord(id = "H2", level = "Household", parent = "B")),
        Change.AddOrganisation(OrganisationRecord(id = "WC", kind = OrganisationKind.WORKING_COMMITTEE, anchor = "S")),
        person("P1", "H", "11010519491231002X"),
        person("P2", "H", "440305199003070014"),
        person("P3", "H2", "440305198511200028"),
        person("P4", "H2", "440305197206050030"),
        person("K", "H2", "440305201203150019"),
        person("Y", "H2", "440305200703210052"),
    )

    private fun person(id: String, home: String, idNumber: String) =
        Change.AddPerson(PersonRecord(id = id, home = home, idNumber = Sensitive(idNumber)))

    private fun motion(id: String, procedure: String = "residents_meeting", secret: Boolean = true, on: LocalDate = decided) =
        MotionRecord(id = id, text = "加装电梯", procedure = procedure, decided = on, forum = "F", meeting = null, secret = secret)

    private fun ballot(motion: String, voter: String, choice: Choice, cast: LocalDateTime) =
        BallotRecord(motion = motion, voter = voter, presence = Presence.IN_PERSON, choice = choice, cast = cast)

    private fun attendance(person: String) =
        AttendanceRecord(meeting = "M1", person = person, presence = Presence.IN_PERSON)

    /** The server's book: forum `F` at building `B`, its meeting `M1`, the secret motion `LIFT` and the open one `OPEN`. */
    private fun server(): Collaboration {
        val book = Collaboration()
        book.apply(net, CollabRecords(
            forums = listOf(ForumRecord(id = "F", name = "楼栋议事会", unit = "B", kind = VenueKind.BUILDING_COURTYARD)),
            meetings = listOf(MeetingRecord(id = "M1", kind = MeetingKind.DELIBERATION, organiser = "WC", forum = "F", start = at(9))),
            motions = listOf(motion("LIFT"), motion("OPEN", secret = false)),
        ))
        return book
    }

    // The smallest count above (strict) or at least `num/den` of `n`, computed here rather than read from the library.
    private fun moreThan(n: Long, num: Long, den: Long) = n * num / den + 1
    private fun atLeast(n: Long, num: Long, den: Long) = (n * num + den - 1) / den

    @Test
    fun `two phones record offline and merge into the server in either order to the same tally`() {
        val serverJson = server().toJson()

        // Phone 1: P1 and P2 attend; P1 votes for both motions, P2 against the lift.
        val phone1 = Collaboration.fromJson(net, serverJson)
        val sent1 = listOf(
            ballot("LIFT", "P1", Choice.FOR, at(10)),
            ballot("LIFT", "P2", Choice.AGAINST, at(10, 5)),
            ballot("OPEN", "P1", Choice.FOR, at(10)),
        )
        phone1.attend(net, attendance("P1"))
        phone1.attend(net, attendance("P2"))
        sent1.forEach { phone1.cast(net, it) }
        // The phone's own copy refuses P1's second ballot on the spot, naming the motion and the field.
        val local = assertThrows<QuanyuException.Validation> { phone1.cast(net, ballot("LIFT", "P1", Choice.AGAINST, at(11))) }
        assertEquals(listOf("LIFT" to "voter"), local.problems.map { it.id to it.field })
        // A secret motion's ballots come back without their choice; an open one's keep it.
        assertEquals(listOf("P1", "P2"), phone1.ballots("LIFT").map { it.voter })
        assertTrue(phone1.ballots("LIFT").all { it.choice == null })
        assertEquals(listOf(Choice.FOR), phone1.ballots("OPEN").map { it.choice })

        // Phone 2: P3 and P2 attend; P3 votes, and P1 votes again here (the same choice, later).
        val phone2 = Collaboration.fromJson(net, serverJson)
        val sent2 = listOf(
            ballot("LIFT", "P3", Choice.FOR, at(10, 10)),
            ballot("LIFT", "P1", Choice.FOR, at(10, 20)),
            ballot("OPEN", "P1", Choice.FOR, at(10, 20)),
        )
        val attended2 = listOf(attendance("P3"), attendance("P2"))
        attended2.forEach { phone2.attend(net, it) }
        sent2.forEach { phone2.cast(net, it) }
        // Offline, neither phone knows of the other: between them they hold two ballots of P1 on each motion.

        val attended1 = phone1.attendance()
        assertEquals(2, attended1.size)

        val a = Collaboration.fromJson(net, serverJson)
        val a1 = a.merge(net, sent1, attended1)
        val a2 = a.merge(net, sent2, attended2)
        val b = Collaboration.fromJson(net, serverJson)
        val b2 = b.merge(net, sent2, attended2)
        val b1 = b.merge(net, sent1, attended1)

        // First in: 3 ballots and 2 attendances. Second: one new ballot and one new attendance,
        // P2's attendance (recorded on both phones) a repeat, P1's second ballots refused.
        assertEquals(listOf(5L, 0L), listOf(a1.added, a1.repeated))
        assertEquals(listOf(2L, 1L), listOf(a2.added, a2.repeated))
        assertEquals(listOf(5L, 0L), listOf(b2.added, b2.repeated))
        assertEquals(listOf(2L, 1L), listOf(b1.added, b1.repeated))
        assertTrue((a1.rejected + a2.rejected + b1.rejected + b2.rejected).isEmpty())

        // In either order the second ballot of P1 on each motion is refused; on the secret motion
        // without its choice, on the open one with it. The first received is kept.
        for ((refused, kept) in listOf(a2.refused to at(10), b1.refused to at(10, 20))) {
            assertEquals(2, refused.size, refused.toString())
            assertTrue(refused.all { it.voter == "P1" })
            assertNull(refused.single { it.motion == "LIFT" }.choice)
            assertEquals(Choice.FOR, refused.single { it.motion == "OPEN" }.choice)
            assertNotEquals(kept, refused.single { it.motion == "LIFT" }.cast)
        }
        assertEquals(at(10), a.ballots("LIFT").single { it.voter == "P1" }.cast)
        assertEquals(at(10, 20), b.ballots("LIFT").single { it.voter == "P1" }.cast)

        // The same tallies either way: 4 adults, 3 taking part (P1 once), 2 for and 1 against.
        assertEquals(a.tallies(net), b.tallies(net))
        val lift = a.tally(net, "LIFT")
        assertEquals(listOf(4L, 3L, 2L, 1L, 0L), listOf(lift.eligible, lift.takingPart, lift.forVotes, lift.against, lift.abstain))
        assertEquals(moreThan(4, 1, 2), lift.quorumNeeded)
        assertEquals(moreThan(3, 1, 2), lift.thresholdNeeded)
        assertTrue(lift.adopted)
        assertEquals(a.attendance().toSet(), (attended1 + attended2).toSet())
        assertEquals(3, a.attendance().size)
        assertTrue(a.ballots("LIFT").all { it.choice == null })

        // Syncing again changes nothing and reports every record as repeated.
        val again = a.merge(net, sent1, attended1)
        assertEquals(0L, again.added)
        assertEquals(5L, again.repeated)
        assertTrue(again.refused.isEmpty())
        assertEquals(b.tallies(net), a.tallies(net))

        // The merged book survives its JSON, secret counts included.
        val stored = Collaboration.fromJson(net, a.toJson())
        assertEquals(a.tallies(net), stored.tallies(net))
        assertEquals(a.records(), stored.records())
        assertEquals(listOf(SecretCount("LIFT", 2L, 1L, 0L)), a.records().secretCounts)
    }

    /** A fresh book with one motion under `procedure`, `choices[i]` cast by `voters[i]`. */
    private fun tallyOf(procedure: String, voters: List<String>, choices: List<Choice>, extra: CollabRecords = CollabRecords()): Tally {
        val book = server()
        book.apply(net, extra)
        book.addMotion(net, motion("Q", procedure))
        voters.zip(choices).forEachIndexed { i, (v, c) -> book.cast(net, ballot("Q", v, c, at(10, i))) }
        return book.tally(net, "Q")
    }

    @Test
    fun `the residents' meeting needs more than half of the adults and more than half of those taking part`() {
        val adults = listOf("P1", "P2", "P3", "P4")
        // Quorum: more than half of 4 is 3, so 2 taking part is not a quorum, even all for.
        val two = tallyOf("residents_meeting", adults.take(2), listOf(Choice.FOR, Choice.FOR))
        assertEquals(4L, two.eligible)
        assertEquals(moreThan(4, 1, 2), two.quorumNeeded)
        assertEquals(3L, two.quorumNeeded)
        assertFalse(two.quorumMet)
        assertFalse(two.adopted)
        // 3 taking part is: 2 for of 3 is more than half; 1 for is not.
        val three = tallyOf("residents_meeting", adults.take(3), listOf(Choice.FOR, Choice.FOR, Choice.AGAINST))
        assertTrue(three.quorumMet)
        assertEquals(moreThan(3, 1, 2), three.thresholdNeeded)
        assertTrue(three.thresholdMet)
        assertTrue(three.adopted)
        val oneFor = tallyOf("residents_meeting", adults.take(3), listOf(Choice.FOR, Choice.ABSTAIN, Choice.AGAINST))
        assertTrue(oneFor.quorumMet)
        assertFalse(oneFor.thresholdMet)
        assertFalse(oneFor.adopted)
        // All 4: 2 for is exactly half, not more; 3 for is.
        val half = tallyOf("residents_meeting", adults, listOf(Choice.FOR, Choice.FOR, Choice.AGAINST, Choice.AGAINST))
        assertEquals(moreThan(4, 1, 2), half.thresholdNeeded)
        assertFalse(half.adopted)
        assertTrue(tallyOf("residents_meeting", adults, listOf(Choice.FOR, Choice.FOR, Choice.FOR, Choice.AGAINST)).adopted)
        assertTrue(three.arithmetic.isNotBlank())
    }

    @Test
    fun `at least two thirds of the representatives counts the number itself`() {
        val reps = CollabRecords(representatives = listOf("P1", "P3", "P4").map {
            RepresentativeRecord(forum = "F", person = it, start = LocalDate.of(2024, 1, 1))
        })
        // Two thirds of 3 is 2, and "at least" takes 2; 1 is short.
        val two = tallyOf("representatives_assembly", listOf("P1", "P3"), listOf(Choice.FOR, Choice.FOR), reps)
        assertEquals(3L, two.eligible)
        assertEquals(atLeast(3, 2, 3), two.quorumNeeded)
        assertEquals(2L, two.quorumNeeded)
        assertTrue(two.quorumMet)
        assertTrue(two.adopted)
        val one = tallyOf("representatives_assembly", listOf("P1"), listOf(Choice.FOR), reps)
        assertFalse(one.quorumMet)
        assertFalse(one.adopted)
        // P2 is no representative.
        val e = assertThrows<QuanyuException.Validation> {
            tallyOf("representatives_assembly", listOf("P2"), listOf(Choice.FOR), reps)
        }
        assertEquals(listOf("Q" to "voter"), e.problems.map { it.id to it.field })
    }

    @Test
    fun `a household meeting takes one ballot per household`() {
        val book = server()
        book.addMotion(net, motion("Q", "household_meeting"))
        book.cast(net, ballot("Q", "P1", Choice.FOR, at(10)))
        val e = assertThrows<QuanyuException.Validation> { book.cast(net, ballot("Q", "P2", Choice.FOR, at(10, 1))) }
        assertEquals("voter", e.problems.single().field)
        assertTrue(e.problems.single().message.contains("household"), e.problems.toString())
        book.cast(net, ballot("Q", "P3", Choice.FOR, at(10, 2)))
        val t = book.tally(net, "Q")
        assertEquals(listOf(2L, 2L, 2L), listOf(t.eligible, t.takingPart, t.forVotes))
        assertTrue(t.adopted)
    }

    @Test
    fun `bad records are errors naming the id and field, and change nothing`() {
        val book = server()
        val before = book.records()
        val unknown = assertThrows<QuanyuException.Validation> { book.cast(net, ballot("NOPE", "P1", Choice.FOR, at(10))) }
        assertEquals(listOf("NOPE" to "motion"), unknown.problems.map { it.id to it.field })
        // K is 12, Y is 17 on the decision day (18 the day after); neither votes.
        for (minor in listOf("K", "Y")) {
            val child = assertThrows<QuanyuException.Validation> { book.cast(net, ballot("LIFT", minor, Choice.FOR, at(10))) }
            assertEquals(listOf("LIFT" to "voter"), child.problems.map { it.id to it.field })
            assertTrue(child.problems.single().message.contains("under 18"), child.problems.toString())
        }
        book.addMotion(net, motion("NEXT", on = decided.plusDays(1)))
        book.cast(net, ballot("NEXT", "Y", Choice.FOR, at(10)))
        assertEquals(5L, book.tally(net, "NEXT").eligible)
        // A batch is all or nothing: one bad attendance, nothing taken.
        val batch = assertThrows<QuanyuException.Validation> {
            book.apply(net, CollabRecords(attendance = listOf(attendance("P1"), AttendanceRecord(meeting = "M9", person = "P2", presence = Presence.IN_PERSON))))
        }
        assertEquals(listOf("M9" to "meeting"), batch.problems.map { it.id to it.field })
        assertTrue(book.attendance().isEmpty())
        // A merge takes what it can and lists the rest.
        val merged = book.merge(net, listOf(ballot("NOPE", "P1", Choice.FOR, at(10)), ballot("LIFT", "K", Choice.FOR, at(10))), listOf(attendance("P1")))
        assertEquals(1L, merged.added)
        assertEquals(2, merged.rejected.size)
        assertTrue(merged.rejected.any { "NOPE" in it && "motion" in it }, merged.rejected.toString())
        assertEquals(before.motions.size + 1, book.motions().size)
        // Arguments out of their domain.
        assertThrows<QuanyuException.InvalidArgument> { Collaboration.fromJson(net, "{not json") }
        assertThrows<QuanyuException.InvalidArgument> { book.council(net, "S", day, 0) }
        assertThrows<QuanyuException.InvalidArgument> { book.tally(net, "NOPE") }
    }

    @Test
    fun `the presets are the statutory procedures`() {
        val presets = procedurePresets().associateBy { it.code }
        assertEquals(setOf("villagers_assembly", "representatives_assembly", "residents_meeting", "household_meeting"), presets.keys)
        val v = presets.getValue("villagers_assembly")
        assertEquals(listOf(1L, 2L), listOf(v.quorumNum.toLong(), v.quorumDen.toLong()))
        assertTrue(v.quorumStrict)
        assertEquals(10L, v.noticeDays.toLong())
        assertFalse(presets.getValue("representatives_assembly").quorumStrict)
        assertEquals(Collaboration().procedures(), procedurePresets())
    }

    @Test
    fun `a secret vote event in Popolo lists counts and no votes`() {
        val book = server()
        book.cast(net, ballot("LIFT", "P1", Choice.FOR, at(10)))
        book.cast(net, ballot("OPEN", "P2", Choice.AGAINST, at(10)))
        val doc = Json.parse(book.toPopolo(net)) as Map<*, *>
        val events = (doc["vote_events"] as List<*>).map { it as Map<*, *> }.associateBy { it["motion_id"] }
        assertEquals(emptyList<Any>(), events.getValue("LIFT")["votes"])
        val counts = (events.getValue("LIFT")["counts"] as List<*>).map { it as Map<*, *> }.associate { it["option"] to it["value"] }
        assertEquals(mapOf("yes" to 1L, "no" to 0L, "abstain" to 0L), counts)
        val open = (events.getValue("OPEN")["votes"] as List<*>).map { it as Map<*, *> }
        assertEquals(listOf("P2" to "no"), open.map { it["voter_id"] to it["option"] })
        assertEquals(listOf("LIFT", "OPEN"), (doc["motions"] as List<*>).map { (it as Map<*, *>)["id"] })
    }

    @Test
    fun `the synthetic book's reports are not empty`() {
        val book = Collaboration.synthetic(community, 2024L)
        assertEquals(book.records(), Collaboration.synthetic(community, 2024L).records())
        val six = book.sixLinks(community, day)
        assertTrue(six.members.isNotEmpty())
        assertTrue(six.members.all { it.held.size + it.missing.size == 6 })
        assertEquals(book.links().size, six.links.size)
        val checked = book.sixLinks(community, day, synthMenu(community, 2024L))
        assertEquals(six.members.map { it.organisation }, checked.members.map { it.organisation })
        val subdistrict = community.unitsByLevel("Subdistrict").first().id
        val council = book.council(community, subdistrict, day, 3)
        assertNotNull(council.chair)
        assertTrue(council.rotation.size >= 2)
        assertTrue(book.carriagesOn(community, day).isNotEmpty())
        val projects = book.projectsRollup(day)
        assertEquals(10, projects.size)
        assertTrue(projects.any { it.adopters > 0 })
        assertTrue(book.adoptersRollup().isNotEmpty())
        assertEquals(book.actions().size, book.followUps(community).due.size)
        assertEquals(book.motions().size, book.tallies(community).size)
        assertEquals(book.motions().size, ((Json.parse(book.toPopolo(community)) as Map<*, *>)["motions"] as List<*>).size)
        // What a phone holds: the book from the server's JSON, the same records.
        assertEquals(book.records(), Collaboration.fromJson(community, book.toJson()).records())
        assertEquals(book.records(), Collaboration.load(community, book.records()).records())
    }
}

/** A small JSON reader for the tests (objects, arrays, strings, whole numbers, true, false, null): the class path has none. */
private class Json private constructor(private val s: String) {
    private var i = 0

    companion object {
        fun parse(text: String): Any? {
            val j = Json(text)
            val v = j.value()
            j.space()
            check(j.i == text.length) { "trailing text at ${j.i}" }
            return v
        }
    }

    private fun space() { while (i < s.length && s[i].isWhitespace()) i++ }

    private fun expect(c: Char) { space(); check(s[i] == c) { "expected $c at $i" }; i++ }

    private fun value(): Any? {
        space()
        return when (val c = s[i]) {
            '{' -> {
                i++
                val m = linkedMapOf<String, Any?>()
                space()
                if (s[i] == '}') i++ else do {
                    space()
                    val k = string()
                    expect(':')
                    m[k] = value()
                    space()
                } while (s[i++] == ',')
                m
            }
            '[' -> {
                i++
                val l = mutableListOf<Any?>()
                space()
                if (s[i] == ']') i++ else do {
                    l.add(value())
                    space()
                } while (s[i++] == ',')
                l
            }
            '"' -> string()
            't' -> { i += 4; true }
            'f' -> { i += 5; false }
            'n' -> { i += 4; null }
            else -> {
                val start = i
                if (c == '-') i++
                while (i < s.length && s[i].isDigit()) i++
                s.substring(start, i).toLong()
            }
        }
    }

    private fun string(): String {
        check(s[i] == '"') { "expected a string at $i" }
        i++
        val out = StringBuilder()
        while (s[i] != '"') {
            if (s[i] == '\\') {
                i++
                when (val e = s[i]) {
                    'u' -> { out.append(s.substring(i + 1, i + 5).toInt(16).toChar()); i += 4 }
                    'n' -> out.append('\n')
                    't' -> out.append('\t')
                    else -> out.append(e)
                }
            } else {
                out.append(s[i])
            }
            i++
        }
        i++
        return out.toString()
    }
}

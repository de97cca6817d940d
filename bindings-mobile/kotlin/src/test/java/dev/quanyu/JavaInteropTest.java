package dev.quanyu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The same API from Java, as a vendor's back end calls it. */
class JavaInteropTest {
    @Test
    void aJavaBackEndOpensLooksUpAndCommits() throws QuanyuException {
        LocalDate day = QuanyuKt.synthReferenceDate();
        Network server = QuanyuKt.synthCommunity(2024L);
        GovernanceUnit grid = server.unitsByLevel("Grid").get(0);

        // What the server sends to a grid worker's phone, and what the phone opens.
        byte[] bytes;
        try (Network extract = server.extract(grid.getId())) {
            bytes = extract.toJsonBytes();
        }
        try (Network phone = Network.Companion.fromJsonBytes(bytes)) {
            GovernanceUnit building = phone.unitsIn(grid.getId(), "Building").get(0);
            Responsibility who = phone.responsibleFor(building.getId(), day);
            assertEquals(grid.getId(), who.getGrid());
            assertEquals(server.responsibleFor(building.getId(), day), who);

            List<HeldPost> leaders = phone.postsAtUnit(grid.getId(), day, Role.GRID_LEADER);
            for (HeldPost p : leaders) {
                assertEquals(Role.GRID_LEADER, p.getRole());
            }

            long before = phone.personCount();
            String household = phone.unitsIn(building.getId(), "Household").get(0).getId();
            PersonRecord newcomer = new PersonRecord("J-1", "张三", household, null, new Sensitive("13900000000"), null, null);
            CommitSummary summary = phone.apply(List.of(new Change.AddPerson(newcomer)));
            assertEquals(1L, summary.getAdded());
            assertEquals(before + 1, phone.personCount());
            assertFalse(phone.person("J-1").toString().contains("13900000000"));

            QuanyuException.NotFound missing = assertThrows(QuanyuException.NotFound.class, () -> phone.unit("nope"));
            assertEquals("unit", missing.getKind());
            assertEquals("unit `nope` not found", missing.toString());

            QuanyuException.Validation bad = assertThrows(QuanyuException.Validation.class,
                () -> phone.apply(List.of(new Change.AddPerson(newcomer))));
            assertEquals("J-1", bad.getProblems().get(0).getId());
            assertTrue(bad instanceof QuanyuException);
        }
    }
}

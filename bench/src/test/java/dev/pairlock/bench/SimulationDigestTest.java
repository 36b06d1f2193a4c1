package dev.pairlock.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.simulation.Scenarios;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The digest two builds are compared by: a line per run, the same every time, and a digest of them. */
class SimulationDigestTest {
    private static String digest(long ring, long kept) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new SimulationDigest(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(ring, kept, 1);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theSameRunsPrintTheSameLinesAndDigest() {
        String first = digest(2, 1);
        assertEquals(first, digest(2, 1));
        String[] lines = first.split("\n");
        // 2 ring runs, 1 kept seed at two FDTs, every scenario with seed 1 at two FDTs, the digest
        assertEquals(2 + 2 + 2 * Scenarios.all().size() + 1, lines.length, first);
        assertTrue(lines[0].startsWith("ring 1 "), lines[0]);
        assertTrue(lines[2].contains(" health ") && lines[2].contains(" trace "), "a kept run hashes its trace: " + lines[2]);
        assertTrue(lines[lines.length - 1].startsWith("DIGEST "), lines[lines.length - 1]);
    }

    @Test
    void anotherSetOfRunsGivesAnotherDigest() {
        String a = digest(1, 0);
        String b = digest(2, 0);
        assertNotEquals(a.substring(a.lastIndexOf("DIGEST")), b.substring(b.lastIndexOf("DIGEST")));
    }

    @Test
    void aBadCountIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SimulationDigest.main(new String[] {"-3", "1"}));
        assertTrue(e.getMessage().contains("RING_SEEDS '-3'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SimulationDigest.main(new String[] {"1"}));
    }
}

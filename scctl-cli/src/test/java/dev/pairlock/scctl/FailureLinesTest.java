package dev.pairlock.scctl;

import static dev.pairlock.scctl.JsonOutcomeTest.onlyDocument;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No exit status but 0 is silent: each has its line on stderr saying what failed and what to check,
 * and under --json stdout holds JSON only (one document; a failure's own, or the result it failed on).
 */
class FailureLinesTest {
    private static final String REFSEL_MISMATCH = "SC1's REF_SEL (sim:gchip-sc1, register 0x0 bit 0): wrote leader (1), read back"
            + " follower (0) (is SC1 held in reset or powered off, or REF_SEL strapped? check the board and 'scctl clock show',"
            + " then retry)";

    /** SC1 held in reset ignores the write: the read-back differs, and scctl says where, both values and what to do. */
    @Test
    void aRefSelWriteThatDoesNotReadBackSaysWhereWhatAndWhatToCheck() {
        Run r = Run.scctl("--sim-fault", "reset:sc1", "--sc", "sc1", "clock", "set-refsel", "-y", "leader");
        assertEquals(1, r.code(), "a failed write, as i2c set -r's and reg write's mismatch\n" + r);
        assertEquals("", r.out(), "no success line for a write that did not land\n" + r);
        assertEquals("scctl: " + REFSEL_MISMATCH + "\n", r.err());
    }

    @Test
    void aRefSelMismatchUnderJsonIsTheOneFailureDocument() {
        Run r = Run.scctl("--json", "--sim-fault", "reset:sc1", "--sc", "sc1", "clock", "set-refsel", "-y", "leader");
        assertEquals(1, r.code(), r::toString);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("ok", false);
        expected.put("error", REFSEL_MISMATCH);
        expected.put("sc", "sc1");
        expected.put("window", "gchip");
        expected.put("device", "sim:gchip-sc1");
        expected.put("register", 0L);
        expected.put("bit", 0L);
        expected.put("written", "leader");
        expected.put("readback", "follower");
        expected.put("phase_locked", true); // SC0 leads, SC1 in reset follows: its clock still runs
        expected.put("exit", 1L);
        Map<?, ?> doc = onlyDocument(r);
        assertEquals(expected, doc);
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(doc.keySet()), "ok and error first, exit last");
        assertEquals("scctl: " + REFSEL_MISMATCH + "\n", r.err(), "the line for a person stays on stderr");
    }

    /** The slots that failed are in the table (or the document); the exit status 1 gets its line naming them. */
    @Test
    void aScanWithFailedSlotsNamesThemOnStderr() {
        Run text = Run.scctl("--sim-fault", "hang:3,7", "board", "scan");
        assertEquals(1, text.code(), text::toString);
        assertEquals(1 + 18 + 1, text.out().lines().count(), "the whole table still: " + text);
        assertEquals("scctl: 2 of 18 slots failed (3, 7): the ERROR column says why (--json has the whole messages)\n", text.err());
        Run json = Run.scctl("--json", "--sim-fault", "hang:3,7", "board", "scan");
        assertEquals(1, json.code(), json::toString);
        assertEquals(18, ((List<?>) onlyDocument(json).get("slots")).size(), "the scan's document, not a failure's: " + json);
        assertEquals("scctl: 2 of 18 slots failed (3, 7): each one's \"error\" says why\n", json.err());
        Run spll = Run.scctl("--sim-fault", "hang:3", "spll", "show", "3");
        assertEquals(1, spll.code(), spll::toString);
        assertEquals("scctl: 1 of 1 slot failed (3): the ERROR column says why (--json has the whole messages)\n", spll.err());
    }

    /** SC1 held in reset does not beat: a watch that saw nothing says whose beat it waited for and what to check. */
    @Test
    void aHeartbeatWatchWithoutABeatSaysWhatToCheck() {
        Run r = Run.scctl("--sim-fault", "reset:sc1", "heartbeat", "watch", "--duration", "500ms");
        assertEquals(1, r.code(), r::toString);
        assertEquals("0 beat(s), 0 missed, in 500 ms as seen by SC0\n", r.out(), r::toString);
        assertEquals("scctl: no heartbeat from SC1 in 500 ms as SC0 sees it: is SC1 up (powered, out of reset) and its failover"
                + " software running ('scctl failover show' says)? Watch longer with --duration\n", r.err());
        Run json = Run.scctl("--json", "--sim-fault", "reset:sc1", "heartbeat", "watch", "--duration", "500ms");
        assertEquals(1, json.code(), json::toString);
        assertEquals(List.of(), onlyDocument(json).get("beats"), json::toString);
        assertTrue(json.err().startsWith("scctl: no heartbeat from SC1 in 500 ms"), json::toString);
    }

    /** gpio monitor -n N short of N edges: under --json the document, and the summary still on stderr (-q alone is silent). */
    @Test
    void aMonitorShortOfItsEdgesSaysSoUnderJsonToo() {
        Run r = Run.scctl("--json", "gpio", "monitor", "-n", "3", "--timeout", "150ms", "hb-in");
        assertEquals(1, r.code(), r::toString);
        assertEquals(true, onlyDocument(r).get("timed_out"), r::toString);
        assertEquals("1 edge(s), 0 missed, on gpiochip0 (stopped before 3)\n", r.err());
        Run quiet = Run.scctl("--json", "gpio", "monitor", "-q", "-n", "3", "--timeout", "150ms", "hb-in");
        assertEquals(1, quiet.code(), quiet::toString);
        assertEquals("", quiet.err(), "-q asks for nothing: the exit status says it\n" + quiet);
        Run complete = Run.scctl("--json", "gpio", "monitor", "-n", "1", "hb-in");
        assertEquals(0, complete.code(), complete::toString);
        assertEquals("", complete.err(), "a complete watch under --json: the document only\n" + complete);
    }
}

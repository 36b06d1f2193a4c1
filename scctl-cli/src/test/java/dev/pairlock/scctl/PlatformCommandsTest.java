package dev.pairlock.scctl;

import static dev.pairlock.scctl.I2cCommandTest.assertUsage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** board, spll, clock and reg on the simulated chassis. */
class PlatformCommandsTest {
    @Test
    void boardScanListsEverySlotAndHungBusesCostOneTimeoutInParallel() {
        Run r = Run.scctl("--sim-fault", "hang:3,7", "--sim-fault", "empty:5", "board", "scan");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.matches("0 +yes +0x5a +SC0 +locked +1\\.2 ms")), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.matches("3 +\\? .*500\\.0 ms +bus timeout.*")), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.matches("5 +no .*")), r::toString);
        assertTrue(r.out().contains("in 500.0 ms in parallel"), r::toString);
    }

    @Test
    void boardScanJsonCarriesTheFullError() {
        Run r = Run.scctl("--json", "--sim-fault", "hang:3", "board", "scan");
        assertTrue(r.out().startsWith("{\"sc\":\"sc0\",\"slots\":[{\"slot\":0,\"present\":true,\"id\":90,\"spll_input\":\"sc0\",\"locked\":true,"), r::toString);
        assertTrue(r.out().contains("\"error\":\"I2C bus 3, address 0x23, register 0x00: the transaction timed out"), r::toString);
        assertEquals("scctl: 1 of 18 slots failed (3): each one's \"error\" says why\n", r.err(),
                "no progress bar under --json: only the line behind the exit status");
    }

    @Test
    void cleanScanSucceeds() {
        Run r = Run.scctl("board", "scan");
        assertEquals(0, r.code(), r::toString);
        assertEquals(1 + 18 + 1, r.out().lines().count(), r::toString);
    }

    @Test
    void spllShowAndSelectWhileLocked() {
        Run show = Run.scctl("spll", "show", "4");
        assertEquals("SLOT  PRESENT  INPUT  LOCK    DOMAIN   ERROR\n4     yes      SC0    locked  clocked\n", show.out(), show::toString);
        Run sel = Run.scctl("spll", "select", "-y", "4", "sc1");
        assertEquals(0, sel.code(), sel::toString);
        assertTrue(sel.out().startsWith("slot 4: SPLL input SC1"), sel::toString);
    }

    @Test
    void spllSelectRefusesWithoutPhaseLockUnlessForced() {
        Run refused = Run.scctl("--sim-fault", "unlock", "spll", "select", "-y", "4", "sc1");
        assertEquals(1, refused.code(), refused::toString);
        assertTrue(refused.err().contains("not phase locked"), refused::toString);
        Run forced = Run.scctl("--sim-fault", "unlock", "spll", "select", "-y", "--force", "4", "sc1");
        assertEquals(0, forced.code(), forced::toString);
        assertTrue(forced.err().contains("WARNING"), forced::toString);
    }

    @Test
    void spllBadInput() {
        assertUsage(Run.scctl("spll", "select", "-y", "18", "sc1"), "board slot '18' is out of range");
        assertUsage(Run.scctl("spll", "select", "-y", "3", "sc2"), "not sc0 or sc1");
        assertUsage(Run.scctl("spll", "show", "-1"), "board slot");
        assertNeedsYes(Run.scctl("spll", "select", "3", "sc1"));
    }

    @Test
    void clockShowsBothControllers() {
        Run r = Run.scctl("clock", "show");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.matches("SC0 +leader \\(1\\) +locked +present +this view")), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.matches("SC1 +follower \\(0\\) +locked +present")), r::toString);
        Run unlocked = Run.scctl("--json", "--sim-fault", "unlock", "clock", "show");
        assertTrue(unlocked.out().contains("{\"sc\":\"sc0\",\"ref_sel\":\"follower\",\"phase_locked\":false,\"peer_clock_present\":true,\"error\":null}"),
                unlocked::toString);
        // an SC held in reset: its Gchip is back at its reset value (follower), whatever it was told before
        Run reset = Run.scctl("--sim-fault", "reset:sc0", "clock", "show");
        assertEquals(0, reset.code(), reset::toString);
        assertTrue(reset.out().lines().anyMatch(l -> l.matches("SC0 +follower \\(0\\) .*this view")), reset::toString);
    }

    @Test
    void clockSetRefSelBothLeadersIsAccepted() {
        Run r = Run.scctl("--sc", "sc1", "clock", "set-refsel", "-y", "leader");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().startsWith("SC1: REF_SEL leader"), r::toString);
        assertUsage(Run.scctl("clock", "set-refsel", "-y", "boss"), "not leader or follower");
        assertNeedsYes(Run.scctl("clock", "set-refsel", "leader"));
        assertUsage(Run.scctl("--sc", "sc2", "clock", "show"), "sc0 or sc1");
    }

    @Test
    void regReadAndWriteTheGchip() {
        Run ctl = Run.scctl("reg", "read", "0x0");
        assertEquals("0x00000001\n", ctl.out(), ctl::toString);
        Run w = Run.scctl("reg", "write", "-y", "0x0", "32", "0x0");
        assertEquals(0, w.code(), w::toString);
        assertEquals("", w.out() + w.err(), "devmem's write is silent: " + w);
        // STATUS (0x4) is read-only: what was written does not read back, exit 1 unless --no-verify
        Run ro = Run.scctl("reg", "write", "-y", "0x4", "0x0");
        assertEquals(1, ro.code(), ro::toString);
        assertTrue(ro.err().contains("wrote 0x00000000, read back 0x0000000"), ro::toString);
        assertEquals(0, Run.scctl("reg", "write", "-y", "--no-verify", "0x4", "0x0").code());
        Run list = Run.scctl("reg", "list");
        assertTrue(list.out().contains("gchip"), list::toString);
    }

    /** devmem's widths on the simulated Gchip (a little-endian bus with byte enables): CONTROL 0x0, STATUS 0x4. */
    @Test
    void regReadsAndWritesEveryWidthOnTheSimulatedGchip() {
        assertEquals("0x01\n", Run.scctl("reg", "read", "0x0", "8").out(), "REF_SEL leader, zero-padded as devmem");
        assertEquals("0x03\n", Run.scctl("reg", "read", "0x4", "b").out(), "PHASE_LOCK | PEER_CLOCK");
        assertEquals("0x00\n", Run.scctl("reg", "read", "0x5", "8").out());
        assertEquals("0x0003\n", Run.scctl("reg", "read", "0x4", "16").out());
        assertEquals("0x0000\n", Run.scctl("reg", "read", "0x6", "h").out());
        assertEquals("0x0000000300000001\n", Run.scctl("reg", "read", "0x0", "64").out(), "STATUS is the high half");
        assertEquals("{\"window\":\"gchip\",\"offset\":0,\"width\":64,\"value\":12884901889}\n",
                Run.scctl("--json", "reg", "read", "0x0", "l").out());
        // each width written, read back with the same width, matched: exit 0 and silent, as devmem
        for (String[] w : new String[][] {{"0x0", "8", "0x0"}, {"0x1", "8", "0x0"}, {"0x0", "16", "0x0"}, {"0x2", "16", "0x0"},
            {"0x0", "32", "0x0"}, {"0x0", "64", "0x0000000300000001"}, {"0x8", "64", "0x0"}}) {
            Run r = Run.scctl("reg", "write", "-y", w[0], w[1], w[2]);
            assertEquals(0, r.code(), r::toString);
            assertEquals("", r.out() + r.err(), "silent: " + r);
        }
        Run json = Run.scctl("--json", "reg", "write", "-y", "0x0", "8", "0x0");
        assertEquals("{\"window\":\"gchip\",\"offset\":0,\"width\":8,\"written\":0,\"readback\":0}\n", json.out(), json::toString);
        // a value the register does not keep: exit 1 naming both at the access's width, unless --no-verify
        Run byteMismatch = Run.scctl("reg", "write", "-y", "0x0", "8", "0xff");
        assertEquals(1, byteMismatch.code(), byteMismatch::toString);
        assertEquals("scctl: sim:gchip-sc0 offset 0x0: wrote 0xFF, read back 0x01 (a read-only or self-clearing bit?"
                + " --no-verify skips the check)\n", byteMismatch.err());
        Run statusHalf = Run.scctl("reg", "write", "-y", "0x4", "16", "0x0");
        assertEquals(1, statusHalf.code(), statusHalf::toString);
        assertTrue(statusHalf.err().contains("wrote 0x0000, read back 0x0003"), statusHalf::toString);
        Run wide = Run.scctl("reg", "write", "-y", "0x0", "64", "0xFFFFFFFF00000000");
        assertEquals(1, wide.code(), wide::toString);
        assertTrue(wide.err().contains("wrote 0xFFFFFFFF00000000, read back 0x0000000300000000"), wide::toString);
        assertEquals(0, Run.scctl("reg", "write", "-y", "--no-verify", "0x4", "16", "0x0").code());
    }

    @Test
    void regBadInput() {
        assertUsage(Run.scctl("reg", "read", "0x2"), "register window sim:gchip-sc0: offset 0x2 is not aligned for a 32-bit access: use a multiple of 4");
        assertUsage(Run.scctl("reg", "read", "0x100"), "a 32-bit access at offset 0x100 is outside the window: valid offsets are 0x0..0xc");
        assertUsage(Run.scctl("reg", "read", "0x4", "64"), "offset 0x4 is not aligned for a 64-bit access: use a multiple of 8");
        assertUsage(Run.scctl("reg", "read", "0x3", "h"), "offset 0x3 is not aligned for a 16-bit access: use a multiple of 2");
        assertUsage(Run.scctl("reg", "read", "0x10", "8"), "an 8-bit access at offset 0x10 is outside the window");
        assertUsage(Run.scctl("reg", "write", "-y", "0x6", "32", "0x0"), "offset 0x6 is not aligned for a 32-bit access");
        assertUsage(Run.scctl("reg", "write", "0x1", "16", "0x0"), "not aligned for a 16-bit access");
        assertUsage(Run.scctl("reg", "read", "0x0", "12"), "is not 8, 16, 32 or 64");
        assertUsage(Run.scctl("reg", "read", "--window", "bar0", "0x0"), "register window 'bar0' is not configured");
        assertUsage(Run.scctl("reg", "write", "-y", "0x0", "0x100000000"), "out of range");
        assertNeedsYes(Run.scctl("reg", "write", "0x0", "1"));
    }

    @Test
    void globalOptionsAreChecked() {
        assertUsage(Run.scctl("--backend", "vme", "clock", "show"), "unknown backend 'vme'");
        assertUsage(Run.scctl("--backend", "linux", "clock", "show"), "needs --config");
        assertUsage(Run.scctl("--sim-fault", "melt:3", "clock", "show"), "--sim-fault 'melt:3'");
        assertUsage(Run.scctl("--sim-fault", "hang:42", "clock", "show"), "slot '42' is out of range");
        assertUsage(Run.scctl("frobnicate"), "Unmatched argument");
    }

    /** Declined at the prompt (no stdin): i2cset's "Aborting on user request.", exit 0, nothing written. */
    static void assertNeedsYes(Run r) {
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.err().contains("WARNING!") && r.err().contains("pass -y"), r::toString);
    }

    @Test
    void everyCommandHasHelpWithExamples() {
        for (String[] cmd : new String[][] {{"i2c", "get"}, {"i2c", "set"}, {"i2c", "detect"}, {"i2c", "dump"},
            {"i2c", "transfer"}, {"board", "scan"}, {"spll", "select"}, {"clock", "set-refsel"}, {"reg", "write"}}) {
            String[] args = java.util.Arrays.copyOf(cmd, cmd.length + 1);
            args[cmd.length] = "--help";
            Run r = Run.scctl(args);
            assertEquals(0, r.code(), r::toString);
            assertTrue(r.out().contains("Examples:"), r::toString);
        }
    }

    @Test
    void completionScriptIsGenerated() {
        Run r = Run.scctl("completion", "bash");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("complete -F _complete_scctl"), r::toString);
        assertTrue(r.out().contains("set-refsel"), r::toString);
    }
}

package dev.pairlock.scctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.control.ArgSpec;
import dev.pairlock.control.ControlException;
import dev.pairlock.control.HandlerRegistry;
import dev.pairlock.control.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Under --json every outcome is one document on stdout: declined writes, refusals and errors included. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class JsonOutcomeTest {
    @TempDir
    Path dir;

    /** Every write that asks first (Session.confirm), on the simulator. */
    static Stream<Arguments> writesThatAsk() {
        return Stream.of(
                Arguments.of(List.of("i2c", "set", "3", "0x23", "0x10", "1"), "This writes [0x01] to i2c-3, chip address 0x23"),
                Arguments.of(List.of("i2c", "transfer", "3", "w2@0x23", "0x10", "0x01"), "This sends 1 message(s) with writes on i2c-3"),
                Arguments.of(List.of("i2c", "dump", "3", "0x23", "b", "2", "0x4e"), "This switches i2c-3 chip 0x23 to bank 2"),
                Arguments.of(List.of("reg", "write", "0x0", "8", "0x1"), "This writes 0x01 (8 bits) to sim:gchip-sc0 offset 0x0"),
                Arguments.of(List.of("clock", "set-refsel", "leader"), "This sets SC0's REF_SEL to leader"),
                Arguments.of(List.of("spll", "select", "3", "sc1"), "This switches board slot 3's SPLL to SC1's clock"),
                Arguments.of(List.of("failover", "force"), "This hands MAIN authority from SC0 to SC1"),
                Arguments.of(List.of("gpio", "set", "hb-out=1"), "This drives gpiochip0 \"hb-out\"=active"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writesThatAsk")
    void aWriteDeclinedAtThePromptIsADocumentAndExit0(List<String> command, String action) {
        for (String answer : new String[] {null, "n\n"}) {
            Run r = Run.withInput(answer, json(command));
            assertEquals(0, r.code(), "declined, as i2cset: exit 0\n" + r);
            Map<?, ?> doc = onlyDocument(r);
            assertEquals(false, doc.get("ok"), r::toString);
            assertTrue(String.valueOf(doc.get("declined")).startsWith(action), r::toString);
            assertEquals(answer == null ? "no confirmation on stdin" : "aborted on user request", doc.get("reason"), r::toString);
            assertEquals(0L, doc.get("exit"), r::toString);
            assertTrue(r.err().contains("nothing written (pass -y"), "the line for a person stays on stderr\n" + r);
        }
    }

    @Test
    void anSpllSwitchScctlRefusesIsADocumentAndExit1() {
        Run r = Run.scctl("--json", "--sim-fault", "unlock", "spll", "select", "-y", "3", "sc1");
        assertEquals(1, r.code(), r::toString);
        assertEquals(Map.of("ok", false, "declined", "switch slot 3's SPLL to SC1", "reason", "the SC clocks are not phase locked,"
                + " so the switch would stop the board's domain (check 'scctl clock show'; --force switches anyway)", "exit", 1L),
                onlyDocument(r));
        assertEquals("scctl: refusing to switch slot 3's SPLL to SC1: the SC clocks are not phase locked, so the switch would"
                + " stop the board's domain (check 'scctl clock show'; --force switches anyway)\n", r.err());
    }

    @Test
    void aRequestPairlockdDeclinesIsADocumentWithItsCode() throws Exception {
        HandlerRegistry handlers = new HandlerRegistry().register("failover.set", dev.pairlock.control.Access.ADMIN, "refuses", ArgSpec.none()
                .required("mode", new ArgSpec.Text(10)), (args, s) -> {
                    throw new ControlException("failed", "switchover refused: priority-1 data is not in sync");
                });
        try (FakeDaemon d = FakeDaemon.start(dir, handlers)) {
            Run r = Run.scctl(d.args("--json", "failover", "force", "-y"));
            assertEquals(1, r.code(), r::toString);
            assertEquals(Map.of("ok", false, "declined", "failover.set", "reason", "switchover refused: priority-1 data is not in sync",
                    "code", "failed", "exit", 1L), onlyDocument(r));
            assertEquals("scctl: switchover refused: priority-1 data is not in sync\n", r.err(), "the daemon's line, as before");
            Run asked = Run.withInput(null, d.args("--json", "failover", "force"));
            assertEquals(0, asked.code(), asked::toString);
            assertEquals("This hands MAIN authority from this SC to its peer", onlyDocument(asked).get("declined"), asked::toString);
        }
    }

    @Test
    void noDaemonToAskIsAnErrorDocument() throws Exception {
        Path conf = FakeDaemon.platformFile(dir);
        Run r = Run.scctl("--backend", "linux", "--config", conf.toString(), "--json", "failover", "off");
        assertEquals(1, r.code(), r::toString);
        assertEquals(Map.of("ok", false, "error", "no pairlockd is running (no control socket at " + dir.resolve("control.sock") + ")",
                "exit", 1L), onlyDocument(r));
    }

    @Test
    void usageErrorsAreDocumentsToo() {
        Run range = Run.scctl("--json", "i2c", "get", "-y", "3", "0x80", "0");
        assertEquals(2, range.code(), range::toString);
        assertTrue(String.valueOf(onlyDocument(range).get("error")).startsWith("chip address '0x80' is out of range"), range::toString);
        Run unknownOption = Run.scctl("i2c", "get", "--json", "--bogus", "3", "0x23");
        assertEquals(2, unknownOption.code(), unknownOption::toString);
        assertTrue(String.valueOf(onlyDocument(unknownOption).get("error")).contains("--bogus"), unknownOption::toString);
        Run text = Run.scctl("i2c", "get", "--bogus", "3", "0x23");
        assertEquals("", text.out(), "without --json stdout stays empty\n" + text);
    }

    /** A command that printed its document and then failed adds no second one: the rest is on stderr. */
    @Test
    void aFailureAfterTheDocumentKeepsStdoutOneDocument() {
        Run r = Run.scctl("--json", "--sim-fault", "hang:3", "board", "scan");
        assertEquals(1, r.code(), r::toString);
        assertEquals("sc0", onlyDocument(r).get("sc"), "the scan's own document: " + r);
        assertEquals("scctl: 1 of 18 slots failed (3): each one's \"error\" says why\n", r.err());
    }

    /** A write that does not read back is the failure's document, with the fields the command prints on success. */
    @Test
    void aReadBackMismatchIsAFailureDocumentWithTheWrittenAndReadValues() {
        Run r = Run.scctl("--json", "reg", "write", "-y", "0x0", "8", "0xff");
        assertEquals(1, r.code(), r::toString);
        String line = "sim:gchip-sc0 offset 0x0: wrote 0xFF, read back 0x01 (a read-only or self-clearing bit? --no-verify skips"
                + " the check)";
        assertEquals(Map.of("ok", false, "error", line, "window", "gchip", "offset", 0L, "width", 8L, "written", 255L,
                "readback", 1L, "exit", 1L), onlyDocument(r));
        assertEquals("scctl: " + line + "\n", r.err());
    }

    static String[] json(List<String> command) {
        return Stream.concat(Stream.of("--json"), command.stream()).toArray(String[]::new);
    }

    /** stdout is exactly one line, and it is a JSON object. */
    static Map<?, ?> onlyDocument(Run r) {
        assertEquals(1, r.out().lines().count(), () -> "one document on stdout\n" + r);
        return (Map<?, ?>) Json.parse(r.out().strip());
    }
}

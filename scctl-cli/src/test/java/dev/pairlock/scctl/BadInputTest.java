package dev.pairlock.scctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input to every command, as a new user types it: each is exit status 2 with one line on stderr
 * that starts "scctl: ", names the bad value readably (ASCII digits only, overflow an error, absurd
 * sizes refused with the limit named, never a 100 KB echo or an empty '') and nothing on stdout.
 */
class BadInputTest {
    private static final String HUGE = "9".repeat(100_000);

    static Stream<Arguments> cases() {
        return Stream.of(
                // numbers: ASCII digits only, overflow is an error
                row("i2c get: a full-width digit", "non-ASCII character U+FF13", "i2c", "get", "-y", "\uFF13", "0x23"),
                row("i2c get: an Arabic-Indic register", "non-ASCII character U+0661", "i2c", "get", "-y", "3", "0x23", "\u0661\u0668"),
                row("i2c get: a bus past 64 bits", "too large", "i2c", "get", "-y", "99999999999999999999", "0x23"),
                row("i2c get: an empty address", "chip address the value is empty", "i2c", "get", "-y", "3", ""),
                row("i2c get: a 100 000-digit register", "(100000 characters)", "i2c", "get", "-y", "3", "0x23", HUGE),
                row("i2c get: a mode", "mode 'q' is not one of", "i2c", "get", "-y", "3", "0x23", "0", "q"),
                row("i2c get: below i2c-tools 4.3's range", "0x08..0x77", "i2c", "get", "-y", "3", "0x05", "0"),
                row("i2c set: a byte too big", "value '0x100' is out of range", "i2c", "set", "-y", "3", "0x23", "0x10", "0x100"),
                row("i2c set: PEC on an I2C block", "takes no PEC suffix", "i2c", "set", "-y", "3", "0x23", "0x10", "1", "ip"),
                row("i2c detect: FIRST below 0x08", "FIRST '0x05' is out of range", "i2c", "detect", "-y", "3", "0x05", "0x10"),
                row("i2c detect: LAST before FIRST", "LAST '0x10' is out of range", "i2c", "detect", "-y", "3", "0x20", "0x10"),
                row("i2c dump: a range without a dash", "is not FIRST-LAST", "i2c", "dump", "-y", "-r", "0x10", "3", "0x23"),
                row("i2c dump: bank 16", "BANK '16' is out of range", "i2c", "dump", "-y", "3", "0x23", "b", "16"),
                row("i2c dump: W from an odd register", "even FIRST", "i2c", "dump", "-y", "-r", "1-4", "3", "0x23", "W"),
                row("i2c transfer: a 99999-byte message", "message length '99999' is out of range", "i2c", "transfer", "-y", "3", "r99999@0x23"),
                row("reg read: an offset past 64 bits", "too large", "reg", "read", "0x10000000000000000"),
                row("reg read: width 7", "is not 8, 16, 32 or 64", "reg", "read", "0x0", "7"),
                row("reg write: a negative value", "value '-1' is out of range", "reg", "write", "-y", "0x0", "-1"),
                row("reg write: a byte too big for 8 bits", "value '0x100' is out of range", "reg", "write", "-y", "0x0", "8", "0x100"),
                row("reg write: a value past 64 bits", "valid is 0x0..0xFFFFFFFFFFFFFFFF", "reg", "write", "-y", "0x0", "64", "0x10000000000000000"),
                row("reg read: an unaligned half-word", "offset 0x1 is not aligned for a 16-bit access", "reg", "read", "0x1", "16"),
                row("reg read: 64 bits past the window", "a 64-bit access at offset 0xc is outside the window", "reg", "read", "0xc", "l"),
                row("clock set-refsel: a word", "is not leader or follower", "clock", "set-refsel", "-y", "middle"),
                row("board scan: an extra word", "Unmatched argument", "board", "scan", "now"),
                row("spll show: an Arabic-Indic slot", "non-ASCII", "spll", "show", "\u0661"),
                row("spll select: sc2", "is not sc0 or sc1", "spll", "select", "-y", "3", "sc2"),
                row("gpio get: a period without a unit", "has no unit", "gpio", "get", "-p", "5", "hb-in"),
                row("gpio monitor: N past the limit", "--num-events '99999999999' is out of range", "gpio", "monitor", "-n", "99999999999", "hb-in"),
                row("gpio set: a value word", "is not one of 1, 0", "gpio", "set", "-y", "hb-out=maybe"),
                row("gpio set: a toggle period in days", "out of range", "gpio", "set", "-y", "-t", "48h", "hb-out=1"),
                row("gpio info: a chip that is not there", "GPIO chip 'gpiochip7' not found", "gpio", "info", "-c", "gpiochip7"),
                row("heartbeat watch: 25 hours", "out of range 1ms..86400s", "heartbeat", "watch", "--duration", "25h"),
                row("heartbeat watch: a control character", "control character", "heartbeat", "watch", "--duration", "1\u0007s"),
                row("simulate: threads that wrap an int", "--threads '4294967297' is out of range", "simulate", "--schedules", "1", "--threads", "4294967297"),
                row("simulate: a trillion schedules", "--schedules '1000000000000' is out of range", "simulate", "--schedules", "1000000000000"),
                row("simulate: seeds past Long.MAX_VALUE", "would run past the largest seed", "simulate", "--seed", "9223372036854775807", "--schedules", "2"),
                row("completion: zsh", "use bash", "completion", "zsh"),
                // global options
                row("--sim-seed past 64 bits", "--sim-seed '9223372036854775808' is too large", "--sim-seed", "9223372036854775808", "clock", "show"),
                row("--sc sc2", "--sc", "--sc", "sc2", "clock", "show"),
                row("--backend nope", "unknown backend 'nope'", "--backend", "nope", "clock", "show"),
                row("--sim-fault hang on slot 99", "slot '99' is out of range", "--sim-fault", "hang:99", "board", "scan"),
                row("--sim-fault reset of sc2", "name the SC to hold in reset, reset:sc0 or reset:sc1", "--sim-fault", "reset:sc2", "clock", "show"),
                row("--json simulate: JSON it cannot print", "'simulate' does not take --json", "--json", "simulate"),
                row("--sim-fault with completion", "does not take --sim-fault", "--sim-fault", "unlock", "completion", "bash"),
                row("an unknown command", "Unmatched argument", "frobnicate"),
                row("an unknown option, 100 000 characters long", "characters)", "board", "scan", "--" + HUGE));
    }

    private static Arguments row(String what, String fragment, String... args) {
        return Arguments.of(what, fragment, List.of(args));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isExit2WithOneReadableLine(String what, String fragment, List<String> args) {
        Run r = Run.scctl(args.toArray(String[]::new));
        assertEquals(2, r.code(), r::toString);
        // stdout has the results only: nothing, or under --json the one document of the failure
        assertEquals(args.contains("--json") ? 1 : 0, r.out().lines().count(), r::toString);
        if (args.contains("--json")) {
            assertTrue(r.out().startsWith("{\"ok\":false,\"error\":\"'simulate' does not take --json"), r::toString);
        }
        assertEquals(1, r.err().lines().count(), () -> "one line:\n" + r);
        assertTrue(r.err().startsWith("scctl: "), r::toString);
        assertTrue(r.err().contains(fragment), () -> "expected '" + fragment + "' in\n" + r);
        assertTrue(r.err().length() < 600, () -> "a readable length, not an echo: " + r.err().length() + " chars");
        assertTrue(!r.err().contains("''"), () -> "no empty quotes: " + r);
    }

    @ParameterizedTest(name = "platform file: {0}")
    @MethodSource("badFiles")
    void aBadPlatformFileIsExit2NamingTheFile(String what, String content, String fragment, @TempDir Path dir) throws Exception {
        Path f = dir.resolve("lab.conf");
        if (content == null) {
            Files.createDirectory(f);
        } else {
            Files.writeString(f, content);
        }
        Run r = Run.scctl("--backend", "linux", "--config", f.toString(), "clock", "show");
        assertEquals(2, r.code(), r::toString);
        assertEquals(1, r.err().lines().count(), () -> "one line:\n" + r);
        assertTrue(r.err().contains("lab.conf"), r::toString);
        assertTrue(r.err().contains(fragment), () -> "expected '" + fragment + "' in\n" + r);
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("a directory", null, "lab.conf"),
                Arguments.of("a missing sc", "slots = 4\n", "sc"),
                Arguments.of("a slot count in Arabic-Indic digits", "sc = sc0\nslots = \u0661\u0668\n", "non-ASCII character U+0661"),
                Arguments.of("a UTF-8 byte order mark", "\uFEFFsc = sc0\n", "lab.conf"),
                Arguments.of("a slot count that overflows", "sc = sc0\nslots = 99999999999999999999\n", "slots"));
    }
}

package dev.pairlock.platform;

import dev.pairlock.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Whatever a platform file holds, reading it either succeeds or fails with a {@link ConfigException}
 * — never a NumberFormatException, an InvalidPathException, a HalArgumentException from a record
 * constructor or anything else that would surface as "internal error".
 */
class PlatformFilePropertyTest {
    private static final Path F = Path.of("/etc/pairlock/fuzz.conf");

    private static final List<String> KEYS = List.of("sc", "slots", "slot.0.bus", "slot.3.address", "slot.255.bus",
            "slot.01.bus", "slot.9999999999.bus", "board.address", "board.id_register", "board.id_width",
            "board.select_register", "board.status_register", "board.lock_bit", "board.input_present_bit",
            "board.output_enabled_bit", "i2c.timeout", "i2c.retries", "i2c.timeout_ms", "gchip.device", "gchip.offset",
            "gchip.size", "gchip.refsel", "gchip.phase_lock", "gchip.peer_clock", "window.bar.device", "window.bar.offset",
            "window.bar.size", "window.gchip.size", "heartbeat.out", "heartbeat.in", "reset.out", "reset.in", "fdt",
            "failover.default", "failover.disable_after_failover", "peer.primary.local", "peer.primary.remote",
            "peer.primary.interface", "peer.fallback.local", "peer.fallback.remote", "peer.fallback.interface",
            "key.file", "watchdog.device", "watchdog.timeout", "state.dir", "control.socket", "control.admin_group", "firmware.version",
            "sync.item.a.path", "sel.file", "nonsense", "SC");

    private static final List<String> VALUES = List.of("sc0", "sc1", "0", "1", "18", "256", "257", "-1", "0x23", "0x7f",
            "0x78", "0xffffffffffffffff", "0x7ffffffffffff000", "9223372036854775807", "077", "0x", "1_000", "__1",
            "byte", "word", "500ms", "25ms", "1.5s", "1e3s", "0.0000000001s", "99999999999999999999h", "yes", "off",
            "/dev/mem", "/", ".", "..", "/dev/null", "regs.bin", "gpiochip1:hb-in", ":", "a:", ":b", "/tmp:0", "0x4:1",
            "0x4:32", "0x2:0", "0xffffffff:0", "4:-1", "10.0.1.1:7301", "[fd00::1]:7301", "[::]:1", "[:1", "host:",
            "0.0.0.0:0", "999.1.1.1:1", "a..b:1", "eth1", "x".repeat(300), "1.2.3.4.5", "１８", "٣", "\t", "'", "#");

    private static final List<String> VALID = List.of("slots = 8", "slot.2.bus = 12", "slot.3.address = 0x41",
            "board.id_width = word", "board.lock_bit = 5", "i2c.timeout = 250ms", "i2c.retries = 3",
            "gchip.device = /dev/mem", "gchip.offset = 0xfe000000", "gchip.size = 0x1000", "gchip.refsel = 0x8:2",
            "window.bar.device = /dev/uio0", "window.bar.size = 4KiB", "heartbeat.out = gpiochip1:hb-out",
            "heartbeat.in = /dev/gpiochip1:1", "reset.out = gpiochip1:3", "reset.in = yes", "fdt = 250ms",
            "failover.default = off", "peer.primary.local = 10.0.1.1:7301", "peer.primary.remote = [fd00::1]:7301",
            "peer.primary.interface = eth1", "key.file = pair.key", "watchdog.device = /dev/watchdog0",
            "watchdog.timeout = 20s", "state.dir = /var/lib/pairlock", "control.socket = ctl.sock",
            "firmware.version = 3.1", "control.admin_group = _sc-adm.1", "sync.item.etc.path = /etc");

    @Provide
    Arbitrary<String> line() {
        Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.of(KEYS),
                Arbitraries.strings().withChars("abcz09._-").ofMinLength(1).ofMaxLength(20));
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.of(VALUES), Arbitraries.strings().ofMaxLength(30),
                Arbitraries.strings().withChars("0123456789xX:.[]-_/abcdef msh").ofMaxLength(25));
        return Combinators.combine(key, value, Arbitraries.of(" = ", "=", " =", "= ", " ", "")).as((k, v, eq) -> k + eq + v);
    }

    @Provide
    Arbitrary<byte[]> file() {
        Arbitrary<byte[]> structured = line().list().ofMaxSize(25).map(lines -> {
            StringBuilder b = new StringBuilder();
            if (!lines.isEmpty() && lines.size() % 3 != 0) {
                b.append("sc = sc0\n");
            }
            lines.forEach(l -> b.append(l).append('\n'));
            return b.toString().getBytes(StandardCharsets.UTF_8);
        });
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        // subsets of a valid file, one line now and then replaced: mostly parse, so both outcomes are covered
        Arbitrary<byte[]> nearlyValid = Combinators.combine(Arbitraries.subsetOf(VALID), line(), Arbitraries.integers().between(0, 3))
                .as((subset, extra, mode) -> {
                    StringBuilder b = new StringBuilder("sc = sc1\n");
                    VALID.stream().filter(subset::contains).forEach(l -> b.append(l).append('\n'));
                    if (mode == 0) {
                        b.append(extra).append('\n');
                    }
                    return b.toString().getBytes(StandardCharsets.UTF_8);
                });
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, structured), net.jqwik.api.Tuple.of(1, raw),
                net.jqwik.api.Tuple.of(3, nearlyValid));
    }

    @Property(tries = 2000)
    void readingAnyFileFailsOnlyWithConfigException(@ForAll("file") byte[] bytes) {
        String outcome = "parsed";
        try {
            PlatformFile pf = PlatformFile.parse(F, bytes).skipOtherSections();
            pf.requireAllUsed();
            pf.config().describe();
        } catch (ConfigException expected) {
            outcome = "refused";
            if (!expected.getMessage().startsWith(F.toString())) {
                throw new AssertionError("the error does not start with the file: " + expected.getMessage());
            }
        }
        Statistics.collect(outcome);
        Statistics.coverage(c -> {
            c.check("parsed").percentage(p -> p > 10);
            c.check("refused").percentage(p -> p > 30);
        });
    }
}

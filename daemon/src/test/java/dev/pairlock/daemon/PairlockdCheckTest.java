package dev.pairlock.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.config.PairKey;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code pairlockd --check}: what it prints for a good file, and exit 2 with file:line for a bad one. */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PairlockdCheckTest {
    @TempDir
    Path dir;
    Path key;

    record Out(int code, String out, String err) {
    }

    private static Out pairlockd(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Pairlockd.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Out(cl.execute(args), out.toString(), err.toString());
    }

    @BeforeEach
    void key() throws Exception {
        key = dir.resolve("pair.key");
        PairKey.generate(key);
    }

    private Path file(String body) throws Exception {
        Path f = dir.resolve("platform.conf");
        Files.writeString(f, "sc = sc1\nslots = 4\n" + body
                + "peer.primary.local = 127.0.0.1:7301\npeer.primary.remote = 127.0.0.2:7301\n"
                + "key.file = " + key + "\nstate.dir = " + dir.resolve("state") + "\ncontrol.socket = " + dir.resolve("c.sock") + "\n");
        return f;
    }

    @Test
    void aGoodFileIsDescribedWithEverythingItWouldOpen() throws Exception {
        Out r = pairlockd("--config", file("gchip.device = /dev/mem\ngchip.offset = 0xfe000000\ngchip.size = 0x1000\n").toString(), "--check");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("sc1, 4 board slots"), r.out());
        assertTrue(r.out().contains("slot 3: /dev/i2c-3 address 0x23"), r.out());
        assertTrue(r.out().contains("peer link primary: 127.0.0.1:7301 -> 127.0.0.2:7301"), r.out());
        assertTrue(r.out().contains("key file " + key + ": a pair key, owner-only (rw-------)"), r.out());
        assertTrue(r.out().contains("state file " + dir.resolve("state").resolve("failover.state") + ": none yet"), r.out());
        assertTrue(r.out().endsWith("is valid\n"), r.out());
    }

    @Test
    void theAdministratorsAreNamed() throws Exception {
        Out r = pairlockd("--config", file("control.admin_group = sc-adm-test\n").toString(), "--check");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("; administrators (failover on|off|force, events clear): root, pairlockd's user, group sc-adm-test"
                + " (no such group here: root and pairlockd's user only)\n"), r.out());
    }

    @Test
    void aBadFileExits2WithFileLineAndKey() throws Exception {
        Path f = file("fdt = 50ms\n");
        Out r = pairlockd("--config", f.toString(), "--check");
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().startsWith("pairlockd: " + f + ":3: fdt: "), r.err());
        Out typo = pairlockd("--config", file("fdtt = 1s\n").toString(), "--check");
        assertEquals(2, typo.code(), typo::toString);
        assertTrue(typo.err().contains(":3: fdtt: is not a known key"), typo.err());
        Out missing = pairlockd("--config", dir.resolve("nope.conf").toString(), "--check");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("etc/sample.conf"), missing.err());
    }

    @Test
    void aKeyFileOthersCanReadIsRefused() throws Exception {
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        Out r = pairlockd("--config", file("").toString(), "--check");
        assertEquals(2, r.code(), r::toString);
        assertEquals("pairlockd: " + key + ": has mode rw-r--r--: a pair key must be readable by its owner only; run 'chmod 600 "
                + key + "'\n", r.err());
    }

    @Test
    void aFileWithoutAPeerLinkIsRefused() throws Exception {
        Path f = dir.resolve("nolink.conf");
        Files.writeString(f, "sc = sc0\nkey.file = " + key + "\n");
        Out r = pairlockd("--config", f.toString(), "--check");
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("peer.primary.remote: is required: pairlockd talks to its peer over it"), r.err());
    }
}

package dev.pairlock.events;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pairlock.config.ConfigException;
import dev.pairlock.config.ConfigFile;
import dev.pairlock.hal.ScId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SnmpConfigTest {
    static final Path F = Path.of("/etc/pairlock/sc0.conf");

    static SnmpConfig parse(String text) {
        return SnmpConfig.parse(ConfigFile.parse(F, text.getBytes(StandardCharsets.UTF_8)), ScId.SC0);
    }

    static String error(String text) {
        return assertThrows(ConfigException.class, () -> parse(text)).getMessage();
    }

    @Test
    void receiversOfBothVersionsReadBackAndSecretsStayOutOfToString() {
        SnmpConfig c = parse("""
                snmp.hold_down = 45s
                snmp.engine_id = 0x80007ed904616263
                snmp.receiver.nms.address = 192.0.2.10
                snmp.receiver.nms.version = 3
                snmp.receiver.nms.user = ops
                snmp.receiver.nms.auth_passphrase = secret-auth-1
                snmp.receiver.nms.priv_passphrase = secret-priv-1
                snmp.receiver.old.address = nms.example:1162
                snmp.receiver.old.version = 2c
                snmp.receiver.old.community = public
                """);
        assertEquals(Duration.ofSeconds(45), c.holdDown());
        assertArrayEquals(HexFormat.of().parseHex("80007ed904616263"), c.engineId());
        assertEquals(2, c.receivers().size());
        SnmpConfig.Receiver v3 = c.receivers().getFirst();
        assertEquals(162, v3.port());
        assertEquals("secret-priv-1", v3.privPassphrase());
        assertFalse(v3.toString().contains("secret"), v3.toString());
        assertEquals(new SnmpConfig.Receiver("old", "nms.example", 1162, SnmpConfig.Version.V2C, "public", null, null, null),
                c.receivers().get(1));
        assertEquals("0x80007ed90470616972" + "6c6f636b2d736330", SnmpConfig.none(ScId.SC0).engineIdHex(), "pairlock-sc0");
    }

    @Test
    void mistakesNameFileLineAndKey() {
        assertEquals(F + ":2: snmp.receiver.a.priv_passphrase: is 5 characters; an SNMPv3 passphrase has at least 8 (RFC 3414)",
                error("snmp.receiver.a.address = 10.0.0.1\nsnmp.receiver.a.priv_passphrase = short\nsnmp.receiver.a.version = 3\n"
                        + "snmp.receiver.a.user = u\nsnmp.receiver.a.auth_passphrase = longenough\n"));
        assertEquals(F + ":1: snmp.receiver.a.address: receiver needs snmp.receiver.a.community (the community string the"
                + " receiver accepts)", error("snmp.receiver.a.address = 10.0.0.1\nsnmp.receiver.a.version = 2c\n"));
        assertEquals(F + ":3: snmp.receiver.a.user: a version 2c receiver has a community, not a user",
                error("snmp.receiver.a.address = 10.0.0.1\nsnmp.receiver.a.version = 2c\nsnmp.receiver.a.user = x\n"));
        assertEquals(F + ":2: snmp.receiver.a.version: '1' is not an SNMP version pairlock sends: 2c or 3",
                error("snmp.receiver.a.address = 10.0.0.1\nsnmp.receiver.a.version = 1\n"));
        assertEquals(F + ":1: snmp.receiver.a.address: '99999' is out of range 1..65535 (0x1..0xFFFF)",
                error("snmp.receiver.a.address = 10.0.0.1:99999\nsnmp.receiver.a.version = 2c\n"));
        assertEquals(F + ":1: snmp.engine_id: an SNMP engine ID is 5 to 32 bytes (RFC 3411); this one is 2",
                error("snmp.engine_id = 0x8000\n"));
        assertEquals(F + ":1: snmp.hold_down: '30' has no unit: write e.g. '30ms' (units: ns, us, ms, s, m, h)",
                error("snmp.hold_down = 30\n"));
    }
}

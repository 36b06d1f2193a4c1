package dev.pairlock.events;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.events.PairlockMib.Notification;
import dev.pairlock.events.PairlockMib.Obj;
import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.time.SystemClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SNMP4J's traps as a real Net-SNMP snmptrapd receives them, compared field by field. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TrapSenderTest {
    static final String COMMUNITY = "pairlock-ev-test";
    static final String USER = "pairlockops";
    static final String AUTH = "auth-passphrase-1";
    static final String PRIV = "priv-passphrase-1";
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path tmp;
    SnmpTrapd trapd;
    final byte[] engineId = SnmpConfig.defaultEngineId(ScId.SC1);

    @BeforeEach
    void startReceiver() throws Exception {
        trapd = SnmpTrapd.start(tmp.resolve("trapd"), COMMUNITY, USER, engineId, AUTH, PRIV);
    }

    @AfterEach
    void stopReceiver() throws Exception {
        trapd.close();
    }

    SnmpConfig.Receiver v2c(String community) {
        return new SnmpConfig.Receiver("nms-v2c", "127.0.0.1", trapd.port(), SnmpConfig.Version.V2C, community, null, null, null);
    }

    SnmpConfig.Receiver v3(String auth, String priv) {
        return new SnmpConfig.Receiver("nms-v3", "127.0.0.1", trapd.port(), SnmpConfig.Version.V3, null, USER, auth, priv);
    }

    TrapSender sender(SnmpConfig.Receiver... receivers) throws Exception {
        return new TrapSender(new SnmpConfig(List.of(receivers), engineId, tmp.resolve("boots"), Duration.ofSeconds(30)),
                SystemClock.INSTANCE);
    }

    static SelRecord record(EventKind kind, Map<String, String> fields) {
        return new SelRecord(4242, Instant.now(), 1, ScId.SC1, Role.MAIN, 17, kind, kind.defaultSeverity(), fields);
    }

    /** Every varbind of the trap for {@code r}, by type and value as snmptrapd prints them. */
    static void assertCarries(SnmpTrapd.Received t, Notification n, SelRecord r) {
        assertEquals("Timeticks", t.get(PairlockMib.SYS_UP_TIME_0).type());
        assertEquals(new SnmpTrapd.Value("OID", n.oid()), t.get(PairlockMib.SNMP_TRAP_OID_0));
        assertEquals(new SnmpTrapd.Value("Counter64", String.valueOf(r.seq())), t.get(Obj.SEQUENCE.oid()));
        assertEquals(new SnmpTrapd.Value("INTEGER", String.valueOf(r.sc().index() + 1)), t.get(Obj.SC.oid()));
        assertEquals(new SnmpTrapd.Value("INTEGER", String.valueOf(PairlockMib.roleValue(r.role()))), t.get(Obj.ROLE.oid()));
        assertEquals(new SnmpTrapd.Value("Counter64", String.valueOf(r.epoch())), t.get(Obj.EPOCH.oid()));
        assertEquals(new SnmpTrapd.Value("INTEGER", String.valueOf(PairlockMib.severityValue(r.severity()))),
                t.get(Obj.SEVERITY.oid()));
        assertEquals(new SnmpTrapd.Value("STRING", r.kindName()), t.get(Obj.KIND.oid()));
        assertEquals(new SnmpTrapd.Value("STRING", TrapCatalog.subject(r)), t.get(Obj.SUBJECT.oid()));
        assertEquals(new SnmpTrapd.Value("STRING", r.field("cause")), t.get(Obj.CAUSE.oid()));
        assertEquals(new SnmpTrapd.Value("STRING", TrapSender.text(r)), t.get(Obj.TEXT.oid()));
    }

    @Test
    void aV2cTrapArrivesWithEveryFieldOfItsRecord() throws Exception {
        SelRecord r = record(EventKind.FAILOVER, Map.of("cause", "dead-main", "in_sync", "yes"));
        try (TrapSender s = sender(v2c(COMMUNITY))) {
            s.send(Notification.FAILOVER, r);
            SnmpTrapd.Received t = trapd.await(1, WAIT).getFirst();
            assertEquals("TRAP2, SNMP v2c, community " + COMMUNITY, t.security());
            assertCarries(t, Notification.FAILOVER, r);
            assertEquals(11, t.varbinds().size(), "sysUpTime, snmpTrapOID and the 9 objects: " + t.varbinds());
        }
    }

    @Test
    void aV3AuthPrivTrapArrivesWithEveryFieldOfItsRecord() throws Exception {
        LinkedHashMap<String, String> f = new LinkedHashMap<>();
        f.put("service", "httpd");
        f.put("status", "3");
        f.put("note", "quotes \" and \\ backslash");
        SelRecord r = record(EventKind.SERVICE_EXITED, f);
        try (TrapSender s = sender(v3(AUTH, PRIV))) {
            s.send(Notification.SERVICE_FAILED, r);
            SnmpTrapd.Received t = trapd.await(1, WAIT).getFirst();
            assertEquals("TRAP2, SNMP v3, user " + USER + ", context ", t.security());
            assertCarries(t, Notification.SERVICE_FAILED, r);
            assertEquals("service:httpd", t.get(Obj.SUBJECT.oid()).value());
        }
    }

    @Test
    void wrongV3CredentialsAreRejectedByTheReceiver() throws Exception {
        SelRecord r = record(EventKind.PEER_LOST, Map.of());
        try (TrapSender wrongAuth = sender(v3("not-the-passphrase", PRIV))) {
            wrongAuth.send(Notification.PEER_LOST, r);
            trapd.awaitLog("Authentication failed for " + USER, WAIT);
        }
        try (TrapSender wrongCommunity = sender(v2c("not-the-community"))) {
            wrongCommunity.send(Notification.PEER_LOST, r);
        }
        // then a good one: it arrives, and it is the only trap in the log
        try (TrapSender good = sender(v3(AUTH, PRIV))) {
            good.send(Notification.PEER_REPAIRED, record(EventKind.PEER_REPAIRED, Map.of()));
            List<SnmpTrapd.Received> all = trapd.await(1, WAIT);
            assertEquals(1, all.size(), "only the trap with the right credentials is accepted: " + all);
            assertEquals(Notification.PEER_REPAIRED.oid(), all.getFirst().get(PairlockMib.SNMP_TRAP_OID_0).value());
        }
    }

    @Test
    void everyReceiverGetsTheTrap() throws Exception {
        try (TrapSender s = sender(v2c(COMMUNITY), v3(AUTH, PRIV))) {
            s.send(Notification.BECAME_MAIN, record(EventKind.ROLE_CHANGED, Map.of("previous", "BECOMING_MAIN")));
            List<SnmpTrapd.Received> t = trapd.await(2, WAIT);
            assertTrue(t.stream().anyMatch(x -> x.security().contains("v2c")));
            assertTrue(t.stream().anyMatch(x -> x.security().contains("v3")));
        }
    }

    @Test
    void aFlappingSummaryCarriesItsCountAndState() throws Exception {
        SelRecord r = record(EventKind.CONDITION_FLAPPING, Map.of("condition", "peer", "transitions", "7", "active", "no"));
        try (TrapSender s = sender(v2c(COMMUNITY))) {
            s.send(Notification.CONDITION_FLAPPING, r);
            SnmpTrapd.Received t = trapd.await(1, WAIT).getFirst();
            assertCarries(t, Notification.CONDITION_FLAPPING, r);
            assertEquals("peer", t.get(Obj.SUBJECT.oid()).value());
            assertEquals(new SnmpTrapd.Value("Gauge32", "7"), t.get(Obj.TRANSITIONS.oid()));
            assertEquals(new SnmpTrapd.Value("INTEGER", "2"), t.get(Obj.ACTIVE.oid()), "TruthValue false(2)");
        }
    }

    @Test
    void engineBootsCountUpPerStartSoAV3ReceiverKeepsAcceptingAfterARestart() throws Exception {
        int first;
        try (TrapSender s = sender(v3(AUTH, PRIV))) {
            first = s.engineBoots();
            s.send(Notification.BECAME_SPARE, record(EventKind.ROLE_CHANGED, Map.of()));
            trapd.await(1, WAIT);
        }
        try (TrapSender s = sender(v3(AUTH, PRIV))) {
            assertEquals(first + 1, s.engineBoots());
            s.send(Notification.BECAME_MAIN, record(EventKind.ROLE_CHANGED, Map.of()));
            trapd.await(2, WAIT);
        }
        assertFalse(trapd.log().contains("Authentication failed"));
    }

    @Test
    void displayStringsAreAsciiAndAtMost255() {
        String s = TrapSender.display("é\tx".repeat(200)).toString();
        assertEquals(255, s.length());
        assertTrue(s.startsWith("? x? x"));
    }
}

package dev.pairlock.scctl;

import static dev.pairlock.scctl.I2cCommandTest.assertUsage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.control.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailoverAndHeartbeatTest {
    @Test
    void showAfterSettlingHasOneMainAndOneSpare() {
        Run sc0 = Run.scctl("--json", "failover", "show");
        assertEquals(0, sc0.code(), sc0::toString);
        assertTrue(sc0.out().startsWith("{\"sc\":\"sc0\",\"role\":\"main\",\"epoch\":1,\"peer_role\":\"spare\""), sc0::toString);
        Run sc1 = Run.scctl("--sc", "sc1", "failover", "show");
        assertTrue(sc1.out().lines().anyMatch(l -> l.matches("role +spare")), sc1::toString);
    }

    /** last_events are objects (the daemon's fields where they mean the same), not padded lines of text. */
    @Test
    void showJsonHasTheRecentEventsAsObjects() {
        Run r = Run.scctl("--json", "failover", "force", "-y");
        assertEquals(0, r.code(), r::toString);
        Map<?, ?> show = (Map<?, ?>) Json.parse(r.out().strip());
        List<?> events = (List<?>) show.get("last_events");
        assertFalse(events.isEmpty(), r::toString);
        long seq = 0;
        double time = 0;
        for (Object o : events) {
            Map<?, ?> e = assertInstanceOf(Map.class, o, "an object, not a string: " + o);
            assertEquals(List.of("seq", "time_s", "sc", "kind", "epoch", "detail", "message"), List.copyOf(e.keySet()), e::toString);
            assertEquals("sc0", e.get("sc"));
            assertTrue(((Number) e.get("seq")).longValue() > seq, "increasing seq: " + events);
            assertTrue(((Number) e.get("time_s")).doubleValue() >= time, "in time order: " + events);
            assertTrue(((String) e.get("kind")).matches("[a-z_]+"), e::toString);
            assertTrue(!((String) e.get("message")).isEmpty(), e::toString);
            seq = ((Number) e.get("seq")).longValue();
            time = ((Number) e.get("time_s")).doubleValue();
        }
        Map<?, ?> started = (Map<?, ?>) events.stream().filter(o -> "switchover_started".equals(((Map<?, ?>) o).get("kind")))
                .findFirst().orElseThrow(() -> new AssertionError("no switchover_started in " + events));
        assertEquals("planned switchover started", started.get("message"));
        assertTrue(events.stream().anyMatch(o -> "role_change".equals(((Map<?, ?>) o).get("kind"))
                && "SPARE".equals(((Map<?, ?>) o).get("detail"))), () -> "SC0 became SPARE: " + events);
        // the text view is the same events, one line each
        Run text = Run.scctl("failover", "force", "-y");
        assertTrue(text.out().lines().anyMatch(l -> l.matches(" +\\d+\\.\\d{3} s  role_change SPARE \\(epoch \\d+\\)")), text::toString);
    }

    @Test
    void forceHandsMainToThePeer() {
        Run r = Run.scctl("failover", "force", "-y");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.matches("role +spare")), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.matches("peer_role +main")), r::toString);
        assertTrue(r.out().contains("switchover_started"), r::toString);
        Run noYes = Run.scctl("failover", "force");
        assertEquals(0, noYes.code(), noYes::toString);
        assertTrue(noYes.err().contains("nothing written (pass -y"), noYes::toString);
    }

    @Test
    void offAndOnToggleAutomaticFailover() {
        Run off = Run.scctl("failover", "off");
        assertTrue(off.out().lines().anyMatch(l -> l.matches("failover_enabled +false")), off::toString);
        Run on = Run.scctl("failover", "on");
        assertTrue(on.out().lines().anyMatch(l -> l.matches("failover_enabled +true")), on::toString);
    }

    @Test
    void heartbeatWatchSeesThePeerBeatOnVirtualTime() {
        Run r = Run.scctl("--json", "heartbeat", "watch", "--duration", "500ms");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("\"missed\":0"), r::toString);
        assertEquals(5, r.out().split("\"sequence\"").length - 1, r::toString);
    }

    @Test
    void heartbeatWatchBadDuration() {
        assertUsage(Run.scctl("heartbeat", "watch", "--duration", "soon"), "duration 'soon'");
        assertUsage(Run.scctl("heartbeat", "watch", "--duration", "0s"), "out of range");
    }
}

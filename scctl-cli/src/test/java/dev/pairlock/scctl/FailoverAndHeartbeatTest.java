package dev.pairlock.scctl;

import static dev.pairlock.scctl.I2cCommandTest.assertUsage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

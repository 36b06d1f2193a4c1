package dev.pairlock.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.clock.RefSel;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class PeerCodecTest {
    @Property(tries = 200)
    void everyMessageSurvivesTheWire(@ForAll PeerMessage.Kind kind, @ForAll Role role, @ForAll long epoch,
                                     @ForAll RefSel refSel, @ForAll long seq) {
        PeerMessage m = new PeerMessage(kind, role, epoch, refSel, seq);
        assertEquals(m, PeerCodec.decode(PeerCodec.encode(m)));
    }

    @Test
    void anotherVersionIsRejectedWithAHint() {
        byte[] b = PeerCodec.encode(new PeerMessage(PeerMessage.Kind.CLAIM, Role.BECOMING_MAIN, 3, RefSel.FOLLOWER, 0));
        b[0] = 2;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PeerCodec.decode(b));
        assertTrue(e.getMessage().contains("version 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PeerCodec.decode(new byte[3]));
    }

    @Test
    void fdtBelowTheMinimumIsRejectedWithTheRange() {
        HalArgumentException e = assertThrows(HalArgumentException.class,
                () -> CoreConfig.defaults(ScId.SC0, 18).withFdt(99_000_000L));
        assertTrue(e.getMessage().contains("100 ms"), e.getMessage());
        assertEquals(20_000_000L, CoreConfig.defaults(ScId.SC0, 18).withFdt(200_000_000L).tickNanos());
    }
}

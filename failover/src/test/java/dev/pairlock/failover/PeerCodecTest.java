package dev.pairlock.failover;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.clock.RefSel;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class PeerCodecTest {
    @Property(tries = 300)
    void everyMessageSurvivesTheWire(@ForAll PeerMessage.Kind kind, @ForAll Role role,
                                     @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long epoch,
                                     @ForAll RefSel refSel, @ForAll long seq, @ForAll boolean enabled,
                                     @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long generation,
                                     @ForAll FailoverSetting.Reason reason, @ForAll @IntRange(min = -1, max = 256) int reachable) {
        PeerMessage m = new PeerMessage(kind, role, epoch, refSel, seq, new FailoverSetting(enabled, generation, reason),
                reachable);
        byte[] b = PeerCodec.encode(m);
        assertEquals(PeerCodec.LENGTH, b.length);
        assertEquals(m, PeerCodec.decode(b));
        assertEquals(enabled, PeerCodec.settingEnabled(b), "the setting read in place");
        assertEquals(generation, PeerCodec.settingGeneration(b));
    }

    /**
     * The bytes on the wire are the class comment's layout, big-endian: a peer built from another
     * codec (or an older pairlock) reads exactly these. The 64-bit fields are written and read as
     * one big-endian access each, so this pins their byte order, which a round trip cannot see.
     */
    @Test
    void aFrameIsTheDocumentedBigEndianLayout() {
        PeerMessage m = new PeerMessage(PeerMessage.Kind.ofOrdinal(1), Role.ofOrdinal(2), 0x0102030405060708L, RefSel.LEADER,
                0x1112131415161718L, new FailoverSetting(true, 0x2122232425262728L, FailoverSetting.Reason.values()[1]), 0x0100);
        byte[] expected = {
            2, 1, 2, (byte) (1 | 2 | 1 << 2),
            1, 2, 3, 4, 5, 6, 7, 8,
            0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18,
            0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28,
            0x01, 0x00};
        assertArrayEquals(expected, PeerCodec.encode(m));
        assertEquals(m, PeerCodec.decode(expected));
        assertEquals(0x2122232425262728L, PeerCodec.settingGeneration(expected));
    }

    private static byte[] claim() {
        return PeerCodec.encode(new PeerMessage(PeerMessage.Kind.CLAIM, Role.BECOMING_MAIN, 3, RefSel.FOLLOWER, 0,
                FailoverSetting.initial(true), 18));
    }

    @Test
    void anotherVersionIsRejectedWithAHint() {
        byte[] b = claim();
        b[0] = 1;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PeerCodec.decode(b));
        assertTrue(e.getMessage().contains("version 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PeerCodec.decode(new byte[3]));
        assertThrows(IllegalArgumentException.class, () -> PeerCodec.decode(new byte[PeerCodec.LENGTH + 1]));
    }

    @Test
    void everyFieldOutOfRangeIsRejectedWithWhatIsWrong() {
        int[][] corruptions = {{1, 7}, {1, -1}, {2, 5}, {2, -128}, {3, 0x10}, {3, 0x0C}, {4, 0x80}, {20, 0x80}, {28, 0x01}};
        String[] says = {"kind", "kind", "role", "role", "flags", "flags", "negative", "negative", "reachable"};
        for (int i = 0; i < corruptions.length; i++) {
            byte[] b = claim();
            b[corruptions[i][0]] = (byte) corruptions[i][1];
            if (corruptions[i][0] == 28) {
                b[29] = 1; // 0x0101 = 257 boards
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PeerCodec.decode(b),
                    says[i]);
            assertTrue(e.getMessage().contains(says[i]), e.getMessage());
            // a frame decode rejects carries no setting for an observer either (the simulator's checker)
            assertThrows(IllegalArgumentException.class, () -> PeerCodec.settingEnabled(b), says[i]);
        }
    }

    @Test
    void fdtBelowTheMinimumIsRejectedWithTheRange() {
        HalArgumentException e = assertThrows(HalArgumentException.class,
                () -> CoreConfig.defaults(ScId.SC0, 18).withFdt(99_000_000L));
        assertTrue(e.getMessage().contains("100 ms"), e.getMessage());
        assertEquals(20_000_000L, CoreConfig.defaults(ScId.SC0, 18).withFdt(200_000_000L).tickNanos());
    }

    @Test
    void aFrameCarryingTheLastSettingReusesItAndAnotherSettingIsDecodedAfresh() {
        FailoverSetting last = new FailoverSetting(false, 7, FailoverSetting.Reason.OPERATOR);
        PeerMessage same = new PeerMessage(PeerMessage.Kind.PING, Role.SPARE, 3, RefSel.FOLLOWER, 9, last, 4);
        FailoverSetting passed = new FailoverSetting(false, 7, FailoverSetting.Reason.OPERATOR); // equal, another object
        assertSame(passed, PeerCodec.decode(PeerCodec.encode(same), passed).setting());
        for (FailoverSetting other : new FailoverSetting[] {new FailoverSetting(true, 7, FailoverSetting.Reason.OPERATOR),
                new FailoverSetting(false, 8, FailoverSetting.Reason.OPERATOR),
                new FailoverSetting(false, 7, FailoverSetting.Reason.AFTER_FAILOVER)}) {
            PeerMessage m = new PeerMessage(PeerMessage.Kind.PING, Role.SPARE, 3, RefSel.FOLLOWER, 9, other, 4);
            FailoverSetting got = PeerCodec.decode(PeerCodec.encode(m), passed).setting();
            assertNotSame(passed, got);
            assertEquals(other, got);
        }
        assertEquals(same, PeerCodec.decode(PeerCodec.encode(same), null));
    }
}

package dev.pairlock.clockregs;

import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.reg.BitField;
import java.util.Objects;

/**
 * Where the Gchip's REF_SEL control bit and its PHASE_LOCK and PEER_CLOCK status bits live in its
 * register window.
 *
 * @param refSel    1 = leader, 0 = follower (the reset value)
 * @param phaseLock 1 while this SC's clock and the peer's are phase locked; read-only to software
 * @param peerClock 1 while the peer's clock reaches this Gchip's phase comparator; read-only
 */
public record GchipLayout(BitField refSel, BitField phaseLock, BitField peerClock) {
    /**
     * REF_SEL = bit 0 of the control register at 0x00; PHASE_LOCK = bit 0 and PEER_CLOCK = bit 1 of
     * the status register at 0x04 (the layout mock-hw's simulated Gchip and the kernel VM's use).
     */
    public static final GchipLayout DEFAULT = new GchipLayout(new BitField("REF_SEL", 0x00, 0, 1),
            new BitField("PHASE_LOCK", 0x04, 0, 1), new BitField("PEER_CLOCK", 0x04, 1, 1));

    public GchipLayout {
        Objects.requireNonNull(refSel, "refSel");
        Objects.requireNonNull(phaseLock, "phaseLock");
        Objects.requireNonNull(peerClock, "peerClock");
        if (refSel.width() != 1 || phaseLock.width() != 1 || peerClock.width() != 1) {
            throw new HalArgumentException("Gchip layout: REF_SEL, PHASE_LOCK and PEER_CLOCK are single bits, not "
                    + refSel.width() + ", " + phaseLock.width() + " and " + peerClock.width() + " bits wide");
        }
    }

    /** The window size needed to hold every register of the layout. */
    long span() {
        return Math.max(refSel.offset(), Math.max(phaseLock.offset(), peerClock.offset())) + 4;
    }
}

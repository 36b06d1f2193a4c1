package dev.pairlock.clockregs;

import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.reg.BitField;
import java.util.Objects;

/**
 * Where the Gchip's REF_SEL control bit and PHASE_LOCK status bit live in its register window.
 *
 * @param refSel    1 = leader, 0 = follower (the reset value)
 * @param phaseLock 1 while this SC's clock and the peer's are phase locked; read-only to software
 */
public record GchipLayout(BitField refSel, BitField phaseLock) {
    /** REF_SEL = bit 0 of the control register at 0x00; PHASE_LOCK = bit 0 of the status register at 0x04. */
    public static final GchipLayout DEFAULT = new GchipLayout(
            new BitField("REF_SEL", 0x00, 0, 1), new BitField("PHASE_LOCK", 0x04, 0, 1));

    public GchipLayout {
        Objects.requireNonNull(refSel, "refSel");
        Objects.requireNonNull(phaseLock, "phaseLock");
        if (refSel.width() != 1 || phaseLock.width() != 1) {
            throw new HalArgumentException("Gchip layout: REF_SEL and PHASE_LOCK are single bits, not "
                    + refSel.width() + " and " + phaseLock.width() + " bits wide");
        }
    }

    /** The window size needed to hold both registers. */
    long span() {
        return Math.max(refSel.offset(), phaseLock.offset()) + 4;
    }
}

package dev.pairlock.hal.clock;

/**
 * The Gchip's REF_SEL: where the VCXO's control voltage comes from. Power-on and reset value is
 * {@link #FOLLOWER}.
 */
public enum RefSel {
    /** REF_SEL=0: phase-compare against the peer's clock and follow it. */
    FOLLOWER(0),
    /** REF_SEL=1: run from the fixed reference; the peer follows us. */
    LEADER(1);

    private final int bit;

    RefSel(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }

    public static RefSel ofBit(int bit) {
        return (bit & 1) == 1 ? LEADER : FOLLOWER;
    }
}

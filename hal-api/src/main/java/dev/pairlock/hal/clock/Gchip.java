package dev.pairlock.hal.clock;

/** One SC's clock chip: REF_SEL, the phase-lock status bit and the peer-clock-present status bit. */
public interface Gchip {
    RefSel refSel();

    void setRefSel(RefSel mode);

    /** True while this SC's clock and the peer's are phase locked (safe to move boards between them). */
    boolean phaseLocked();

    /**
     * True while the Gchip sees the peer SC's clock at its phase comparator input. A powered-off or
     * absent peer has no clock; a peer in reset still has one (reset returns its REF_SEL to follower
     * but its VCXO keeps running). Evidence of absence that needs no cooperation from the peer.
     */
    boolean peerClockPresent();
}

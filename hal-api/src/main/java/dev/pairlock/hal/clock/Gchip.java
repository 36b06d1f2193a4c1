package dev.pairlock.hal.clock;

/** One SC's clock chip: REF_SEL and the phase-lock status bit. */
public interface Gchip {
    RefSel refSel();

    void setRefSel(RefSel mode);

    /** True while this SC's clock and the peer's are phase locked (safe to move boards between them). */
    boolean phaseLocked();
}

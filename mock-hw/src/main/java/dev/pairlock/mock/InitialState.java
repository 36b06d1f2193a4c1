package dev.pairlock.mock;

/** The chassis' hardware state at virtual time 0. */
public enum InitialState {
    /**
     * Both SCs just powered: both followers, clocks not phase locked, every present board's SPLL on
     * SC0's clock but its domain not yet running (programming the SPLL starts it).
     */
    COLD,
    /**
     * SC0 leader, SC1 follower, phase locked; every present board on SC0's clock with its domain
     * running: the seed's situation just before SMS restarts on both SCs.
     */
    RUNNING_SC0_LEADS
}

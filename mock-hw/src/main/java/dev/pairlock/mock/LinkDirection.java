package dev.pairlock.mock;

import dev.pairlock.hal.ScId;

/** Which way(s) a peer-link partition cuts. */
public enum LinkDirection {
    BOTH, SC0_TO_SC1, SC1_TO_SC0;

    /** Whether frames sent by {@code from} are affected. */
    public boolean covers(ScId from) {
        return this == BOTH || (this == SC0_TO_SC1) == (from == ScId.SC0);
    }
}

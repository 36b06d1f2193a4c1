package dev.pairlock.datasync;

import java.util.Optional;

/**
 * One sync link (the CMM's eth1 = primary, eth0 = fallback): the other SC's address on it, and
 * optionally our own address on it to listen on (empty: the listener on all addresses serves it).
 */
public record SyncLink(Name name, Endpoint peer, Optional<String> listenHost) {
    /** Which link. */
    public enum Name {
        PRIMARY, FALLBACK;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @Override
    public String toString() {
        return name + " " + peer;
    }
}

package dev.pairlock.failover;

/**
 * The fomd roles. {@link #HALTED} is the failfast state (ServiceGuard's TOC): an SC whose MAIN
 * lease lapsed stops every hardware write until it reboots.
 */
public enum Role {
    UNKNOWN, SPARE, BECOMING_MAIN, MAIN, HALTED;

    private static final Role[] VALUES = values();

    public static Role ofOrdinal(int ordinal) {
        return ordinal >= 0 && ordinal < VALUES.length ? VALUES[ordinal] : UNKNOWN;
    }
}

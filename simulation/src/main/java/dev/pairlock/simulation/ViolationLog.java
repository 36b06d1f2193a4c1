package dev.pairlock.simulation;

import java.util.ArrayList;
import java.util.List;

/**
 * The violations of one run: every one counted, the first {@value #MAX_KEPT} kept, and the first of
 * every property kept whatever came before it, so that a flood of one kind cannot hide another.
 */
final class ViolationLog {
    private static final int MAX_KEPT = 20;

    private final List<Violation> kept = new ArrayList<>();
    private long count;

    void add(long at, String property, String detail) {
        count++;
        boolean firstOfKind = kept.stream().noneMatch(v -> v.property().equals(property));
        if (kept.size() < MAX_KEPT || firstOfKind) {
            kept.add(new Violation(at, property, detail));
        }
    }

    /** The violations kept, in the order they were found. */
    List<Violation> kept() {
        return kept;
    }

    /** Every violation found, kept or not. */
    long count() {
        return count;
    }
}

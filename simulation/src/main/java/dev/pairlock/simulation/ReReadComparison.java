package dev.pairlock.simulation;

import dev.pairlock.mock.Chassis;

/**
 * {@link SafetyChecker.Mode#VERIFIED}: the incremental checker held to a full re-read after every
 * event. It keeps a shadow of the signal paths that observes the chassis after every event, as
 * {@link SafetyChecker.Mode#FULL} does, and throws at the first event after which the incremental
 * paths differ from it, or after which the checker skipped a pass that would have changed its
 * facts. A throw, not a violation: it is the checker that is wrong then, not the software.
 */
final class ReReadComparison {
    /** The checker's own paths, re-read only after an event that can have changed them. */
    private final SignalPaths paths;
    /** The same paths observed after every event, which {@link #paths} must equal. */
    private final SignalPaths shadow;

    ReReadComparison(Chassis chassis, long fdtNanos, SignalPaths paths) {
        this.paths = paths;
        this.shadow = new SignalPaths(chassis, fdtNanos);
    }

    /** After every event, once the checker is done with its paths: they equal those re-read now. */
    void paths(long t, boolean e0, boolean e1) {
        shadow.observe(e0, e1);
        if (!paths.state().equals(shadow.state())) {
            throw new IllegalStateException("incremental signal paths differ from a full re-read at " + t + " ns: "
                    + paths.state() + " vs " + shadow.state());
        }
    }

    /**
     * After an event whose pass the checker skipped: the paths (as after every event), then what
     * the checker found when it read its other facts afresh ({@code factsCurrent}: a full pass
     * would have changed none of them).
     */
    void skippedPass(long t, boolean e0, boolean e1, boolean factsCurrent) {
        paths(t, e0, e1);
        if (!factsCurrent) {
            throw new IllegalStateException("the checker skipped the pass after the event at " + t
                    + " ns, but a full pass would have changed its facts (or a software state version moved):"
                    + " a writer of what the pass reads did not mark the checker dirty — a runtime's"
                    + " Listener.onStateChange, a trace event or a checker callback — mark it where that fact changes");
        }
    }
}

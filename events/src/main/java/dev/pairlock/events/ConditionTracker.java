package dev.pairlock.events;

import dev.pairlock.hal.time.Scheduler;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * "Reported once" (the CMM's rule for sync failures, applied to every failure condition): a
 * condition sends one trap when it starts and one when it clears, never one per probe; a condition
 * that changes state again within the hold-down interval after a reported change is not reported per
 * change: when the interval ends, one summary says how many changes there were and whether the
 * condition holds now, and if that differs from what was last reported, the latest change is reported
 * too, so that a receiver pairing starts with clears ends up right. Summaries repeat at most once per
 * interval while the flapping goes on.
 *
 * <p>Runs on one {@link Scheduler} (all calls from its tasks): no locks; time is the scheduler's.
 */
public final class ConditionTracker {
    /** Where decisions go. */
    public interface Output {
        /** Send the trap of this record (a condition's start or clear). */
        void report(SelRecord record);

        /**
         * The condition changed {@code transitions} times without a trap of its own; it now holds or
         * not. If {@code thenReport} is not null, its trap is to follow the summary's: the state now
         * differs from the one last reported.
         */
        void flapping(String condition, int transitions, boolean active, SelRecord latest, SelRecord thenReport);
    }

    private final Scheduler scheduler;
    private final long holdDownNanos;
    private final Output out;
    private final Map<String, State> states = new HashMap<>();

    private static final class State {
        boolean active;
        boolean reported;
        boolean windowOpen;
        int suppressed;
        SelRecord latest;
    }

    public ConditionTracker(Scheduler scheduler, long holdDownNanos, Output out) {
        if (holdDownNanos < 0) {
            throw new IllegalArgumentException("hold-down " + holdDownNanos + " ns < 0");
        }
        this.scheduler = scheduler;
        this.holdDownNanos = holdDownNanos;
        this.out = out;
    }

    /**
     * The condition {@code key} holds ({@code active}) as of {@code record}. Saying again what is
     * already known (a probe repeating its failure) changes nothing; a clear of a condition never
     * started sends nothing.
     */
    public void update(String key, boolean active, SelRecord record) {
        State s = states.computeIfAbsent(key, k -> new State());
        if (s.active == active) {
            return;
        }
        s.active = active;
        s.latest = record;
        if (s.windowOpen) {
            s.suppressed++;
            return;
        }
        out.report(record);
        s.reported = active;
        openWindow(key, s);
    }

    private void openWindow(String key, State s) {
        if (holdDownNanos == 0) {
            forgetIfQuiet(key, s);
            return;
        }
        s.windowOpen = true;
        scheduler.schedule(holdDownNanos, () -> windowEnds(key, s));
    }

    private void windowEnds(String key, State s) {
        if (states.get(key) != s) {
            return;
        }
        if (s.suppressed == 0) {
            s.windowOpen = false;
            forgetIfQuiet(key, s);
            return;
        }
        int n = s.suppressed;
        s.suppressed = 0;
        out.flapping(key, n, s.active, s.latest, s.active != s.reported ? s.latest : null);
        s.reported = s.active;
        scheduler.schedule(holdDownNanos, () -> windowEnds(key, s));
    }

    /** A cleared condition with no window open is forgotten: {@code board:N} keys do not pile up. */
    private void forgetIfQuiet(String key, State s) {
        if (!s.active && !s.windowOpen) {
            states.remove(key);
        }
    }

    /** The conditions that hold now, by key (for status displays). */
    public Map<String, Boolean> conditions() {
        Map<String, Boolean> m = new TreeMap<>();
        states.forEach((k, s) -> m.put(k, s.active));
        return m;
    }
}

package dev.pairlock.supervision;

/**
 * What the supervisor asks of the failover protocol when a service on the MAIN has used all its
 * restarts: hand MAIN to the SPARE by the planned path. pairlockd implements it; it starts the
 * switchover only if the SPARE is healthy and priority-1 data is in sync (S5), else says why not.
 * Called on the supervisor's thread. The answer is the failover core's decision, so it waits for that
 * (a few ticks), not for the switchover to finish: "started" means the core began it, not that it
 * was asked.
 */
@FunctionalInterface
public interface FailoverRequester {
    Answer requestPlannedFailover(String cause);

    /** Whether the switchover was started, and if not, why not (e.g. "priority-1 data not in sync"). */
    record Answer(boolean started, String refusal) {
        public static Answer accepted() {
            return new Answer(true, "");
        }

        public static Answer refused(String why) {
            return new Answer(false, why);
        }
    }
}

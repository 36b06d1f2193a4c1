package dev.pairlock.daemon;

import dev.pairlock.failover.ControllerRuntime;
import dev.pairlock.failover.Event;
import dev.pairlock.failover.FailoverStatus;
import dev.pairlock.failover.HealthEvent;
import dev.pairlock.failover.Role;

/**
 * A planned switchover asked of the core, and the core's own answer to it. The core decides when the
 * {@code FAILOVER_FORCE} reaches it, after any sync word that overtook it in the queue (S5: a SEL
 * record written just after the request turns priority-1 "syncing" first), so whatever the asker
 * checked beforehand is a hint: the answer is the {@code SWITCHOVER_REFUSED} the core logs, or the
 * {@code SWITCHOVER_STARTED} with which it leaves MAIN. The operator's {@code failover force}, the
 * clean stop's hand-over and the supervisor's request all ask through here.
 */
final class PlannedSwitchover {
    /** How far to wait: the core's decision, or the peer being MAIN in our epoch as well. */
    enum Until { DECIDED, HANDED_OVER }

    /**
     * What came of it.
     *
     * @param status  the last status seen (null while the runtime restarts)
     * @param refusal the core's refusal, null if it did not refuse
     * @param started the core logged SWITCHOVER_STARTED for this request
     * @param reached the wait ended because {@code until} was reached (not at its bound)
     */
    record Outcome(FailoverStatus status, HealthEvent refusal, boolean started, boolean reached) {
        static boolean handedOver(FailoverStatus st) {
            return st.role() == Role.SPARE && st.peerRole() == Role.MAIN && st.peerEpoch() == st.epoch();
        }
    }

    private PlannedSwitchover() {
    }

    /**
     * Why the peer cannot take MAIN over by the planned path as far as our last status knows, or null:
     * checked before asking, so that a hopeless request does not become the core's refusal record
     * (the core checks all of it again, and more, when it decides).
     */
    static String peerCannotTakeOver(FailoverStatus st) {
        if (st.peerRole() == Role.SPARE && st.peerEpoch() == st.epoch() && !st.heartbeatFailed() && !st.linkFailed()) {
            return null;
        }
        return "peer " + st.peerRole() + " in epoch " + st.peerEpoch() + (st.heartbeatFailed() ? ", heartbeat lost" : "")
                + (st.linkFailed() ? ", peer link down" : "");
    }

    /**
     * Posts the force and waits at most {@code ticks} control-loop ticks for {@code until}. One request
     * at a time per loop: the answer is read from the core's events after the request, so a second
     * asker's refusal (NOT_MAIN, the first one having started) must not become the first one's.
     */
    static Outcome ask(ControlLoop loop, Until until, int ticks) {
        synchronized (loop) {
            return askAlone(loop, until, ticks);
        }
    }

    private static Outcome askAlone(ControlLoop loop, Until until, int ticks) {
        long since = loop.call(rt -> rt.status() == null ? Long.MIN_VALUE : lastEventTime(rt.status()));
        loop.post(new Event.Operator(Event.Operator.Op.FAILOVER_FORCE));
        ControlLoop.Polled<FailoverStatus> p = loop.poll(ControllerRuntime::status,
                st -> st != null && (find(st, since, HealthEvent.Kind.SWITCHOVER_REFUSED) != null
                        || (until == Until.DECIDED ? find(st, since, HealthEvent.Kind.SWITCHOVER_STARTED) != null
                                : Outcome.handedOver(st))), ticks);
        FailoverStatus st = p.value();
        HealthEvent refusal = st == null ? null : find(st, since, HealthEvent.Kind.SWITCHOVER_REFUSED);
        boolean started = st != null && find(st, since, HealthEvent.Kind.SWITCHOVER_STARTED) != null;
        return new Outcome(st, refusal, started, p.held());
    }

    private static long lastEventTime(FailoverStatus st) {
        return st.lastEvents().isEmpty() ? Long.MIN_VALUE : st.lastEvents().getLast().timeNanos();
    }

    private static HealthEvent find(FailoverStatus st, long since, HealthEvent.Kind kind) {
        for (HealthEvent e : st.lastEvents()) {
            if (e.timeNanos() > since && e.kind() == kind) {
                return e;
            }
        }
        return null;
    }
}

package dev.pairlock.simulation;

import dev.pairlock.hal.ScId;
import dev.pairlock.mock.Chassis;
import dev.pairlock.mock.Physics;
import java.util.ArrayList;
import java.util.List;

/**
 * Ground truth for S4's "within reach": when what each SC emits can arrive at its peer, per path.
 * The heartbeat line delivers an edge after its fixed propagation; a peer-link frame travels with
 * the latency in force <em>when it was sent</em> (the chassis draws it at the send), so after a
 * latency change frames sent before it still arrive with the old one, and those sent after it with
 * the new one: a rise opens a gap in the arrivals, a fall does not cut the old frames short. The
 * checker judges the past with this history, never with the latency of the moment it judges in.
 */
final class SignalPaths {
    /** One stretch of constant link latency from one SC: frames sent from {@code from} on take up to {@code latency}. */
    private record Stretch(long from, long latency) {
    }

    private final Chassis chassis;
    private final Physics physics;
    private final long heartbeatPropagation;
    private final long horizon;
    /** Per sending SC, the link latency's history, oldest first; the last stretch is open. */
    private final List<List<Stretch>> latency = List.of(new ArrayList<>(), new ArrayList<>());
    /**
     * Per sending SC, the open stretch's latency (-1 before the first): checked after every event,
     * so the common case (no change) reads one array element instead of walking the history.
     */
    private final long[] openLatency = {-1, -1};
    /**
     * Per sending SC, when the history's oldest stretch may be dropped: its frames have all arrived
     * by this instant plus the horizon (MAX_VALUE while it is the only stretch).
     */
    private final long[] trimAfter = {Long.MAX_VALUE, Long.MAX_VALUE};
    /** Per sending SC, since when its beats could reach the peer without a break (MAX_VALUE: none can now). */
    private final long[] heartbeatSince = {Long.MAX_VALUE, Long.MAX_VALUE};
    /** Per sending SC, since when its frames could be sent to the peer without a break (MAX_VALUE: none now). */
    private final long[] linkSince = {Long.MAX_VALUE, Long.MAX_VALUE};

    /** @param horizon how far back the latency history must reach (stretches whose frames all arrived earlier are dropped) */
    SignalPaths(Chassis chassis, long horizon) {
        this.chassis = chassis;
        this.physics = chassis.physics();
        this.heartbeatPropagation = chassis.config().heartbeatPropagation().toNanos();
        this.horizon = horizon;
        observe(false, false);
    }

    private long now() {
        return chassis.time().now();
    }

    /** Records the link latencies now in force (a change starts a new stretch); call before every judgement. */
    private void syncLatency() {
        long now = now();
        for (int i = 0; i < 2; i++) {
            long l = physics.linkLatencyMaxNanos(ScId.of(i));
            if (l != openLatency[i]) {
                List<Stretch> h = latency.get(i);
                if (!h.isEmpty() && h.getLast().from() == now) {
                    h.removeLast(); // changed twice at one instant: nothing was sent with the first
                }
                h.add(new Stretch(now, l));
                openLatency[i] = l;
                trimAfter[i] = trimAfter(h);
            }
            trim(i, now);
        }
    }

    /** Drops SC i's stretches whose frames all arrived before the horizon: they cannot matter any more. */
    private void trim(int i, long now) {
        if (now - horizon > trimAfter[i]) {
            List<Stretch> h = latency.get(i);
            while (h.size() > 1 && h.get(1).from() + h.getFirst().latency() < now - horizon) {
                h.removeFirst();
            }
            trimAfter[i] = trimAfter(h);
        }
    }

    /** When the oldest stretch of {@code h} has had all its frames arrive (MAX_VALUE: it is the open one). */
    private static long trimAfter(List<Stretch> h) {
        return h.size() > 1 ? h.get(1).from() + h.getFirst().latency() : Long.MAX_VALUE;
    }

    /**
     * After every event: whether each SC, running and not frozen with its peer running, emits on its
     * heartbeat line and its link. {@code scNRunning}: SC N's software runs on a running, unstalled slot.
     */
    void observe(boolean sc0Running, boolean sc1Running) {
        syncLatency();
        long now = now();
        for (int i = 0; i < 2; i++) {
            ScId sc = ScId.of(i);
            boolean emits = (i == 0 ? sc0Running : sc1Running) && chassis.running(sc.peer());
            heartbeatSince[i] = !(emits && physics.heartbeatLineUp(sc)) ? Long.MAX_VALUE : Math.min(heartbeatSince[i], now);
            linkSince[i] = !(emits && physics.linkUp(sc)) ? Long.MAX_VALUE : Math.min(linkSince[i], now);
        }
    }

    /**
     * After an event that cannot have changed what {@link #observe} reads — neither SC's emitting,
     * nor any chassis state (every change of a path, a latency or a slot's running comes with a
     * trace event, which makes the checker observe): what observe would do then, without reading
     * the chassis. The beats' and frames' "since" stay as they are (an unchanged path keeps its
     * since), and the latency history is trimmed as time passes, exactly as observe trims it.
     */
    void unchanged() {
        long now = now();
        trim(0, now);
        trim(1, now);
    }

    /**
     * The first instant at which {@link #unchanged} would drop a stretch (MAX_VALUE: none before a
     * new one begins, which comes with a trace event): until then it would change nothing, and the
     * checker's fast path need not call it.
     */
    long trimDue() {
        long after = Math.min(trimAfter[0], trimAfter[1]);
        return after == Long.MAX_VALUE ? Long.MAX_VALUE : after + horizon + 1; // trim: now - horizon > trimAfter
    }

    /** Every fact this holds, to compare an incrementally observed instance with one observed after every event. */
    String state() {
        return "heartbeatSince=" + java.util.Arrays.toString(heartbeatSince) + " linkSince=" + java.util.Arrays.toString(linkSince)
                + " openLatency=" + java.util.Arrays.toString(openLatency) + " trimAfter=" + java.util.Arrays.toString(trimAfter)
                + " latency=" + latency;
    }

    /** Whether {@code from}'s path to its peer is up now (either signal), as last observed. */
    boolean up(ScId from) {
        return heartbeatSince[from.index()] != Long.MAX_VALUE || linkSince[from.index()] != Long.MAX_VALUE;
    }

    /**
     * Whether something {@code from} emitted without a break up to now was arriving at its peer at
     * instant {@code t} (t at most now): a beat since {@code heartbeatSince + propagation}, or a
     * frame sent at some s since {@code linkSince} with s + latency(s) at or before t (and frames
     * keep coming: those sent later in the same stretch arrive later).
     */
    boolean arriving(ScId from, long t) {
        syncLatency();
        int i = from.index();
        if (heartbeatSince[i] != Long.MAX_VALUE && heartbeatSince[i] + heartbeatPropagation <= t) {
            return true;
        }
        long since = linkSince[i];
        if (since == Long.MAX_VALUE) {
            return false;
        }
        List<Stretch> h = latency.get(i);
        for (int k = 0; k < h.size(); k++) {
            long end = k + 1 < h.size() ? h.get(k + 1).from() : Long.MAX_VALUE;
            if (end <= since) {
                continue;
            }
            long first = Math.max(h.get(k).from(), since) + h.get(k).latency();
            long last = end == Long.MAX_VALUE ? Long.MAX_VALUE : end + h.get(k).latency();
            if (first <= t && t < last) {
                return true;
            }
        }
        return false;
    }

    /** The latest instant a frame {@code from} sent between {@code a} and {@code b} (inclusive) can arrive. */
    long latestArrival(ScId from, long a, long b) {
        syncLatency();
        List<Stretch> h = latency.get(from.index());
        long latest = b; // a stretch no longer kept: its frames all arrived before the horizon
        for (int k = 0; k < h.size(); k++) {
            long end = k + 1 < h.size() ? h.get(k + 1).from() : Long.MAX_VALUE;
            if (end > a && h.get(k).from() <= b) {
                latest = Math.max(latest, Math.min(b, end) + h.get(k).latency());
            }
        }
        return latest;
    }
}

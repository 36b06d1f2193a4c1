package dev.pairlock.failover;

/**
 * The peer's frames on their way to {@link ControllerRuntime}'s core: taken off the peer link as
 * they arrive (on the link's thread), stamped and queued on the control loop, and there delivered
 * to the incarnation that listened for them as {@link Event.Frame}s — unless they waited too long
 * ({@link LoopLateness}) or do not decode (logged as {@link HealthEvent.Kind#BAD_FRAME}).
 *
 * <p>A frame that waited out a pause of ours (GC, hung thread) describes a peer that may have moved
 * on: a HANDOVER or SPARE_ACK acted on now could make a second MAIN. Every message is repeated
 * each tick while it matters, so dropping stale ones loses nothing — but that the peer spoke is
 * news: the count goes to the core with the next tick (an undecided SC then listens longer
 * instead of deciding alone), and a loop that keeps dropping them is logged.
 */
final class PeerInbox {
    private final ControllerRuntime runtime;
    /**
     * The failover setting the last decoded peer frame carried (null before one): the next frame's,
     * usually. Kept across restarts; control loop only.
     */
    private FailoverSetting lastPeerSetting;

    PeerInbox(ControllerRuntime runtime) {
        this.runtime = runtime;
    }

    /** From now on the link's frames go to incarnation {@code inc} (an older one's listener is replaced). */
    void listen(int inc) {
        runtime.hw.peerLink().onFrame(frame -> {
            long arrived = runtime.now();
            runtime.scheduler.schedule(0, () -> {
                try {
                    receive(frame, arrived, inc);
                } catch (Throwable t) {
                    runtime.failSafe.fault(inc, "peer frame", t); // guarded, inline: one task object per frame
                }
            });
        });
    }

    private void receive(byte[] frame, long arrived, int inc) {
        ControllerRuntime rt = runtime;
        if (inc != rt.incarnation) {
            return;
        }
        if (rt.lateness.frameStale(arrived, rt.now(), rt.core)) {
            return;
        }
        PeerMessage m;
        try {
            m = PeerCodec.decode(frame, lastPeerSetting);
            lastPeerSetting = m.setting();
        } catch (IllegalArgumentException e) {
            rt.listener.onHealth(rt.cfg.self(), new HealthEvent(rt.now(), HealthEvent.Kind.BAD_FRAME, rt.core.epoch(),
                    HealthEvent.Detail.NONE));
            return;
        }
        rt.deliver(new Event.Frame(m));
    }
}

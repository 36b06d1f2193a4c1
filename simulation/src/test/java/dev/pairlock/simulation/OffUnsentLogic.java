package dev.pairlock.simulation;

import dev.pairlock.failover.Command;
import dev.pairlock.failover.ControllerCore;
import dev.pairlock.failover.ControllerRuntime;
import dev.pairlock.failover.Event;
import dev.pairlock.failover.FailoverSetting;
import dev.pairlock.failover.ForwardingLogic;
import dev.pairlock.failover.HealthEvent;
import dev.pairlock.failover.PeerMessage;
import dev.pairlock.hal.ScId;
import java.util.ArrayList;
import java.util.List;

/**
 * The real {@link ControllerCore}, mute about an off: it takes failover off (from the operator or
 * from its peer's frames), persists it, keeps it and refuses to take over by it, but every frame it
 * sends carries the last ON it held instead. By its own lights, and by its own word, it is off; its
 * peer never learns it and takes over a dead MAIN rightly by what it heard. No claim of either SC is
 * wrong: only the rule on what an SC sends ({@link SentSettingRule}) can tell.
 */
final class OffUnsentLogic extends ForwardingLogic {
    /** What the mute SC did in one run, for a sweep to count (a run is one thread: no locking). */
    static final class Record {
        /** The instants at which it sent a frame with its off replaced by an on. */
        final List<Long> hidden = new ArrayList<>();
        /** The first instant it did so with an off not of SMS's disable-after-failover rule (-1: never). */
        long firstHiddenNotAutomatic = -1;
        /** The instants at which its peer (the real protocol) logged DEAD_MAIN_TAKEOVER. */
        final List<Long> peerTakeovers = new ArrayList<>();
    }

    private final Record record;
    /** The ON its frames carry while its core is off: the last ON it sent (the default before any). */
    private FailoverSetting shown = FailoverSetting.initial(true);

    private OffUnsentLogic(ControllerCore core, Record record) {
        super(core);
        this.record = record;
    }

    /** {@code only} is mute about its off, the other SC runs the real protocol (its takeovers recorded). */
    static SoftwareFactory factory(ScId only, Record record) {
        return (hw, cfg, scheduler, lanes, listener, busy) -> new RuntimeSoftware(new ControllerRuntime(hw, cfg,
                scheduler, lanes, c -> c.self() == only ? new OffUnsentLogic(new ControllerCore(c), record)
                        : new TakeoverRecorder(new ControllerCore(c), record),
                listener, 3 * cfg.fdtNanos()));
    }

    /** The real protocol, unchanged; the instants it logs DEAD_MAIN_TAKEOVER go to the record. */
    private static final class TakeoverRecorder extends ForwardingLogic {
        private final Record record;

        TakeoverRecorder(ControllerCore core, Record record) {
            super(core);
            this.record = record;
        }

        @Override
        public void handle(Event event, long nowNanos, List<Command> out) {
            int from = out.size();
            delegate.handle(event, nowNanos, out);
            for (int k = from; k < out.size(); k++) {
                if (out.get(k) instanceof Command.Log l && l.event().kind() == HealthEvent.Kind.DEAD_MAIN_TAKEOVER) {
                    record.peerTakeovers.add(nowNanos);
                }
            }
        }
    }

    static SoftwareFactory factory(ScId only) {
        return factory(only, new Record());
    }

    @Override
    public void handle(Event event, long nowNanos, List<Command> out) {
        int from = out.size();
        delegate.handle(event, nowNanos, out);
        for (int k = from; k < out.size(); k++) {
            if (out.get(k) instanceof Command.Send s && s.message().setting().enabled()) {
                shown = s.message().setting();
            } else if (out.get(k) instanceof Command.Send s) {
                PeerMessage m = s.message();
                out.set(k, new Command.Send(new PeerMessage(m.kind(), m.role(), m.epoch(), m.refSel(), m.seq(), shown,
                        m.reachable())));
                record.hidden.add(nowNanos);
                if (record.firstHiddenNotAutomatic < 0 && m.setting().reason() != FailoverSetting.Reason.AFTER_FAILOVER) {
                    record.firstHiddenNotAutomatic = nowNanos;
                }
            }
        }
    }
}

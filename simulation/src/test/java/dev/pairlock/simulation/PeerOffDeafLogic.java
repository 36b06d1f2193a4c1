package dev.pairlock.simulation;

import dev.pairlock.failover.Command;
import dev.pairlock.failover.ControllerCore;
import dev.pairlock.failover.ControllerRuntime;
import dev.pairlock.failover.Event;
import dev.pairlock.failover.ForwardingLogic;
import dev.pairlock.failover.PeerMessage;
import dev.pairlock.hal.ScId;
import java.util.List;

/**
 * The real {@link ControllerCore}, deaf to an OFF that comes over the peer link: a frame carrying
 * failover off reaches the core with the core's own setting in its place, so it neither adopts nor
 * echoes the peer's off (everything else in the frame is real: the link stays proven, the roles
 * work). Its {@code setfailover} commands and its own word are honest: it says "on", and by its
 * own lights it is. Only the record of what the link delivered can tell it was off.
 */
final class PeerOffDeafLogic extends ForwardingLogic {
    private final ControllerCore core;

    private PeerOffDeafLogic(ControllerCore core) {
        super(core);
        this.core = core;
    }

    /** {@code only} is deaf to the peer's off, the other SC runs the real protocol. */
    static SoftwareFactory factory(ScId only) {
        return (hw, cfg, scheduler, lanes, listener, busy) -> new RuntimeSoftware(new ControllerRuntime(hw, cfg,
                scheduler, lanes, c -> c.self() == only ? new PeerOffDeafLogic(new ControllerCore(c)) : new ControllerCore(c),
                listener, 3 * cfg.fdtNanos()));
    }

    @Override
    public void handle(Event event, long nowNanos, List<Command> out) {
        if (event instanceof Event.Frame f && !f.message().setting().enabled()) {
            PeerMessage m = f.message();
            event = new Event.Frame(new PeerMessage(m.kind(), m.role(), m.epoch(), m.refSel(), m.seq(),
                    core.status().setting(), m.reachable()));
        }
        core.handle(event, nowNanos, out);
    }
}

package dev.pairlock.simulation;

import dev.pairlock.failover.Command;
import dev.pairlock.failover.ControllerCore;
import dev.pairlock.failover.ControllerLogic;
import dev.pairlock.failover.ControllerRuntime;
import dev.pairlock.failover.Event;
import dev.pairlock.failover.ForwardingLogic;
import dev.pairlock.hal.ScId;
import java.util.List;
import java.util.function.Predicate;

/**
 * The real {@link ControllerCore} with one deliberate bug: some events never reach it, or some of
 * the commands it asks for are silently dropped. Runs in the real {@link ControllerRuntime}, so the
 * runtime's own S3 enforcement stays in place; only the protocol decision is broken.
 */
final class BrokenLogic extends ForwardingLogic {
    private final Predicate<Event> dropIn;
    private final Predicate<Command> dropOut;

    BrokenLogic(ControllerLogic core, Predicate<Event> dropIn, Predicate<Command> dropOut) {
        super(core);
        this.dropIn = dropIn;
        this.dropOut = dropOut;
    }

    /** Both SCs (or only {@code only}, the other running the real protocol) with the bug. */
    static SoftwareFactory factory(ScId only, Predicate<Event> dropIn, Predicate<Command> dropOut) {
        return (hw, cfg, scheduler, lanes, listener, busy) -> {
            boolean broken = only == null || cfg.self() == only;
            return new RuntimeSoftware(new ControllerRuntime(hw, cfg, scheduler, lanes,
                    c -> broken ? new BrokenLogic(new ControllerCore(c), dropIn, dropOut) : new ControllerCore(c),
                    listener, 3 * cfg.fdtNanos()));
        };
    }

    @Override
    public void handle(Event event, long nowNanos, List<Command> out) {
        if (dropIn.test(event)) {
            return;
        }
        int from = out.size();
        delegate.handle(event, nowNanos, out);
        out.subList(from, out.size()).removeIf(dropOut);
    }
}

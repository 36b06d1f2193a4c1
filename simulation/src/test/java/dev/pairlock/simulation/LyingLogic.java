package dev.pairlock.simulation;

import dev.pairlock.failover.Command;
import dev.pairlock.failover.ControllerCore;
import dev.pairlock.failover.ControllerRuntime;
import dev.pairlock.failover.Event;
import dev.pairlock.failover.ForwardingLogic;
import dev.pairlock.failover.InMemoryStateStore;
import dev.pairlock.failover.PersistedState;
import dev.pairlock.failover.Role;
import dev.pairlock.failover.StateStore;
import dev.pairlock.hal.ScId;
import java.util.List;
import java.util.Optional;

/**
 * The real {@link ControllerCore} behind a wrapper that misreports one thing, each a bug a checker
 * rule exists for: an impatient claimant that calls itself MAIN as soon as it claims (S4), a
 * controller that says failover is off after {@code setfailover off} but never tells its core
 * (FAILOVER_OFF). Plus a state store that forgets (EPOCH).
 */
final class LyingLogic extends ForwardingLogic {
    enum Lie { MAIN_ON_CLAIM, SETTING_IGNORED }

    /** The same object as {@link #delegate}, as the real core (its role and lease are lied about). */
    private final ControllerCore core;
    private final Lie lie;
    private boolean saidOff;

    LyingLogic(ControllerCore core, Lie lie) {
        super(core);
        this.core = core;
        this.lie = lie;
    }

    /** {@code only} lies, the other SC runs the real protocol. */
    static SoftwareFactory factory(ScId only, Lie lie) {
        return (hw, cfg, scheduler, lanes, listener, busy) -> new RuntimeSoftware(new ControllerRuntime(hw, cfg,
                scheduler, lanes, c -> c.self() == only ? new LyingLogic(new ControllerCore(c), lie) : new ControllerCore(c),
                listener, 3 * cfg.fdtNanos()));
    }

    /** The real protocol on both SCs; {@code only}'s state store forgets everything it was told. */
    static SoftwareFactory amnesia(ScId only) {
        return (hw, cfg, scheduler, lanes, listener, busy) -> new RuntimeSoftware(new ControllerRuntime(hw, cfg,
                scheduler, lanes, ControllerCore::new, listener, 3 * cfg.fdtNanos(),
                cfg.self() == only ? new StateStore() {
                    @Override
                    public Optional<PersistedState> load() {
                        return Optional.empty();
                    }

                    @Override
                    public void save(PersistedState s) {
                    }
                } : new InMemoryStateStore()));
    }

    @Override
    public void handle(Event event, long nowNanos, List<Command> out) {
        if (lie == Lie.SETTING_IGNORED && event instanceof Event.Operator o && o.op() == Event.Operator.Op.FAILOVER_OFF) {
            saidOff = true;
            return;
        }
        core.handle(event, nowNanos, out);
    }

    @Override
    public Role role() {
        return lie == Lie.MAIN_ON_CLAIM && core.role() == Role.BECOMING_MAIN ? Role.MAIN : core.role();
    }

    @Override
    public long leaseExpiry() {
        return lie == Lie.MAIN_ON_CLAIM && core.role() == Role.BECOMING_MAIN ? Long.MAX_VALUE : core.leaseExpiry();
    }

    @Override
    public boolean failoverEnabled() {
        return !saidOff && core.failoverEnabled();
    }
}

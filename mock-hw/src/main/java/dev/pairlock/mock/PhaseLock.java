package dev.pairlock.mock;

import dev.pairlock.hal.ScId;
import dev.pairlock.hal.clock.RefSel;
import dev.pairlock.hal.time.Scheduler.Timer;
import dev.pairlock.mock.TraceEvent.Kind;
import dev.pairlock.mock.TraceEvent.LockLossCause;

/**
 * Whether the two SC clocks are phase locked. Lock is acquired {@code lockTime} after exactly one
 * powered SC leads; with both leading or both following an existing lock survives a random time
 * (quick for two leaders fighting, slower for two followers drifting); with a clock gone it is lost
 * at once. A timer is re-armed only when the configuration changes, so rewriting the same REF_SEL
 * does not restart the clock.
 */
final class PhaseLock {
    private enum Mode { NO_CLOCK, SC0_LEADS, SC1_LEADS, BOTH_LEADERS, BOTH_FOLLOWERS }

    private final Chassis chassis;
    private Mode mode = Mode.NO_CLOCK;
    private boolean locked;
    private Timer pending;

    PhaseLock(Chassis chassis) {
        this.chassis = chassis;
    }

    boolean locked() {
        return locked;
    }

    /** Sets the state at time 0 without trace events. */
    void start(boolean initiallyLocked) {
        mode = compute();
        locked = initiallyLocked && (mode == Mode.SC0_LEADS || mode == Mode.SC1_LEADS);
        mode = Mode.NO_CLOCK;
        reevaluate();
    }

    private Mode compute() {
        if (!chassis.powered(ScId.SC0) || !chassis.powered(ScId.SC1)) {
            return Mode.NO_CLOCK;
        }
        boolean l0 = chassis.refSel(ScId.SC0) == RefSel.LEADER;
        boolean l1 = chassis.refSel(ScId.SC1) == RefSel.LEADER;
        if (l0 && l1) {
            return Mode.BOTH_LEADERS;
        }
        if (!l0 && !l1) {
            return Mode.BOTH_FOLLOWERS;
        }
        return l0 ? Mode.SC0_LEADS : Mode.SC1_LEADS;
    }

    /** Called after any change of power, reset or REF_SEL of either SC. */
    void reevaluate() {
        Mode m = compute();
        if (m == mode) {
            return;
        }
        mode = m;
        if (pending != null) {
            pending.cancel();
            pending = null;
        }
        ChassisConfig cfg = chassis.config();
        switch (m) {
            case NO_CLOCK -> {
                if (locked) {
                    lose(LockLossCause.CLOCK_GONE);
                }
            }
            case SC0_LEADS, SC1_LEADS -> {
                if (!locked) {
                    pending = chassis.time().schedule(cfg.lockTime().toNanos(), this::acquire);
                }
            }
            case BOTH_LEADERS -> armLoss(cfg.bothLeadersLockLoss(), LockLossCause.BOTH_LEADERS);
            case BOTH_FOLLOWERS -> armLoss(cfg.bothFollowersLockLoss(), LockLossCause.BOTH_FOLLOWERS);
        }
    }

    private void armLoss(DurationRange range, long cause) {
        if (locked) {
            pending = chassis.time().schedule(range.draw(chassis.random()), () -> {
                pending = null;
                lose(cause);
            });
        }
    }

    private void acquire() {
        pending = null;
        locked = true;
        chassis.trace().record(chassis.time().now(), Kind.PHASE_LOCK_ACQUIRED, null, -1, 0, 0);
    }

    private void lose(long cause) {
        locked = false;
        chassis.trace().record(chassis.time().now(), Kind.PHASE_LOCK_LOST, null, -1, cause, 0);
    }
}

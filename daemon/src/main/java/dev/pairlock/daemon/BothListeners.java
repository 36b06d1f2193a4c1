package dev.pairlock.daemon;

import dev.pairlock.failover.ControllerRuntime;
import dev.pairlock.failover.HealthEvent;
import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;

/** The runtime reports to data sync, the daemon's log and the events module alike, in that order. */
record BothListeners(ControllerRuntime.Listener a, ControllerRuntime.Listener b) implements ControllerRuntime.Listener {
    @Override
    public void onRoleChange(ScId sc, Role role, long epoch, long nowNanos) {
        a.onRoleChange(sc, role, epoch, nowNanos);
        b.onRoleChange(sc, role, epoch, nowNanos);
    }

    @Override
    public void onHealth(ScId sc, HealthEvent e) {
        a.onHealth(sc, e);
        b.onHealth(sc, e);
    }

    @Override
    public void onHalt(ScId sc, long nowNanos) {
        a.onHalt(sc, nowNanos);
        b.onHalt(sc, nowNanos);
    }

    @Override
    public void onStart(ScId sc, long nowNanos) {
        a.onStart(sc, nowNanos);
        b.onStart(sc, nowNanos);
    }

    @Override
    public void onFault(ScId sc, String context, Throwable error, long restartInNanos, long nowNanos) {
        a.onFault(sc, context, error, restartInNanos, nowNanos);
        b.onFault(sc, context, error, restartInNanos, nowNanos);
    }
}

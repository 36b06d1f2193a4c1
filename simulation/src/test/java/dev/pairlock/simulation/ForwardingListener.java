package dev.pairlock.simulation;

import dev.pairlock.failover.ControllerRuntime;
import dev.pairlock.failover.HealthEvent;
import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;

/** Passes every call on to the simulator's listener; a test overrides the one it changes on the way. */
class ForwardingListener implements ControllerRuntime.Listener {
    private final ControllerRuntime.Listener to;

    ForwardingListener(ControllerRuntime.Listener to) {
        this.to = to;
    }

    @Override
    public void onRoleChange(ScId sc, Role role, long epoch, long nowNanos) {
        to.onRoleChange(sc, role, epoch, nowNanos);
    }

    @Override
    public void onHealth(ScId sc, HealthEvent event) {
        to.onHealth(sc, event);
    }

    @Override
    public void onHalt(ScId sc, long nowNanos) {
        to.onHalt(sc, nowNanos);
    }

    @Override
    public void onStart(ScId sc, long nowNanos) {
        to.onStart(sc, nowNanos);
    }

    @Override
    public void onFault(ScId sc, String context, Throwable error, long restartInNanos, long nowNanos) {
        to.onFault(sc, context, error, restartInNanos, nowNanos);
    }

    @Override
    public void onStateChange(ScId sc) {
        to.onStateChange(sc);
    }

    @Override
    public void onLeaseRenewed(ScId sc) {
        to.onLeaseRenewed(sc);
    }
}

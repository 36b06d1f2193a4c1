package dev.pairlock.simulation;

import dev.pairlock.failover.ControllerRuntime;
import dev.pairlock.failover.Event;
import dev.pairlock.failover.FailoverStatus;
import dev.pairlock.failover.Role;

/**
 * The real protocol (ControllerCore in a ControllerRuntime) as the harness sees it. Public so
 * that a {@link SoftwareFactory} outside this package (the benchmarks) can wrap its own runtime.
 */
public final class RuntimeSoftware implements ControllerSoftware {
    private final ControllerRuntime runtime;

    public RuntimeSoftware(ControllerRuntime runtime) {
        this.runtime = runtime;
    }

    ControllerRuntime runtime() {
        return runtime;
    }

    @Override
    public void start() {
        runtime.start();
    }

    @Override
    public void stop() {
        runtime.stop();
    }

    @Override
    public boolean running() {
        return runtime.running();
    }

    @Override
    public Role role() {
        return runtime.role();
    }

    @Override
    public long epoch() {
        return runtime.epoch();
    }

    @Override
    public long leaseExpiry() {
        return runtime.leaseExpiry();
    }

    @Override
    public void operator(Event.Operator.Op op) {
        runtime.post(new Event.Operator(op));
    }

    @Override
    public boolean failoverEnabled() {
        return runtime.failoverEnabled();
    }

    @Override
    public FailoverStatus status() {
        return runtime.running() ? runtime.status() : null;
    }

    @Override
    public long stateVersion() {
        return runtime.stateVersion();
    }

    @Override
    public void syncStatus(Event.SyncStatus word) {
        runtime.post(word);
    }

    @Override
    public void forgetSyncWord() {
        runtime.forgetSyncWord();
    }
}

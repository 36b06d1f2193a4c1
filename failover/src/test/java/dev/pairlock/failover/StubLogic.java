package dev.pairlock.failover;

import java.util.List;

/**
 * A stand-in protocol for the runtime's tests: a fixed epoch, a role and a lease that the test or
 * the handler sets, no status, and a handler that says what each event asks for. The runtime
 * grants authority from {@link #role()} and {@link #leaseExpiry()} alone, so each test states
 * exactly the authority its protocol has.
 */
class StubLogic implements ControllerLogic {
    /** What one event asks for; may change the stub's role and lease as it goes. */
    interface Handler {
        void handle(StubLogic self, Event event, long nowNanos, List<Command> out);
    }

    Role role;
    final long epoch;
    long lease;
    private final Handler handler;

    StubLogic(Role role, long epoch, long lease, Handler handler) {
        this.role = role;
        this.epoch = epoch;
        this.lease = lease;
        this.handler = handler;
    }

    /** Undecided for good, asking for nothing: the runtime's own commands are the only ones. */
    static StubLogic idle(long epoch) {
        return new StubLogic(Role.UNKNOWN, epoch, Long.MIN_VALUE, (self, event, now, out) -> { });
    }

    @Override
    public void handle(Event event, long nowNanos, List<Command> out) {
        handler.handle(this, event, nowNanos, out);
    }

    @Override
    public Role role() {
        return role;
    }

    @Override
    public long epoch() {
        return epoch;
    }

    @Override
    public long leaseExpiry() {
        return lease;
    }

    @Override
    public FailoverStatus status() {
        return null;
    }

    /** The failover setting's on/off, which the runtime reads after every step (the test may switch it). */
    boolean enabled = true;

    @Override
    public boolean failoverEnabled() {
        return enabled;
    }
}

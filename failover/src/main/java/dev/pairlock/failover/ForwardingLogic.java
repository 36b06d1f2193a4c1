package dev.pairlock.failover;

import java.util.List;
import java.util.Objects;

/**
 * A {@link ControllerLogic} that passes every call to another: the base of wrappers that record
 * what a protocol is handed (the core benchmark's recorder) or change one of its answers (the
 * simulator's broken and lying protocols, which prove the safety checker catches each bug).
 * A wrapper overrides only what it changes, so an answer it does not mean to touch cannot drift
 * from the wrapped protocol's.
 */
public abstract class ForwardingLogic implements ControllerLogic {
    /** The protocol every call not overridden goes to. */
    protected final ControllerLogic delegate;

    protected ForwardingLogic(ControllerLogic delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public void handle(Event event, long nowNanos, List<Command> out) {
        delegate.handle(event, nowNanos, out);
    }

    @Override
    public Role role() {
        return delegate.role();
    }

    @Override
    public long epoch() {
        return delegate.epoch();
    }

    @Override
    public long leaseExpiry() {
        return delegate.leaseExpiry();
    }

    @Override
    public FailoverStatus status() {
        return delegate.status();
    }

    @Override
    public boolean failoverEnabled() {
        return delegate.failoverEnabled();
    }
}

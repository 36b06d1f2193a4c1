package dev.pairlock.failover;

import java.util.Optional;

/** A {@link StateStore} in memory: outlives the runtime's restarts, not the process. Counts its saves. */
public final class InMemoryStateStore implements StateStore {
    private PersistedState state;
    private long saves;

    @Override
    public synchronized Optional<PersistedState> load() {
        return Optional.ofNullable(state);
    }

    @Override
    public synchronized void save(PersistedState s) {
        state = java.util.Objects.requireNonNull(s, "state");
        saves++;
    }

    public synchronized long saves() {
        return saves;
    }
}

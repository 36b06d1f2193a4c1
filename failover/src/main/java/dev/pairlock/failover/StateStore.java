package dev.pairlock.failover;

import java.util.Optional;

/**
 * Where an SC keeps its {@link PersistedState}. {@link ControllerRuntime} loads it at every start
 * (delivered in {@link Event.Boot}) and saves it on every {@link Command.Persist}, before it executes
 * the commands that follow (a claim is persisted before it is sent). A real SC keeps it in a file
 * (written atomically); the simulator in {@link InMemoryStateStore}, which survives the simulated
 * SC's restarts and power cycles as a disk would.
 */
public interface StateStore {
    /** The last state saved, or empty if none was ever saved (a new SC). */
    Optional<PersistedState> load();

    /**
     * Saves {@code state} durably before returning.
     *
     * @throws java.io.UncheckedIOException when it cannot (the runtime treats it as any failed command)
     */
    void save(PersistedState state);

    static StateStore inMemory() {
        return new InMemoryStateStore();
    }
}

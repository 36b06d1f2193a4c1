package dev.pairlock.simulation;

import dev.pairlock.failover.Event;
import dev.pairlock.failover.Event.SyncStatus.For;
import dev.pairlock.failover.Role;
import dev.pairlock.mock.VirtualTime;

/**
 * One SC's data sync as its failover runtime hears it in pairlockd (the daemon's DatasyncBridge):
 * the schedule's sync fact (one fact about the pair, the one the checker judges S5 by) in words
 * that speak for the data-sync role and epoch the engine last applied. As in the daemon:
 * <ul>
 * <li>a role change, and a start, is handed to the engine at once, from the task that made it (the
 *     runtime's listener); an epoch change alone at the bridge's next poll, every FDT/4 from the
 *     software's start;</li>
 * <li>the engine applies each on its own thread and publishes for it {@link Schedule#syncPublishNanos}
 *     later, with the fact as it is then: until then the core holds a word for the role it left;</li>
 * <li>a change of the fact is published at once for the role applied then (the engine's verdict is
 *     the fact the checker reads);</li>
 * <li>every word of a running engine goes to the runtime, the software running or not (halted,
 *     waiting for its failfast reboot): the runtime keeps the last for its next start
 *     (ControllerRuntime.start);</li>
 * <li>a power-off, a reset or a start of the software ends the engine (it runs in pairlockd's
 *     process), what it had under way and its last word ({@link ControllerSoftware#forgetSyncWord});
 *     the new one, started with the software, says nothing until it has applied its first role: the
 *     core counts as not in sync until then (CoreConfig.syncEngine). The old simulator's "a fresh
 *     instance learns the sync status as it starts" was no daemon's: a new pairlockd has no word.</li>
 * </ul>
 * The values are always the fact: what the tags decide is when the core may take it.
 */
final class DatasyncStandIn {
    private final VirtualTime time;
    private final ControllerSoftware sw;
    private final long publishNanos;
    private final long pollNanos;
    /** The schedule's fact: the pair's priority-1 data in sync. */
    private boolean inSync = true;
    /** What the bridge handed the engine last. */
    private For given = For.NEITHER;
    private long givenEpoch = -1;
    /** What the engine speaks for: the last role its thread applied. */
    private For applied = For.NEITHER;
    private long appliedEpoch = -1;
    /** The software's start: the bridge polls every {@link #pollNanos} from here. */
    private long pollPhase;
    private boolean pollPending;
    /** An engine runs (from the software's start to its stop): only it speaks. */
    private boolean engineUp;
    /** Grows at every start and stop: an apply or poll of an earlier one does nothing. */
    private int generation;
    /**
     * The software's state may have moved since {@link #afterEvent} last looked: pushed by its runtime
     * ({@link #stateMoved}), so that the look after every event reads this field alone; always set
     * for software that cannot tell its version.
     */
    private boolean moved = true;
    private final boolean unversioned;

    DatasyncStandIn(VirtualTime time, ControllerSoftware sw, long fdtNanos, long publishNanos) {
        this(time, sw, fdtNanos, publishNanos, false);
    }

    /** {@code everyEvent}: look after every event, pushed or not (the reference of the checker's FULL mode). */
    DatasyncStandIn(VirtualTime time, ControllerSoftware sw, long fdtNanos, long publishNanos, boolean everyEvent) {
        this.time = time;
        this.sw = sw;
        this.publishNanos = publishNanos;
        this.pollNanos = Math.max(1_000_000L, fdtNanos / 4); // DatasyncBridge's poll
        this.unversioned = everyEvent || sw.stateVersion() == ControllerSoftware.UNKNOWN_VERSION;
    }

    /** The software's {@link ControllerSoftware#stateVersion()} moved (its runtime's listener). */
    void stateMoved() {
        moved = true;
    }

    /** The software (re)started: the bridge hands the engine its role at once and polls from now. */
    void started() {
        generation++;
        engineUp = true;
        pollPending = false;
        pollPhase = time.now();
        tell(For.NEITHER, sw.epoch());
    }

    /**
     * The software stopped (power off, held in reset, or it is about to start again): the engine
     * and its last word go with it, and the one that starts with the software has applied no role yet.
     */
    void stopped() {
        generation++;
        engineUp = false;
        sw.forgetSyncWord();
        pollPending = false;
        given = For.NEITHER;
        givenEpoch = -1;
        applied = For.NEITHER;
        appliedEpoch = -1;
    }

    /** The runtime's role change, from the step that made it. */
    void roleChanged(Role role, long epoch) {
        tell(For.of(role), epoch);
    }

    /** The schedule's fact changed: a running engine says so at once, for the role it speaks for. */
    void fact(boolean priority1InSync) {
        inSync = priority1InSync;
        if (engineUp) {
            publish(applied, appliedEpoch);
        }
    }

    /** After every event: what the core holds now and the bridge has not handed over is handed at its next poll. */
    void afterEvent() {
        if (!moved) {
            return;
        }
        moved = unversioned;
        if (pollPending || !sw.running()) {
            return;
        }
        if (For.of(sw.role()) != given || sw.epoch() != givenEpoch) {
            pollPending = true;
            long now = time.now();
            long next = pollPhase + ((now - pollPhase) / pollNanos + 1) * pollNanos;
            int gen = generation;
            time.scheduleAt(next, () -> {
                if (gen == generation) {
                    pollPending = false;
                    if (sw.running()) {
                        tell(For.of(sw.role()), sw.epoch());
                    }
                }
            });
        }
    }

    private void tell(For role, long epoch) {
        if (role == given && epoch == givenEpoch) {
            return;
        }
        given = role;
        givenEpoch = epoch;
        int gen = generation;
        time.schedule(publishNanos, () -> {
            if (gen == generation) {
                applied = role;
                appliedEpoch = epoch;
                publish(role, epoch);
            }
        });
    }

    private void publish(For role, long epoch) {
        sw.syncStatus(new Event.SyncStatus(inSync, false, role, epoch));
    }
}

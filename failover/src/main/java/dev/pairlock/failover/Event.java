package dev.pairlock.failover;

import dev.pairlock.hal.clock.RefSel;
import java.util.Objects;
import java.util.Optional;

/** Everything the core reacts to: time, readings, peer frames, completions of its commands, operators. */
public sealed interface Event {
    /**
     * The software starts: the runtime reads our Gchip's REF_SEL first (hardware survives restarts)
     * and loads what the SC persisted (its {@link StateStore}; empty on a new SC).
     */
    record Boot(RefSel refSel, Optional<PersistedState> persisted) implements Event {
        public Boot {
            Objects.requireNonNull(refSel, "refSel");
            Objects.requireNonNull(persisted, "persisted");
        }
    }

    /**
     * The periodic tick (every FDT/10): the runtime reads the peer's heartbeat edge count, our NIC
     * carrier and the Gchip's PEER_CLOCK status bit with it, so that a probe costs no extra round trip.
     *
     * @param peerClockPresent our Gchip sees the peer's clock: false means the peer is powered off
     *                         (hardware evidence of absence)
     * @param staleFrames      peer frames the runtime dropped since the last tick because they waited
     *                         more than a tick for our loop (it lags or was paused): the peer spoke, we
     *                         could not listen in time
     */
    record Tick(long peerEdges, boolean carrier, boolean peerClockPresent, int staleFrames) implements Event {
        public Tick(long peerEdges, boolean carrier, boolean peerClockPresent) {
            this(peerEdges, carrier, peerClockPresent, 0);
        }
    }

    /** A short wake-up the core asked for (waiting for phase lock). */
    record Wake() implements Event {
    }

    record Frame(PeerMessage message) implements Event {
    }

    record PresenceRead(int slot, Outcome outcome, int id) implements Event {
        public enum Outcome { PRESENT, ABSENT, ERROR }
    }

    record SpllSwitched(int slot, SpllOutcome outcome) implements Event {
    }

    enum SpllOutcome {
        /** Already on our clock: nothing written. */
        ALREADY_OURS,
        SWITCHED,
        /** Phase lock read false immediately before the write: nothing written (S2). */
        REFUSED_UNLOCKED,
        ERROR
    }

    record RefSelWritten(RefSel wanted, RefSel readBack, boolean ok) implements Event {
    }

    record PhaseLockRead(boolean locked) implements Event {
    }

    record ResetDone(boolean asserted, boolean ok) implements Event {
    }

    /** The runtime dropped a MAIN-only write because the lease had lapsed by the time it ran. */
    record AuthorityLapsed() implements Event {
    }

    record Operator(Op op) implements Event {
        public enum Op { FAILOVER_ON, FAILOVER_OFF, FAILOVER_FORCE }
    }

    /**
     * Priority-1 data-sync status, from the sync engine (pairlockd's DatasyncBridge; the simulator's
     * stand-in). What "in sync" means depends on the role it was computed for — a MAIN's word says its
     * SPARE holds its data, a SPARE's that it holds its MAIN's — and the engine speaks for a new role
     * only once its own thread has applied it, so every word says which role and epoch it speaks for:
     * the core takes it only while it holds that role (SyncView).
     *
     * @param priority1InSync the SPARE holds the MAIN's priority-1 data (the MAIN: the SPARE does)
     * @param mainExited      on a SPARE: the MAIN's sync session was closed by its end without a
     *                        BYE (its OS sent FIN or RST): its daemon exited or left the MAIN role.
     *                        Evidence that the MAIN is dead as a MAIN, like its clock gone: S5 lets a
     *                        dead MAIN be replaced out of sync (logged TAKEOVER_WHILE_NOT_IN_SYNC)
     * @param speaksFor       the role the engine computed it for ({@link For#EVERY_ROLE}: a word tied
     *                        to no role, as from software without a sync engine or a test)
     * @param epoch           the epoch of that role (ignored for {@link For#EVERY_ROLE} and
     *                        {@link For#NEITHER})
     */
    record SyncStatus(boolean priority1InSync, boolean mainExited, For speaksFor, long epoch) implements Event {
        /** The data-sync role a word was computed for (datasync's SyncRole, and a word for any role). */
        public enum For {
            /** Tied to no role: holds whatever role this SC takes (no sync engine; tests). */
            EVERY_ROLE,
            MAIN,
            SPARE,
            /** Neither MAIN nor SPARE (undecided, claiming, halted, stopped): the last known status. */
            NEITHER;

            /** The data-sync role of a failover role, as pairlockd tells the engine. */
            public static For of(Role role) {
                return switch (role) {
                    case MAIN -> MAIN;
                    case SPARE -> SPARE;
                    default -> NEITHER;
                };
            }
        }

        public SyncStatus {
            Objects.requireNonNull(speaksFor, "speaksFor");
        }

        /** A word tied to no role ({@link For#EVERY_ROLE}). */
        public SyncStatus(boolean priority1InSync, boolean mainExited) {
            this(priority1InSync, mainExited, For.EVERY_ROLE, -1);
        }

        /** A word tied to no role ({@link For#EVERY_ROLE}), no exit seen. */
        public SyncStatus(boolean priority1InSync) {
            this(priority1InSync, false);
        }
    }
}

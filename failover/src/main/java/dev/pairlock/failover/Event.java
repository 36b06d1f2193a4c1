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
     * Priority-1 data-sync status, from the sync engine (the simulator drives it for now).
     *
     * @param priority1InSync the SPARE holds the MAIN's priority-1 data (the MAIN: the SPARE does)
     * @param mainExited      on a SPARE: the MAIN's sync session was closed by its end without a
     *                        BYE (its OS sent FIN or RST): its daemon exited or left the MAIN role.
     *                        Evidence that the MAIN is dead as a MAIN, like its clock gone: S5 lets a
     *                        dead MAIN be replaced out of sync (logged TAKEOVER_WHILE_NOT_IN_SYNC)
     */
    record SyncStatus(boolean priority1InSync, boolean mainExited) implements Event {
        public SyncStatus(boolean priority1InSync) {
            this(priority1InSync, false);
        }
    }
}

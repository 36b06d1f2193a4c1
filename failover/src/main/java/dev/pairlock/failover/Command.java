package dev.pairlock.failover;

import dev.pairlock.hal.ScId;
import dev.pairlock.hal.board.BoardBay;
import dev.pairlock.hal.clock.RefSel;

/** What the core asks the runtime to do. MAIN-only writes are re-checked against the lease by the runtime. */
public sealed interface Command {
    /** LEADER is MAIN-only; FOLLOWER is always safe (it can never make two leaders). */
    record WriteRefSel(RefSel mode) implements Command {
        public boolean mainOnly() {
            return mode == RefSel.LEADER;
        }
    }

    record ReadPresence(int slot) implements Command {
        private static final ReadPresence[] OF_SLOT = new ReadPresence[BoardBay.MAX_SLOTS];

        static {
            for (int s = 0; s < OF_SLOT.length; s++) {
                OF_SLOT[s] = new ReadPresence(s);
            }
        }

        /** The read of {@code slot}: shared instances, as every scan issues one per slot. */
        public static ReadPresence of(int slot) {
            return slot >= 0 && slot < OF_SLOT.length ? OF_SLOT[slot] : new ReadPresence(slot);
        }
    }

    /** MAIN-only: read phase lock and, in the same step, select {@code to} only if locked (or the board's input is dead). */
    record SwitchSpllIfLocked(int slot, ScId to) implements Command {
        private static final SwitchSpllIfLocked[][] OF = new SwitchSpllIfLocked[2][BoardBay.MAX_SLOTS];

        static {
            for (ScId sc : ScId.values()) {
                for (int s = 0; s < BoardBay.MAX_SLOTS; s++) {
                    OF[sc.index()][s] = new SwitchSpllIfLocked(s, sc);
                }
            }
        }

        /** Shared instances: a MAIN issues one per board at every start and retry. */
        public static SwitchSpllIfLocked of(int slot, ScId to) {
            return slot >= 0 && slot < BoardBay.MAX_SLOTS && to != null ? OF[to.index()][slot]
                    : new SwitchSpllIfLocked(slot, to);
        }
    }

    record ReadPhaseLock() implements Command {
    }

    /** The fence: only a claimant or a MAIN asserts it. */
    record AssertReset() implements Command {
    }

    record ReleaseReset() implements Command {
    }

    record Send(PeerMessage message) implements Command {
    }

    record Beat() implements Command {
        /** Every tick beats: one shared instance (a record with no state), not one allocation per tick. */
        public static final Beat INSTANCE = new Beat();
    }

    /** Deliver a {@link Event.Wake} after this delay. */
    record WakeAfter(long delayNanos) implements Command {
    }

    record Log(HealthEvent event) implements Command {
    }

    /**
     * Save this to the SC's {@link StateStore} now, before the commands that follow it (a claim's
     * epoch is persisted before the claim is sent; a setting before it is echoed to the peer).
     */
    record Persist(PersistedState state) implements Command {
    }

    /** Failfast: stop every write now, set follower, reboot later. */
    record Halt() implements Command {
    }
}

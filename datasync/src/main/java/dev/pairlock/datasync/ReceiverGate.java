package dev.pairlock.datasync;

import dev.pairlock.hal.ScId;
import java.io.IOException;

/**
 * Who may write into this SC's synced data: only the MAIN of the epoch in which we are SPARE. The
 * decision is made when a session starts and made again, under this lock, before every rename and
 * delete, so once {@link #set} returns (this SC took over, or moved to a new epoch) no file from an
 * older session lands: never the stale side's data over the MAIN's.
 */
final class ReceiverGate {
    private final ScId self;
    private SyncRole role = SyncRole.NONE;
    private long epoch = -1;

    ReceiverGate(ScId self) {
        this.self = self;
    }

    synchronized void set(SyncRole role, long epoch) {
        this.role = role;
        this.epoch = epoch;
    }

    synchronized SyncRole role() {
        return role;
    }

    synchronized long epoch() {
        return epoch;
    }

    /** The role and epoch {@link #set} gave last, read together (two reads could straddle a set). */
    synchronized Given given() {
        return new Given(role, epoch);
    }

    /** A role and its epoch as one value. */
    record Given(SyncRole role, long epoch) {
    }

    /** Why a sender stating {@code hello} may not send to us now, or null if it may. */
    synchronized Refusal refusal(Handshake.Hello hello) {
        if (hello.sc() == self) {
            return new Refusal(false, "the sender is this SC itself (" + self + "): sync.link.* points at our own address");
        }
        if (hello.role() != SyncRole.MAIN) {
            return new Refusal(true, hello.sc() + " is " + hello.role() + ", and only a MAIN sends");
        }
        if (role != SyncRole.SPARE) {
            return new Refusal(true, self + " is " + role + " (epoch " + epoch + "), not a SPARE: it takes no data");
        }
        if (hello.epoch() < epoch) {
            return new Refusal(false, hello.sc() + " is MAIN of epoch " + hello.epoch() + " but " + self
                    + " is SPARE of the newer epoch " + epoch + ": a stale MAIN's data is refused");
        }
        if (hello.epoch() > epoch) {
            return new Refusal(true, hello.sc() + " is MAIN of epoch " + hello.epoch() + " but " + self
                    + " is still SPARE of epoch " + epoch + ": not yet its SPARE");
        }
        return null;
    }

    /** Why this SC refuses; transient ones clear by themselves (a role change under way). */
    record Refusal(boolean transientCause, String reason) {
    }

    /** Raised when the session's epoch is no longer ours: the session ends. */
    static final class Revoked extends IOException {
        private static final long serialVersionUID = 1L;

        Revoked(String message) {
            super(message);
        }
    }

    interface Change {
        void run() throws IOException;
    }

    /** Runs a change to the synced data only while this SC is still SPARE in {@code sessionEpoch}. */
    synchronized void apply(long sessionEpoch, Change change) throws IOException {
        if (role != SyncRole.SPARE || epoch != sessionEpoch) {
            throw new Revoked(self + " is now " + role + " of epoch " + epoch + ": the session of epoch " + sessionEpoch
                    + " may change nothing more");
        }
        change.run();
    }
}

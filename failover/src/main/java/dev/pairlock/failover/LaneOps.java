package dev.pairlock.failover;

import dev.pairlock.hal.ControllerHardware;
import dev.pairlock.hal.HalException;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.board.Presence;
import dev.pairlock.hal.board.Spll;
import dev.pairlock.hal.board.SpllStatus;
import dev.pairlock.hal.clock.RefSel;

/**
 * The hardware operations {@link ControllerRuntime} runs on a lane for the core's commands, each
 * turned into the completion event the core expects. Where the core has an outcome for a failed
 * bus (a REF_SEL write, a presence read, an SPLL move) a {@link HalException} becomes that outcome;
 * anything else a HAL call throws goes up to the runtime, which fails safe.
 *
 * <p>No authority is checked here: the runtime checks it (S3) as the first thing in the same lane
 * operation, right before calling the write, so that the check and the write are one step. Holds
 * nothing but the hardware; called from any lane's thread.
 */
final class LaneOps {
    private final ControllerHardware hw;

    LaneOps(ControllerHardware hw) {
        this.hw = hw;
    }

    /** REF_SEL written and read back; a failed write reports what it reads now (FOLLOWER if unreadable). */
    Event writeRefSel(RefSel mode) {
        try {
            hw.gchip().setRefSel(mode);
            return new Event.RefSelWritten(mode, hw.gchip().refSel(), true);
        } catch (HalException e) {
            return new Event.RefSelWritten(mode, safeRefSel(), false);
        }
    }

    private RefSel safeRefSel() {
        try {
            return hw.gchip().refSel();
        } catch (HalException e) {
            return RefSel.FOLLOWER;
        }
    }

    Event readPhaseLock() {
        return new Event.PhaseLockRead(hw.gchip().phaseLocked());
    }

    Event readPresence(int slot) {
        try {
            Presence p = hw.boards().board(slot).presence();
            return p.present() ? new Event.PresenceRead(slot, Event.PresenceRead.Outcome.PRESENT, p.id())
                    : new Event.PresenceRead(slot, Event.PresenceRead.Outcome.ABSENT, -1);
        } catch (HalException e) {
            return new Event.PresenceRead(slot, Event.PresenceRead.Outcome.ERROR, -1);
        }
    }

    /**
     * S2 in one step, after the caller's authority check (S3): the board's input, phase lock, then
     * the select.
     */
    Event switchIfLocked(int slot, ScId to) {
        try {
            Spll spll = hw.boards().board(slot).spll();
            SpllStatus st = spll.status();
            if (st.input() == to) {
                // no clock change, so no lock needed; programming the same input is what starts a
                // stopped domain (cold chassis, new board). A running one is left alone: every
                // MAIN-only write is a chance to do harm, so none is made without a reason.
                if (!(st.locked() && st.outputEnabled())) {
                    spll.select(to);
                }
                return new Event.SpllSwitched(slot, Event.SpllOutcome.ALREADY_OURS);
            }
            // a board whose SPLL lost its input has no running domain to stop: moving it is recovery
            if (!hw.gchip().phaseLocked() && st.locked()) {
                return new Event.SpllSwitched(slot, Event.SpllOutcome.REFUSED_UNLOCKED);
            }
            spll.select(to);
            return new Event.SpllSwitched(slot, Event.SpllOutcome.SWITCHED);
        } catch (HalException e) {
            return new Event.SpllSwitched(slot, Event.SpllOutcome.ERROR);
        }
    }

    /** Our reset line into the peer asserted; {@code ResetDone(true, false)} when none is wired. */
    Event assertReset() {
        return hw.resetToPeer().map(line -> {
            line.assertReset();
            return new Event.ResetDone(true, true);
        }).orElse(new Event.ResetDone(true, false));
    }

    /** Our reset line into the peer released; {@code ResetDone(false, false)} when none is wired. */
    Event releaseReset() {
        return hw.resetToPeer().map(line -> {
            line.release();
            return new Event.ResetDone(false, true);
        }).orElse(new Event.ResetDone(false, false));
    }
}

package dev.pairlock.simulation;

import dev.pairlock.failover.ControllerRuntime;
import dev.pairlock.failover.Role;
import dev.pairlock.hal.ControllerHardware;
import dev.pairlock.hal.HalException;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.clock.RefSel;
import dev.pairlock.hal.time.Scheduler;
import java.util.function.LongSupplier;

/**
 * The seed's fomd + hwad, as the Sun handbook describes them, for the checker to catch: look for a
 * heartbeat once, take MAIN if none (no tie-break, no fence, no lease), set follower, read the
 * presence registers one bus after another, check phase lock ONCE, then program the SPLLs one by
 * one over a couple of seconds without re-reading lock.
 */
final class NaiveSeedSoftware extends StubSoftware {
    private static final long MS = 1_000_000L;
    private static final long PROGRAM_EACH = 250 * MS;

    private final ControllerHardware hw;
    private final Scheduler scheduler;
    private final ControllerRuntime.Listener listener;
    private final LongSupplier drainBusy;
    private final int slots;
    private boolean allRegistered;

    NaiveSeedSoftware(ControllerHardware hw, Scheduler scheduler, ControllerRuntime.Listener listener,
                      LongSupplier drainBusy, int slots) {
        this.hw = hw;
        this.scheduler = scheduler;
        this.listener = listener;
        this.drainBusy = drainBusy;
        this.slots = slots;
    }

    private ScId self() {
        return hw.self();
    }

    @Override
    public void start() {
        super.start();
        int inc = incarnation;
        long before = hw.heartbeatIn().edgeCount();
        scheduler.schedule(300 * MS, () -> {
            if (inc != incarnation) {
                return;
            }
            if (hw.heartbeatIn().edgeCount() == before) {
                setRole(Role.BECOMING_MAIN);
                beat(inc);
                setRole(Role.MAIN);
                hw.gchip().setRefSel(RefSel.FOLLOWER);
                allRegistered = true;
                drainBusy.getAsLong();
                readPresence(inc, 0);
            } else {
                setRole(Role.SPARE);
                hw.gchip().setRefSel(RefSel.FOLLOWER);
            }
        });
    }

    private void beat(int inc) {
        if (inc == incarnation) {
            hw.heartbeatOut().beat();
            scheduler.schedule(50 * MS, () -> beat(inc));
        }
    }

    /** Serial, like the seed's log: bus 0, then bus 1, ... each hung bus costs its full timeout. */
    private void readPresence(int inc, int slot) {
        if (inc != incarnation) {
            return;
        }
        if (slot == slots) {
            if (allRegistered && hw.gchip().phaseLocked()) {
                program(inc, 0);
            }
            return;
        }
        try {
            hw.boards().board(slot).presence();
        } catch (HalException e) {
            allRegistered = false;
        }
        scheduler.schedule(drainBusy.getAsLong(), () -> readPresence(inc, slot + 1));
    }

    private void program(int inc, int slot) {
        if (inc != incarnation || slot == slots) {
            return;
        }
        try {
            hw.boards().board(slot).spll().select(self());
        } catch (HalException e) {
            // the seed carries on with the next board
        }
        drainBusy.getAsLong();
        scheduler.schedule(PROGRAM_EACH, () -> program(inc, slot + 1));
    }

    private void setRole(Role r) {
        role = r;
        listener.onRoleChange(self(), r, 0, hw.clock().nanos());
    }

}

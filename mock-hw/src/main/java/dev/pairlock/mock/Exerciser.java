package dev.pairlock.mock;

import dev.pairlock.hal.ControllerHardware;
import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.HalException;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.clock.RefSel;

import java.util.SplittableRandom;

/**
 * A randomized workload on virtual time, for determinism and scale runs: each SC issues random
 * HAL operations (presence reads, SPLL status and selects, REF_SEL writes, heartbeats, frames,
 * reset-line toggles) one after another, each start delayed by the virtual time the previous call
 * took, while random faults of every type are injected. It has no protocol: it is meant to hit
 * every path of the simulator, violations included. All randomness comes from the chassis.
 */
public final class Exerciser {
    private static final long REPAIR_MEAN_NANOS = 2_000_000_000L;
    private final Chassis chassis;
    private final SplittableRandom random;
    private final long meanOpGapNanos;
    private final long meanFaultGapNanos;
    private long operations;
    private long failures;
    private long faults;

    /**
     * @param meanOpGapNanos    mean idle time between two operations of one SC
     * @param meanFaultGapNanos mean time between two injected faults
     */
    public Exerciser(Chassis chassis, long meanOpGapNanos, long meanFaultGapNanos) {
        this.chassis = chassis;
        this.random = chassis.random();
        if (meanOpGapNanos < 1 || meanFaultGapNanos < 1) {
            throw new HalArgumentException("exerciser gaps must be at least 1 ns, not " + meanOpGapNanos + " / " + meanFaultGapNanos);
        }
        this.meanOpGapNanos = meanOpGapNanos;
        this.meanFaultGapNanos = meanFaultGapNanos;
    }

    /** Schedules the first operation of each SC and the first fault. */
    public Exerciser start() {
        for (ScId sc : ScId.values()) {
            chassis.time().schedule(gap(meanOpGapNanos), () -> operate(sc));
        }
        chassis.time().schedule(gap(meanFaultGapNanos), this::injectFault);
        return this;
    }

    private long gap(long mean) {
        return 1 + random.nextLong(2 * mean);
    }

    private void operate(ScId sc) {
        if (chassis.running(sc) && !chassis.stalled(sc)) {
            operations++;
            try {
                randomOperation(chassis.controller(sc));
            } catch (HalException e) {
                failures++;
            }
        }
        long cost = chassis.drainBusyNanos(sc);
        chassis.time().schedule(cost + gap(meanOpGapNanos), () -> operate(sc));
    }

    private void randomOperation(ControllerHardware hw) {
        int slot = random.nextInt(chassis.config().slots());
        switch (random.nextInt(10)) {
            case 0, 1 -> hw.boards().board(slot).presence();
            case 2 -> hw.boards().board(slot).spll().status();
            case 3 -> hw.boards().board(slot).spll().select(ScId.of(random.nextInt(2)));
            case 4 -> hw.gchip().setRefSel(random.nextInt(4) == 0 ? RefSel.LEADER : RefSel.FOLLOWER);
            case 5 -> hw.gchip().phaseLocked();
            case 6 -> hw.heartbeatOut().beat();
            case 7 -> hw.peerLink().send(new byte[] {(byte) slot, 1, 2, 3});
            case 8 -> hw.resetToPeer().ifPresent(r -> {
                if (r.asserted() || random.nextInt(20) != 0) {
                    r.release();
                } else {
                    r.assertReset();
                }
            });
            default -> hw.buses().bus(slot).device(0x50).quick(false);
        }
    }

    private void injectFault() {
        faults++;
        Fault f = Fault.random(random, chassis.config());
        chassis.inject(f);
        // onset faults are undone after a while, as an operator would, so the chassis keeps working
        f.repair().ifPresent(r -> chassis.time().schedule(gap(REPAIR_MEAN_NANOS), () -> chassis.inject(r)));
        chassis.time().schedule(gap(meanFaultGapNanos), this::injectFault);
    }

    public long operations() {
        return operations;
    }

    /** Operations that ended in a typed HAL failure. */
    public long failures() {
        return failures;
    }

    public long faults() {
        return faults;
    }
}

package dev.pairlock.mock;

import dev.pairlock.clockregs.GchipLayout;
import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.HalException;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.i2c.I2cDevice;
import dev.pairlock.hal.i2c.I2cNoAcknowledgeException;
import dev.pairlock.hal.reg.AccessMode;
import dev.pairlock.hal.reg.RegisterWindow;
import dev.pairlock.spll.BoardRegisterMap;

import java.util.SplittableRandom;

/**
 * A randomized workload on virtual time, for determinism and scale runs: each SC issues random
 * operations on its raw parts (board ID reads, SPLL status reads and select writes at register
 * level, REF_SEL writes and PHASE_LOCK reads through the Gchip window, heartbeats, frames,
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
                randomOperation(sc);
            } catch (I2cNoAcknowledgeException e) {
                // an empty or NACKing slot: an answer, as spll's presence read takes it
            } catch (HalException e) {
                failures++;
            }
        }
        long cost = chassis.drainBusyNanos(sc);
        chassis.time().schedule(cost + gap(meanOpGapNanos), () -> operate(sc));
    }

    private void randomOperation(ScId sc) {
        int slot = random.nextInt(chassis.config().slots());
        BoardRegisterMap map = chassis.config().registerMap();
        GchipLayout layout = chassis.config().gchipLayout();
        RegisterWindow gchip = chassis.gchipRegisters(sc);
        switch (random.nextInt(10)) {
            case 0, 1 -> board(sc, slot).readByteData(map.idRegister());
            case 2 -> {
                I2cDevice d = board(sc, slot);
                d.readByteData(map.selectRegister());
                d.readByteData(map.statusRegister());
            }
            case 3 -> {
                I2cDevice d = board(sc, slot);
                d.writeByteData(map.selectRegister(), random.nextInt(2));
                d.readByteData(map.selectRegister());
            }
            case 4 -> layout.refSel().write(gchip, random.nextInt(4) == 0 ? 1 : 0, AccessMode.ACQUIRE_RELEASE);
            case 5 -> layout.phaseLock().read(gchip, AccessMode.ACQUIRE_RELEASE);
            case 6 -> chassis.heartbeatOut(sc).beat();
            case 7 -> chassis.peerLink(sc).send(new byte[] {(byte) slot, 1, 2, 3});
            case 8 -> chassis.resetLine(sc).ifPresent(r -> {
                if (r.asserted() || random.nextInt(20) != 0) {
                    r.release();
                } else {
                    r.assertReset();
                }
            });
            default -> chassis.i2cBuses(sc).bus(slot).device(0x50).quick(false);
        }
    }

    private I2cDevice board(ScId sc, int slot) {
        return chassis.i2cBuses(sc).bus(slot).device(chassis.config().registerMap().address());
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

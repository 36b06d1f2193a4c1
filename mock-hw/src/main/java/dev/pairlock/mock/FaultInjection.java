package dev.pairlock.mock;

import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.ScId;

import java.util.Objects;

/**
 * Applies {@link Fault}s to a {@link Chassis}: each fault is first recorded in the trace (so a
 * timeline shows the cause before its effects), then flips the simulated hardware state it names.
 * Lifecycle effects (power, reset, stall) go through the chassis, which owns the listeners.
 */
final class FaultInjection {
    private final Chassis chassis;
    /** Fault resets outstanding per SC: overlapping resets release the SC only when the last one ends. */
    private final int[] faultResets = new int[2];

    FaultInjection(Chassis chassis) {
        this.chassis = chassis;
    }

    void schedule(Fault fault, long atNanos) {
        validate(fault);
        chassis.time().scheduleAt(atNanos, () -> inject(fault));
    }

    void inject(Fault fault) {
        validate(fault);
        switch (fault) {
            case Fault.HangBus f -> {
                faultTrace(f, f.sc(), f.bus(), 0, 0);
                bus(f.sc(), f.bus()).hung = true;
            }
            case Fault.UnhangBus f -> {
                faultTrace(f, f.sc(), f.bus(), 0, 0);
                bus(f.sc(), f.bus()).hung = false;
            }
            case Fault.NackDevice f -> {
                faultTrace(f, null, f.slot(), 0, 0);
                chassis.boardModel(f.slot()).nacking = true;
            }
            case Fault.StopNack f -> {
                faultTrace(f, null, f.slot(), 0, 0);
                chassis.boardModel(f.slot()).nacking = false;
            }
            case Fault.IntermittentBus f -> {
                faultTrace(f, f.sc(), f.bus(), Double.doubleToLongBits(f.probability()), f.error().ordinal());
                SimI2cBus b = bus(f.sc(), f.bus());
                b.errorProbability = f.probability();
                b.errorKind = f.error();
            }
            case Fault.CutHeartbeat f -> {
                faultTrace(f, f.from(), -1, 0, 0);
                chassis.controller0(f.from()).heartbeatCut = true;
            }
            case Fault.RestoreHeartbeat f -> {
                faultTrace(f, f.from(), -1, 0, 0);
                chassis.controller0(f.from()).heartbeatCut = false;
            }
            case Fault.Partition f -> {
                faultTrace(f, null, -1, f.direction().ordinal(), 0);
                setLinkCut(f.direction(), true);
            }
            case Fault.HealPartition f -> {
                faultTrace(f, null, -1, f.direction().ordinal(), 0);
                setLinkCut(f.direction(), false);
            }
            case Fault.NicDown f -> {
                faultTrace(f, f.sc(), -1, 0, 0);
                chassis.controller0(f.sc()).nicUp = false;
            }
            case Fault.NicUp f -> {
                faultTrace(f, f.sc(), -1, 0, 0);
                chassis.controller0(f.sc()).nicUp = true;
            }
            case Fault.PowerOff f -> {
                faultTrace(f, f.sc(), -1, 0, 0);
                chassis.powerOff(f.sc());
            }
            case Fault.PowerOn f -> {
                faultTrace(f, f.sc(), -1, 0, 0);
                chassis.powerOn(f.sc());
            }
            case Fault.Reset f -> {
                long hold = f.hold().toNanos();
                faultTrace(f, f.sc(), -1, hold, 0);
                int i = f.sc().index();
                faultResets[i]++;
                chassis.holdInReset(f.sc(), Chassis.HELD_BY_FAULT, -1);
                chassis.time().schedule(hold, () -> {
                    if (--faultResets[i] == 0) {
                        chassis.releaseReset(f.sc(), Chassis.HELD_BY_FAULT);
                    }
                });
            }
            case Fault.Stall f -> {
                long d = f.duration().toNanos();
                faultTrace(f, f.sc(), -1, d, 0);
                chassis.stall(f.sc(), d);
            }
            case Fault.LinkLatency f -> {
                chassis.trace().record(chassis.time().now(), f.kind(), f.from(), -1, f.latency().minNanos(),
                        f.latency().maxNanos());
                for (ScId from : ScId.values()) {
                    if (f.from() == null || f.from() == from) {
                        chassis.controller0(from).linkLatency = f.latency();
                    }
                }
            }
            case Fault.RemoveBoard f -> {
                faultTrace(f, null, f.slot(), 0, 0);
                BoardModel b = chassis.boardModel(f.slot());
                if (b.present) {
                    b.remove();
                }
            }
            case Fault.InsertBoard f -> {
                faultTrace(f, null, f.slot(), 0, 0);
                BoardModel b = chassis.boardModel(f.slot());
                if (!b.present) {
                    b.insert();
                }
            }
        }
    }

    private void faultTrace(Fault f, ScId sc, int slot, long a, long b) {
        chassis.trace().record(chassis.time().now(), f.kind(), sc, slot, a, b);
    }

    private SimI2cBus bus(ScId sc, int bus) {
        return chassis.controller0(sc).buses[bus];
    }

    private void setLinkCut(LinkDirection d, boolean cut) {
        for (ScId from : ScId.values()) {
            if (d.covers(from)) {
                chassis.controller0(from).linkCut = cut;
            }
        }
    }

    /** The fault records check themselves; only the chassis knows how many slots (and buses) it has. */
    private void validate(Fault fault) {
        Objects.requireNonNull(fault, "fault");
        int last = chassis.config().slots() - 1;
        switch (fault) {
            case Fault.HangBus f -> HalArgumentException.checkRange("I2C bus", f.bus(), 0, last);
            case Fault.UnhangBus f -> HalArgumentException.checkRange("I2C bus", f.bus(), 0, last);
            case Fault.IntermittentBus f -> HalArgumentException.checkRange("I2C bus", f.bus(), 0, last);
            case Fault.NackDevice f -> HalArgumentException.checkRange("board slot", f.slot(), 0, last);
            case Fault.StopNack f -> HalArgumentException.checkRange("board slot", f.slot(), 0, last);
            case Fault.RemoveBoard f -> HalArgumentException.checkRange("board slot", f.slot(), 0, last);
            case Fault.InsertBoard f -> HalArgumentException.checkRange("board slot", f.slot(), 0, last);
            default -> {
            }
        }
    }
}

package dev.pairlock.mock;

import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.ScId;
import dev.pairlock.mock.TraceEvent.Kind;

import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A fault the chassis can inject now ({@link Chassis#inject}) or at a virtual time
 * ({@link Chassis#schedule}). Arguments are checked here (non-negative numbers, probabilities
 * 0..1, positive durations) and against the chassis' size on injection.
 */
public sealed interface Fault {
    /** The trace kind recorded when this fault is injected. */
    Kind kind();

    /** SC's bus stops answering: every transaction costs the full timeout, then times out. */
    record HangBus(ScId sc, int bus) implements Fault {
        public HangBus { FaultChecks.sc(sc); FaultChecks.nonNegative("bus", bus); }
        public Kind kind() { return Kind.FAULT_HANG_BUS; }
    }

    record UnhangBus(ScId sc, int bus) implements Fault {
        public UnhangBus { FaultChecks.sc(sc); FaultChecks.nonNegative("bus", bus); }
        public Kind kind() { return Kind.FAULT_UNHANG_BUS; }
    }

    /** The board in slot stops acknowledging, on both SCs' buses (it stays physically there). */
    record NackDevice(int slot) implements Fault {
        public NackDevice { FaultChecks.nonNegative("slot", slot); }
        public Kind kind() { return Kind.FAULT_NACK_DEVICE; }
    }

    record StopNack(int slot) implements Fault {
        public StopNack { FaultChecks.nonNegative("slot", slot); }
        public Kind kind() { return Kind.FAULT_STOP_NACK; }
    }

    /** Each transaction on SC's bus fails with {@code error} with this probability; 0 clears it. */
    record IntermittentBus(ScId sc, int bus, double probability, I2cErrorKind error) implements Fault {
        public IntermittentBus {
            FaultChecks.sc(sc);
            FaultChecks.nonNegative("bus", bus);
            Objects.requireNonNull(error, "error");
            if (!(probability >= 0 && probability <= 1)) {
                throw new HalArgumentException("intermittent error probability " + probability + " is out of range 0..1");
            }
        }
        public Kind kind() { return Kind.FAULT_INTERMITTENT_BUS; }
    }

    /** The heartbeat line from {@code from} to its peer is cut. */
    record CutHeartbeat(ScId from) implements Fault {
        public CutHeartbeat { FaultChecks.sc(from); }
        public Kind kind() { return Kind.FAULT_CUT_HEARTBEAT; }
    }

    record RestoreHeartbeat(ScId from) implements Fault {
        public RestoreHeartbeat { FaultChecks.sc(from); }
        public Kind kind() { return Kind.FAULT_RESTORE_HEARTBEAT; }
    }

    record Partition(LinkDirection direction) implements Fault {
        public Partition { Objects.requireNonNull(direction, "direction"); }
        public Kind kind() { return Kind.FAULT_PARTITION; }
    }

    record HealPartition(LinkDirection direction) implements Fault {
        public HealPartition { Objects.requireNonNull(direction, "direction"); }
        public Kind kind() { return Kind.FAULT_HEAL_PARTITION; }
    }

    /** SC's own NIC loses carrier. */
    record NicDown(ScId sc) implements Fault {
        public NicDown { FaultChecks.sc(sc); }
        public Kind kind() { return Kind.FAULT_NIC_DOWN; }
    }

    record NicUp(ScId sc) implements Fault {
        public NicUp { FaultChecks.sc(sc); }
        public Kind kind() { return Kind.FAULT_NIC_UP; }
    }

    record PowerOff(ScId sc) implements Fault {
        public PowerOff { FaultChecks.sc(sc); }
        public Kind kind() { return Kind.FAULT_POWER_OFF; }
    }

    record PowerOn(ScId sc) implements Fault {
        public PowerOn { FaultChecks.sc(sc); }
        public Kind kind() { return Kind.FAULT_POWER_ON; }
    }

    /** SC held in reset for {@code hold} (by a watchdog, not by the peer's line), then it boots. */
    record Reset(ScId sc, Duration hold) implements Fault {
        public Reset { FaultChecks.sc(sc); FaultChecks.positive("reset hold", hold); }
        public Kind kind() { return Kind.FAULT_RESET; }
    }

    /** SC's software stops running (a GC pause) for {@code duration}; the hardware carries on. */
    record Stall(ScId sc, Duration duration) implements Fault {
        public Stall { FaultChecks.sc(sc); FaultChecks.positive("stall duration", duration); }
        public Kind kind() { return Kind.FAULT_STALL; }
    }

    /**
     * Frames sent by {@code from} (null: both ways) take {@code latency} from now on, a uniform draw per
     * frame (min == max: fixed; frames may overtake each other, as UDP datagrams may). The
     * configuration's {@link ChassisConfig#peerLinkLatency()} restores the default.
     */
    record LinkLatency(ScId from, DurationRange latency) implements Fault {
        public LinkLatency { Objects.requireNonNull(latency, "latency"); }
        public Kind kind() { return Kind.FAULT_LINK_LATENCY; }
    }

    record RemoveBoard(int slot) implements Fault {
        public RemoveBoard { FaultChecks.nonNegative("slot", slot); }
        public Kind kind() { return Kind.FAULT_REMOVE_BOARD; }
    }

    record InsertBoard(int slot) implements Fault {
        public InsertBoard { FaultChecks.nonNegative("slot", slot); }
        public Kind kind() { return Kind.FAULT_INSERT_BOARD; }
    }

    /**
     * The fault that undoes this one (unhang, stop NACKing, clear errors, restore, heal, NIC up, power
     * on, re-insert), or empty for faults that end by themselves (reset, stall) or are repairs.
     */
    default java.util.Optional<Fault> repair() {
        return java.util.Optional.ofNullable(switch (this) {
            case HangBus f -> new UnhangBus(f.sc(), f.bus());
            case NackDevice f -> new StopNack(f.slot());
            case IntermittentBus f -> f.probability() > 0 ? new IntermittentBus(f.sc(), f.bus(), 0, f.error()) : null;
            case CutHeartbeat f -> new RestoreHeartbeat(f.from());
            case Partition f -> new HealPartition(f.direction());
            case NicDown f -> new NicUp(f.sc());
            case PowerOff f -> new PowerOn(f.sc());
            case RemoveBoard f -> new InsertBoard(f.slot());
            default -> null;
        });
    }

    /** Number of fault types {@link #random} chooses from, uniformly. */
    int TYPES = 18;

    /** A random fault of any type with plausible parameters, sized for {@code config}. */
    static Fault random(SplittableRandom r, ChassisConfig config) {
        return random(r, config, r.nextInt(TYPES));
    }

    /** A random fault of type {@code type} (0..{@link #TYPES}-1, in declaration order). */
    static Fault random(SplittableRandom r, ChassisConfig config, int type) {
        ScId sc = ScId.of(r.nextInt(2));
        int slot = r.nextInt(config.slots());
        LinkDirection dir = LinkDirection.values()[r.nextInt(3)];
        return switch (type) {
            case 0 -> new HangBus(sc, slot);
            case 1 -> new UnhangBus(sc, slot);
            case 2 -> new NackDevice(slot);
            case 3 -> new StopNack(slot);
            case 4 -> new IntermittentBus(sc, slot, r.nextInt(4) == 0 ? 0.0 : r.nextDouble(0.01, 1.0),
                    I2cErrorKind.values()[r.nextInt(I2cErrorKind.values().length)]);
            case 5 -> new CutHeartbeat(sc);
            case 6 -> new RestoreHeartbeat(sc);
            case 7 -> new Partition(dir);
            case 8 -> new HealPartition(dir);
            case 9 -> new NicDown(sc);
            case 10 -> new NicUp(sc);
            case 11 -> new PowerOff(sc);
            case 12 -> new PowerOn(sc);
            case 13 -> new Reset(sc, Duration.ofMillis(r.nextLong(10, 2_000)));
            case 14 -> new Stall(sc, Duration.ofMillis(r.nextLong(10, 3_000)));
            case 15 -> new RemoveBoard(slot);
            case 16 -> new InsertBoard(slot);
            case 17 -> {
                long min = r.nextLong(0, 1_000) * 1_000_000L;
                yield new LinkLatency(r.nextInt(3) == 0 ? null : sc, r.nextBoolean() ? new DurationRange(
                        Duration.ofNanos(min), Duration.ofNanos(min)) : new DurationRange(Duration.ofNanos(min),
                        Duration.ofNanos(min + r.nextLong(1, 2_000) * 1_000_000L)));
            }
            default -> throw new HalArgumentException("fault type " + type + " is out of range 0.." + (TYPES - 1));
        };
    }
}

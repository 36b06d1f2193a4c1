package dev.pairlock.scctl.target;

import dev.pairlock.clockregs.GchipLayout;
import dev.pairlock.hal.ControllerHardware;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.clock.RefSel;
import dev.pairlock.hal.gpio.GpioChip;
import dev.pairlock.hal.reg.RegisterWindow;
import dev.pairlock.mock.Chassis;
import dev.pairlock.mock.ChassisConfig;
import dev.pairlock.mock.Fault;
import dev.pairlock.mock.I2cErrorKind;
import dev.pairlock.mock.InitialState;
import dev.pairlock.platform.SimBackend;
import dev.pairlock.scctl.text.Numbers;
import dev.pairlock.scctl.text.UsageException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * The built-in simulated chassis: 18 boards, running with SC0 leading, on virtual time, its views
 * assembled by platform's {@link SimBackend}. Every command works against it; --sim-fault makes it
 * misbehave.
 */
public final class SimTarget implements Target {
    public static final int SLOTS = 18;
    /** Long enough for both-followers drift to lose lock in every seed (the chassis' range ends at 3 s). */
    private static final Duration UNLOCK_SETTLE = Duration.ofSeconds(4);
    /**
     * How long reset:SC holds the SC: the longest reset the chassis' fault makes, an hour of virtual
     * time, longer than any command lets pass unless a watch or timeout asks for more.
     */
    private static final Duration RESET_HOLD = Duration.ofHours(1);

    private final SimBackend backend;
    private final Chassis chassis;
    private SimFailover failover;

    SimTarget(SimBackend backend) {
        this.backend = backend;
        this.chassis = backend.chassis();
    }

    /** Builds the chassis and applies the faults ("hang:3,7", "empty:5", "flaky:2", "unlock", "reset:sc1"). */
    public static SimTarget create(List<String> faults, long seed) {
        Set<Integer> empty = new HashSet<>();
        List<Fault> inject = new ArrayList<>();
        boolean unlock = false;
        for (String f : faults) {
            String[] p = f.split(":", 2);
            switch (p[0]) {
                case "unlock" -> unlock = true;
                case "reset" -> inject.add(new Fault.Reset(resetTarget(f, p), RESET_HOLD));
                case "hang", "empty", "flaky", "nack" -> {
                    if (p.length < 2 || p[1].isBlank()) {
                        throw new UsageException("--sim-fault " + f + ": name the slots, e.g. " + p[0] + ":3,7");
                    }
                    for (String slotText : p[1].split(",")) {
                        int slot = Numbers.parse("--sim-fault " + p[0] + " slot", slotText, 0, SLOTS - 1);
                        switch (p[0]) {
                            case "hang" -> {
                                inject.add(new Fault.HangBus(ScId.SC0, slot));
                                inject.add(new Fault.HangBus(ScId.SC1, slot));
                            }
                            case "flaky" -> {
                                inject.add(new Fault.IntermittentBus(ScId.SC0, slot, 0.5, I2cErrorKind.TIMEOUT));
                                inject.add(new Fault.IntermittentBus(ScId.SC1, slot, 0.5, I2cErrorKind.TIMEOUT));
                            }
                            case "nack" -> inject.add(new Fault.NackDevice(slot));
                            default -> empty.add(slot);
                        }
                    }
                }
                default -> throw new UsageException("--sim-fault '" + f + "' is not one of hang:SLOTS, empty:SLOTS, flaky:SLOTS, nack:SLOTS,"
                        + " unlock, reset:SC");
            }
        }
        ChassisConfig config = ChassisConfig.builder().slots(SLOTS).seed(seed)
                .initialState(InitialState.RUNNING_SC0_LEADS).emptySlots(empty).build();
        SimBackend backend = SimBackend.create(config);
        Chassis chassis = backend.chassis();
        inject.forEach(chassis::inject);
        if (unlock) {
            backend.controller(ScId.SC0).gchip().setRefSel(RefSel.FOLLOWER);
            chassis.time().runFor(UNLOCK_SETTLE.toNanos());
        }
        chassis.drainBusyNanos(ScId.SC0);
        chassis.drainBusyNanos(ScId.SC1);
        return new SimTarget(backend);
    }

    /** The SC of "reset:sc1": held in reset, its Gchip ignores writes and its REF_SEL reads follower. */
    private static ScId resetTarget(String fault, String[] parts) {
        try {
            return ScId.parse(parts.length < 2 ? "" : parts[1]);
        } catch (dev.pairlock.hal.HalArgumentException e) {
            throw new UsageException("--sim-fault " + fault + ": name the SC to hold in reset, reset:sc0 or reset:sc1");
        }
    }

    public Chassis chassis() {
        return chassis;
    }

    @Override
    public String name() {
        return backend.name();
    }

    @Override
    public ControllerHardware controller(ScId sc) {
        return backend.controller(sc);
    }

    @Override
    public List<GpioChip> gpioChips(ScId sc) {
        return backend.gpioChips(sc);
    }

    @Override
    public List<String> registerWindowNames(ScId sc) {
        return backend.registerWindowNames();
    }

    @Override
    public Optional<RegisterWindow> registerWindow(ScId sc, String name) {
        return backend.registerWindow(sc, name);
    }

    @Override
    public GchipLayout gchipLayout() {
        return chassis.config().gchipLayout();
    }

    @Override
    public void await(Duration duration) {
        chassis.time().runFor(duration.toNanos());
    }

    /**
     * The simulated buses cost virtual time, not real time, so the slots run one after another
     * here and each one's cost is its own bus lane's time; progress is reported in the order
     * the lanes would finish.
     */
    @Override
    public <T> List<SlotResult<T>> acrossSlots(ScId sc, int slots, IntFunction<T> action, IntConsumer progress) {
        List<SlotResult<T>> out = new ArrayList<>(slots);
        chassis.drainBusyNanos(sc);
        for (int slot = 0; slot < slots; slot++) {
            T value = null;
            RuntimeException error = null;
            try {
                value = action.apply(slot);
            } catch (RuntimeException e) {
                error = e;
            }
            out.add(new SlotResult<>(slot, value, error, chassis.drainBusyNanos(sc)));
        }
        List<SlotResult<T>> byFinish = new ArrayList<>(out);
        byFinish.sort(Comparator.comparingLong(SlotResult::nanos));
        for (int i = 0; i < byFinish.size(); i++) {
            progress.accept(i + 1);
        }
        long longest = byFinish.isEmpty() ? 0 : byFinish.getLast().nanos();
        chassis.time().runFor(longest);
        return out;
    }

    @Override
    public Optional<FailoverControl> failover() {
        if (failover == null) {
            failover = new SimFailover(backend);
        }
        return Optional.of(failover);
    }

    @Override
    public void close() {
        backend.close();
    }
}

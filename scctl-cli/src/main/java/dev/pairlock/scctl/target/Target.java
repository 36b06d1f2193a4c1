package dev.pairlock.scctl.target;

import dev.pairlock.clockregs.GchipLayout;
import dev.pairlock.hal.ControllerHardware;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.gpio.GpioChip;
import dev.pairlock.hal.reg.RegisterWindow;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The machine scctl operates on: the simulated chassis or a real one described by a config file.
 * Commands see only this, so every command behaves the same on both.
 */
public interface Target extends AutoCloseable {
    /** "sim" or "linux". */
    String name();

    ControllerHardware controller(ScId sc);

    /** The GPIO chips visible to {@code sc}, in gpiodetect order. */
    List<GpioChip> gpioChips(ScId sc);

    /** One of {@code sc}'s GPIO chips by name ("gpiochip1"), number ("1"), label or path. */
    default GpioChip gpioChip(ScId sc, String spec) {
        return GpioLines.chip(gpioChips(sc), spec);
    }

    /** The named register windows of {@code sc} ("gchip" at least where the Gchip is memory mapped). */
    List<String> registerWindowNames(ScId sc);

    Optional<RegisterWindow> registerWindow(ScId sc, String name);

    /** Where REF_SEL, PHASE_LOCK and PEER_CLOCK sit in the "gchip" window: a message names the register. */
    GchipLayout gchipLayout();

    /**
     * Lets {@code duration} pass for commands that watch something: virtual time runs forward on
     * the simulator, the calling thread waits on real hardware.
     */
    void await(Duration duration);

    /**
     * Runs {@code action} for every slot 0..slots-1 of {@code sc}, each on its own bus lane so that
     * a hung bus delays only its own slot, and reports each slot's hardware time. {@code progress}
     * sees the number of finished slots after each one finishes, in the order they finish.
     */
    <T> List<SlotResult<T>> acrossSlots(ScId sc, int slots, java.util.function.IntFunction<T> action,
                                        java.util.function.IntConsumer progress);

    /** The failover runtimes of both SCs, where this target can run them. */
    default Optional<FailoverControl> failover() {
        return Optional.empty();
    }

    @Override
    void close();
}

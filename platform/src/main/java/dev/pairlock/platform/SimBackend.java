package dev.pairlock.platform;

import dev.pairlock.clockregs.RegisterGchip;
import dev.pairlock.hal.ControllerHardware;
import dev.pairlock.hal.HardwareBackend;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.gpio.GpioChip;
import dev.pairlock.hal.i2c.I2cBuses;
import dev.pairlock.hal.reg.RegisterWindow;
import dev.pairlock.mock.Chassis;
import dev.pairlock.mock.ChassisConfig;
import dev.pairlock.spll.I2cBoardBay;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Both SCs' hardware views on the simulated chassis, assembled from mock-hw's raw parts with the
 * same code as on real hardware: spll's {@link I2cBoardBay} over the simulated I2C buses (the
 * boards answer at register level) and clock-regs' {@link RegisterGchip} over the simulated Gchip
 * registers (laid out as {@link ChassisConfig#gchipLayout()}). Clock and scheduler are the chassis'
 * virtual time.
 */
public final class SimBackend implements HardwareBackend {
    private final Chassis chassis;
    private final ControllerHardware[] views = new ControllerHardware[2];

    public SimBackend(Chassis chassis) {
        this.chassis = Objects.requireNonNull(chassis, "chassis");
        for (ScId sc : ScId.values()) {
            views[sc.index()] = assemble(chassis, sc);
        }
    }

    /** A fresh chassis of {@code config} on its own virtual time. */
    public static SimBackend create(ChassisConfig config) {
        return new SimBackend(new Chassis(config));
    }

    private static ControllerHardware assemble(Chassis c, ScId sc) {
        ChassisConfig cfg = c.config();
        I2cBuses buses = c.i2cBuses(sc);
        return new ControllerHardware(sc, buses, new I2cBoardBay(buses, cfg.slots(), cfg.registerMap()),
                new RegisterGchip(c.gchipRegisters(sc), cfg.gchipLayout()), c.heartbeatOut(sc), c.heartbeatIn(sc),
                c.resetLine(sc), c.peerLink(sc), c.time(), c.time());
    }

    public Chassis chassis() {
        return chassis;
    }

    @Override
    public String name() {
        return "sim";
    }

    /** SC {@code sc}'s view; the same object on every call. */
    @Override
    public ControllerHardware controller(ScId sc) {
        return views[Objects.requireNonNull(sc, "sc").index()];
    }

    /** SC {@code sc}'s GPIO chips: its one simulated chip (hb-out, hb-in, peer-reset). */
    public List<GpioChip> gpioChips(ScId sc) {
        return List.of(chassis.gpioChip(sc));
    }

    /** The simulated register windows: "gchip" only. */
    public List<String> registerWindowNames() {
        return List.of("gchip");
    }

    public Optional<RegisterWindow> registerWindow(ScId sc, String name) {
        return name.equals("gchip") ? Optional.of(chassis.gchipRegisters(sc)) : Optional.empty();
    }

    /** The chassis holds no operating-system resources: nothing to release. */
    @Override
    public void close() {
    }
}

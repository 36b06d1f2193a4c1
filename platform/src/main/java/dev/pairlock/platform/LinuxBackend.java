package dev.pairlock.platform;

import dev.pairlock.clockregs.MappedRegisterWindow;
import dev.pairlock.clockregs.RegisterGchip;
import dev.pairlock.hal.ControllerHardware;
import dev.pairlock.hal.DeviceUnavailableException;
import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.HalException;
import dev.pairlock.hal.HardwareBackend;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.clock.Gchip;
import dev.pairlock.hal.clock.RefSel;
import dev.pairlock.hal.gpio.GpioChip;
import dev.pairlock.hal.i2c.I2cBuses;
import dev.pairlock.hal.peer.PeerLink;
import dev.pairlock.hal.reg.RegisterWindow;
import dev.pairlock.hal.time.Clock;
import dev.pairlock.hal.time.Scheduler;
import dev.pairlock.hal.time.SystemClock;
import dev.pairlock.hal.time.ThreadScheduler;
import dev.pairlock.i2c.LinuxI2cBuses;
import dev.pairlock.spll.I2cBoardBay;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One SC's real hardware as its platform file describes it: i2c-dev buses and the board register
 * map over them (spll), memory-mapped register windows and the Gchip over the "gchip" window
 * (clock-regs), GPIO chips and the heartbeat and reset lines over them (gpio-heartbeat), the peer
 * link the caller brings, the system clock.
 *
 * <p>Nothing is opened until it is used: building the backend touches no device, so a tool that
 * needs only the I2C buses works although a register window of the file is absent. A part the file
 * does not describe fails when used with a {@link NotConfiguredException} naming the key to set; a
 * part that cannot be opened fails with an error naming the platform file's line.
 */
public final class LinuxBackend implements HardwareBackend {
    private final PlatformConfig config;
    private final LinuxI2cBuses buses;
    private final LinuxGpio gpio;
    private final Map<String, RegisterWindow> openWindows = new HashMap<>();
    /** Set by {@link #close}: nothing is mapped again (a late caller got a fresh mapping, never unmapped). */
    private volatile boolean windowsClosed;
    private final ThreadScheduler ownScheduler;
    private final ControllerHardware hardware;

    private LinuxBackend(Builder b) {
        this.config = b.config;
        this.buses = new LinuxI2cBuses(b.dev, b.sysI2c, config.i2c());
        this.gpio = new LinuxGpio(config, b.dev, b.consumer);
        this.ownScheduler = b.scheduler == null ? new ThreadScheduler(b.consumer + "-timer") : null;
        Scheduler scheduler = b.scheduler == null ? ownScheduler : b.scheduler;
        this.hardware = new ControllerHardware(config.sc(), buses,
                new I2cBoardBay(buses, config.boards().slots(), config.boards().registerMap()), new LazyGchip(),
                gpio.heartbeatOut(), gpio.heartbeatIn(), config.resetOut().map(gpio::resetOut),
                b.peerLink == null ? new NoPeerLink() : b.peerLink, b.clock, scheduler);
    }

    /** The backend with every default: no peer link, consumer "pairlock", the system's /dev and /sys. */
    public static LinuxBackend open(PlatformConfig config) {
        return builder(config).open();
    }

    public static Builder builder(PlatformConfig config) {
        return new Builder(config);
    }

    /** What the caller brings besides the platform file. */
    public static final class Builder {
        private final PlatformConfig config;
        private PeerLink peerLink;
        private String consumer = "pairlock";
        private Path dev = Path.of("/dev");
        private Path sysI2c = Path.of("/sys/class/i2c-dev");
        private Clock clock = SystemClock.INSTANCE;
        private Scheduler scheduler;

        private Builder(PlatformConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** The authenticated UDP link pairlockd runs; without one, sending fails (scctl runs no link). */
        public Builder peerLink(PeerLink link) {
            this.peerLink = Objects.requireNonNull(link, "link");
            return this;
        }

        /** The consumer label of the GPIO lines this backend requests (gpioinfo shows it): "pairlockd", "scctl". */
        public Builder consumer(String name) {
            this.consumer = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Where the device nodes ({@code i2c-N}, {@code gpiochipN}) and the i2c-dev sysfs entries are; for tests. */
        public Builder devices(Path devDirectory, Path sysI2cDevDirectory) {
            this.dev = Objects.requireNonNull(devDirectory, "devDirectory");
            this.sysI2c = Objects.requireNonNull(sysI2cDevDirectory, "sysI2cDevDirectory");
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** Timers; by default a thread of the backend's own, stopped by {@link LinuxBackend#close()}. */
        public Builder scheduler(Scheduler s) {
            this.scheduler = Objects.requireNonNull(s, "scheduler");
            return this;
        }

        public LinuxBackend open() {
            return new LinuxBackend(this);
        }
    }

    @Override
    public String name() {
        return "linux";
    }

    public PlatformConfig config() {
        return config;
    }

    /** This SC's view: {@link PlatformConfig#sc()}'s. */
    public ControllerHardware hardware() {
        return hardware;
    }

    /** The view of {@code sc}; a machine has only its own SC's hardware. */
    @Override
    public ControllerHardware controller(ScId sc) {
        if (sc != config.sc()) {
            throw new HalArgumentException(config.source() + " describes " + config.sc() + "'s hardware, not " + sc
                    + " (use " + sc + "'s platform file on " + sc + ")");
        }
        return hardware;
    }

    /** Every GPIO chip of the machine, in gpiodetect order (opened on first call). */
    public List<GpioChip> gpioChips() {
        return gpio.chips();
    }

    /** A GPIO chip by name ("gpiochip1"), number, label or path. */
    public GpioChip gpioChip(String spec) {
        return gpio.chip(spec);
    }

    /** The configured register windows: "gchip" first if configured, then each {@code window.NAME}. */
    public List<String> registerWindowNames() {
        return List.copyOf(config.windows().keySet());
    }

    /** The named window, mapped on first use; empty if the file does not configure it. */
    public synchronized Optional<RegisterWindow> registerWindow(String name) {
        WindowRef ref = config.windows().get(name);
        if (ref == null) {
            return Optional.empty();
        }
        if (windowsClosed) {
            throw closed(ref);
        }
        return Optional.of(openWindows.computeIfAbsent(name, n -> map(ref)));
    }

    private static DeviceUnavailableException closed(WindowRef ref) {
        return new DeviceUnavailableException(ref.origin().file() + ":" + ref.origin().line() + ": " + ref.origin().key()
                + " = " + ref.device(), "the backend is closed", "open the platform file again (LinuxBackend.open)");
    }

    /** Maps a window; a refusal that the file causes is a platform-file error at the device's line. */
    private static RegisterWindow map(WindowRef w) {
        try {
            String file = w.device().getFileName() == null ? "" : w.device().getFileName().toString();
            if (w.device().equals(Path.of("/dev/mem"))) {
                return MappedRegisterWindow.devMem(w.offset(), w.size());
            }
            if (file.matches("resource\\d+")) {
                return MappedRegisterWindow.pciResource(w.device(), w.offset(), w.size());
            }
            return MappedRegisterWindow.file(w.device(), w.offset(), w.size());
        } catch (HalArgumentException e) {
            throw w.origin().error(e.getMessage());
        } catch (DeviceUnavailableException e) {
            if (e.getMessage().contains("mmap failed (ENODEV")) {
                // the file opened but cannot be mapped at all (/dev/null, a tty, a pipe): the file named the wrong thing
                throw w.origin().error(dev.pairlock.config.Values.quote(w.device().toString()) + " cannot be memory-mapped"
                        + " (ENODEV): name a device that can (/dev/mem, /dev/uioN, a PCI resourceN file or a plain file)");
            }
            throw located(w, e);
        }
    }

    /** The same failure, its device prefixed with the platform file's line and key. */
    private static DeviceUnavailableException located(WindowRef w, DeviceUnavailableException e) {
        String msg = e.getMessage();
        int start = Math.min(msg.length(), e.device().length() + 2);
        int end = e.remedy().isEmpty() ? msg.length() : Math.max(start, msg.length() - e.remedy().length() - 3);
        String where = w.origin().file() + ":" + w.origin().line() + ": " + w.origin().key() + " = " + e.device();
        DeviceUnavailableException out = new DeviceUnavailableException(where, msg.substring(start, end), e.remedy());
        out.initCause(e);
        return out;
    }

    /** The Gchip over the "gchip" window, mapped on the first call. */
    private final class LazyGchip implements Gchip {
        private volatile RegisterGchip chip;

        private RegisterGchip chip() {
            RegisterGchip c = chip;
            if (windowsClosed && config.gchipWindow().isPresent()) {
                // its window is unmapped: say so, not the arena's "already closed"
                throw closed(config.gchipWindow().get());
            }
            if (c == null) {
                synchronized (this) {
                    if (chip == null) {
                        RegisterWindow w = registerWindow("gchip")
                                .orElseThrow(() -> new NotConfiguredException(config.source(), "Gchip register window", "gchip.device"));
                        try {
                            chip = new RegisterGchip(w, config.gchipLayout());
                        } catch (HalArgumentException e) {
                            throw config.gchipWindow().orElseThrow().origin().error(e.getMessage());
                        }
                    }
                    c = chip;
                }
            }
            return c;
        }

        @Override
        public RefSel refSel() {
            return chip().refSel();
        }

        @Override
        public void setRefSel(RefSel mode) {
            chip().setRefSel(mode);
        }

        @Override
        public boolean phaseLocked() {
            return chip().phaseLocked();
        }

        @Override
        public boolean peerClockPresent() {
            return chip().peerClockPresent();
        }

        @Override
        public String toString() {
            return "Gchip of " + config.sc().name().toLowerCase(Locale.ROOT);
        }
    }

    /** Without a daemon there is no peer link: scctl never sends. */
    private static final class NoPeerLink implements PeerLink {
        @Override
        public void send(byte[] frame) {
            throw new HalException("no peer link: the peer link belongs to the failover daemon (pairlockd), which this tool does not run");
        }

        @Override
        public boolean carrier() {
            return false;
        }

        @Override
        public void onFrame(FrameReceiver receiver) {
        }
    }

    /** Releases every device this backend opened: GPIO requests and chips, windows, buses, its timer thread. */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (Runnable step : List.<Runnable>of(gpio::close, this::closeWindows, buses::close)) {
            try {
                step.run();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (ownScheduler != null) {
            ownScheduler.close();
        }
        if (!failures.isEmpty()) {
            throw failures.getFirst();
        }
    }

    private synchronized void closeWindows() {
        windowsClosed = true;
        openWindows.values().forEach(RegisterWindow::close);
        openWindows.clear();
    }
}

package dev.pairlock.scctl.target;

import dev.pairlock.clockregs.MappedRegisterWindow;
import dev.pairlock.clockregs.RegisterGchip;
import dev.pairlock.hal.ControllerHardware;
import dev.pairlock.hal.HalException;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.clock.Gchip;
import dev.pairlock.hal.clock.RefSel;
import dev.pairlock.hal.gpio.GpioChip;
import dev.pairlock.hal.i2c.I2cBus;
import dev.pairlock.hal.i2c.I2cBuses;
import dev.pairlock.hal.i2c.I2cSettings;
import dev.pairlock.hal.peer.PeerLink;
import dev.pairlock.hal.reg.RegisterWindow;
import dev.pairlock.hal.time.SystemClock;
import dev.pairlock.hal.time.ThreadScheduler;
import dev.pairlock.i2c.LinuxI2cBuses;
import dev.pairlock.scctl.text.UsageException;
import dev.pairlock.spll.I2cBoardBay;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * Real hardware as a platform file describes it: i2c-dev buses, the board register map over them,
 * memory-mapped register windows and the Gchip over the "gchip" window, GPIO chips and the
 * heartbeat/reset lines over them (see {@link LinuxGpio}). Only the configured SC's
 * view exists; parts the file does not configure fail with a message naming the missing key.
 */
final class LinuxTarget implements Target {
    private final PlatformConfig config;
    private final LinuxI2cBuses buses;
    private final Map<String, RegisterWindow> windows = new LinkedHashMap<>();
    private final ThreadScheduler scheduler = new ThreadScheduler("scctl-timer");
    private final LinuxGpio gpio;
    private final ControllerHardware hw;

    private LinuxTarget(PlatformConfig config) {
        this.config = config;
        this.buses = new LinuxI2cBuses(new I2cSettings(Duration.ofMillis(config.i2cTimeoutMs()), 1));
        config.windows().forEach((name, w) -> windows.put(name, open(w)));
        I2cBuses bySlot = new SlotBuses();
        Gchip gchip = windows.containsKey("gchip") ? new RegisterGchip(windows.get("gchip")) : new MissingGchip();
        this.gpio = new LinuxGpio(config, Path.of("/dev"));
        this.hw = new ControllerHardware(config.sc(), bySlot, new I2cBoardBay(bySlot, config.slots()), gchip,
                gpio.heartbeatOut(), gpio.heartbeatIn(), config.resetOut().map(gpio::resetOut), new MissingPeerLink(),
                SystemClock.INSTANCE, scheduler);
    }

    static Target open(PlatformConfig config) {
        return new LinuxTarget(config);
    }

    private static RegisterWindow open(PlatformConfig.WindowRef w) {
        String dev = w.device().toString();
        if (dev.equals("/dev/mem")) {
            return MappedRegisterWindow.devMem(w.offset(), w.size());
        }
        if (w.device().getFileName().toString().startsWith("resource")) {
            return MappedRegisterWindow.pciResource(w.device(), w.offset(), w.size());
        }
        return MappedRegisterWindow.file(w.device(), w.offset(), w.size());
    }

    private HalException missing(String key, String what) {
        return new HalException(config.source() + ": no " + what + " configured (set " + key + " in the platform file)");
    }

    /** Slot k's bus as the file maps it; the bus numbers are the slots so BoardBay finds slot k on "bus" k. */
    private final class SlotBuses implements I2cBuses {
        @Override
        public List<Integer> numbers() {
            return buses.numbers();
        }

        @Override
        public I2cBus bus(int number) {
            return buses.bus(number < config.slots() ? config.busOf(number) : number);
        }

        @Override
        public void close() {
            buses.close();
        }
    }

    private final class MissingGchip implements Gchip {
        @Override
        public RefSel refSel() {
            throw missing("gchip.device", "Gchip register window");
        }

        @Override
        public void setRefSel(RefSel mode) {
            throw missing("gchip.device", "Gchip register window");
        }

        @Override
        public boolean phaseLocked() {
            throw missing("gchip.device", "Gchip register window");
        }

        @Override
        public boolean peerClockPresent() {
            throw missing("gchip.device", "Gchip register window");
        }
    }

    private static final class MissingPeerLink implements PeerLink {
        @Override
        public void send(byte[] frame) {
            throw new HalException("the peer link belongs to the failover daemon, which scctl does not run on real hardware");
        }

        @Override
        public boolean carrier() {
            return false;
        }

        @Override
        public void onFrame(FrameReceiver receiver) {
        }
    }

    @Override
    public String name() {
        return "linux";
    }

    @Override
    public ControllerHardware controller(ScId sc) {
        if (sc != config.sc()) {
            throw new UsageException(config.source() + " describes " + config.sc() + "'s hardware, not " + sc
                    + " (use --sc " + config.sc().name().toLowerCase() + " or that SC's platform file)");
        }
        return hw;
    }

    @Override
    public List<GpioChip> gpioChips(ScId sc) {
        controller(sc);
        return gpio.chips();
    }

    @Override
    public GpioChip gpioChip(ScId sc, String spec) {
        controller(sc);
        return gpio.chip(spec);
    }

    @Override
    public List<String> registerWindowNames(ScId sc) {
        return List.copyOf(windows.keySet());
    }

    @Override
    public Optional<RegisterWindow> registerWindow(ScId sc, String name) {
        controller(sc);
        return Optional.ofNullable(windows.get(name));
    }

    @Override
    public void await(Duration duration) {
        CountDownLatch done = new CountDownLatch(1);
        scheduler.schedule(duration.toNanos(), done::countDown);
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public <T> List<SlotResult<T>> acrossSlots(ScId sc, int slots, IntFunction<T> action, IntConsumer progress) {
        controller(sc);
        AtomicInteger finished = new AtomicInteger();
        List<Future<SlotResult<T>>> futures = new ArrayList<>();
        try (ExecutorService lanes = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int slot = 0; slot < slots; slot++) {
                int s = slot;
                futures.add(lanes.submit(() -> {
                    long start = SystemClock.INSTANCE.nanos();
                    T value = null;
                    RuntimeException error = null;
                    try {
                        value = action.apply(s);
                    } catch (RuntimeException e) {
                        error = e;
                    }
                    SlotResult<T> r = new SlotResult<>(s, value, error, SystemClock.INSTANCE.nanos() - start);
                    synchronized (progress) {
                        progress.accept(finished.incrementAndGet());
                    }
                    return r;
                }));
            }
        }
        List<SlotResult<T>> out = new ArrayList<>();
        for (Future<SlotResult<T>> f : futures) {
            out.add(f.resultNow());
        }
        return out;
    }

    @Override
    public void close() {
        gpio.close();
        windows.values().forEach(RegisterWindow::close);
        buses.close();
        scheduler.close();
    }
}

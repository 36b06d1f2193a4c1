package dev.pairlock.scctl.target;

import dev.pairlock.clockregs.GchipLayout;
import dev.pairlock.hal.ControllerHardware;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.gpio.GpioChip;
import dev.pairlock.hal.reg.RegisterWindow;
import dev.pairlock.hal.time.SystemClock;
import dev.pairlock.platform.LinuxBackend;
import dev.pairlock.platform.PlatformConfig;
import dev.pairlock.scctl.text.UsageException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * Real hardware as a platform file describes it, assembled by platform's {@link LinuxBackend}:
 * only the configured SC's view exists; every device is opened when a command first uses it.
 */
final class LinuxTarget implements Target {
    private final LinuxBackend backend;

    private LinuxTarget(LinuxBackend backend) {
        this.backend = backend;
    }

    static Target open(PlatformConfig config) {
        return new LinuxTarget(LinuxBackend.builder(config).consumer("scctl").open());
    }

    @Override
    public String name() {
        return backend.name();
    }

    @Override
    public ControllerHardware controller(ScId sc) {
        PlatformConfig c = backend.config();
        if (sc != c.sc()) {
            throw new UsageException(c.source() + " describes " + c.sc() + "'s hardware, not " + sc
                    + " (use --sc " + c.sc().name().toLowerCase(Locale.ROOT) + " or that SC's platform file)");
        }
        return backend.hardware();
    }

    @Override
    public List<GpioChip> gpioChips(ScId sc) {
        controller(sc);
        return backend.gpioChips();
    }

    @Override
    public GpioChip gpioChip(ScId sc, String spec) {
        controller(sc);
        try {
            return backend.gpioChip(spec);
        } catch (dev.pairlock.hal.HalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    @Override
    public List<String> registerWindowNames(ScId sc) {
        return backend.registerWindowNames();
    }

    @Override
    public Optional<RegisterWindow> registerWindow(ScId sc, String name) {
        controller(sc);
        return backend.registerWindow(name);
    }

    @Override
    public GchipLayout gchipLayout() {
        return backend.config().gchipLayout();
    }

    @Override
    public void await(Duration duration) {
        CountDownLatch done = new CountDownLatch(1);
        backend.hardware().scheduler().schedule(duration.toNanos(), done::countDown);
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
        backend.close();
    }
}

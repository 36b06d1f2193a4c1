package dev.pairlock.platform;

import dev.pairlock.gpio.LinuxGpioChip;
import dev.pairlock.gpio.heartbeat.GpioHeartbeatInput;
import dev.pairlock.gpio.heartbeat.GpioHeartbeatOutput;
import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.HalException;
import dev.pairlock.hal.gpio.GpioChip;
import dev.pairlock.hal.gpio.LineConfig;
import dev.pairlock.hal.gpio.LineRequest;
import dev.pairlock.hal.gpio.LineSettings;
import dev.pairlock.hal.gpio.RequestConfig;
import dev.pairlock.hal.heartbeat.HeartbeatInput;
import dev.pairlock.hal.heartbeat.HeartbeatListener;
import dev.pairlock.hal.heartbeat.HeartbeatOutput;
import dev.pairlock.hal.peer.ResetLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The GPIO character devices of a Linux machine, opened on first use and closed with the backend,
 * and the platform file's heartbeat and reset lines over them. A line is requested only when it is
 * first used, so that a tool can still inspect a line the platform file names.
 */
final class LinuxGpio implements AutoCloseable {
    private final PlatformConfig config;
    private final Path dev;
    private final String consumer;
    private final Map<String, GpioChip> open = new LinkedHashMap<>();
    private final List<AutoCloseable> requests = new ArrayList<>();
    /** The device directory's chips that could not be opened, by path (after the scan). */
    private final Map<String, HalException> unopenable = new LinkedHashMap<>();
    private boolean scanned;
    /** Set by {@link #close}: no chip is opened again (a late caller's chip was never closed). */
    private boolean closed;

    LinuxGpio(PlatformConfig config, Path dev, String consumer) {
        this.config = config;
        this.dev = dev;
        this.consumer = consumer;
    }

    /**
     * Every {@code gpiochipN} of the device directory in number order, plus chips opened by path. If
     * one of them cannot be opened, its error (permission, not a GPIO device) is thrown, every time:
     * a list without it would change what "the only chip" or "the chip holding line NAME" means to
     * the tools (scctl's offsets without -c would land on another chip). A chip given by name, number,
     * label or path ({@link #chip}) is still found among the others.
     */
    synchronized List<GpioChip> chips() {
        List<GpioChip> chips = scan();
        if (!unopenable.isEmpty()) {
            throw unopenable.values().iterator().next();
        }
        return chips;
    }

    /** A chip by name, number, label or path; a path outside the device directory is opened directly. */
    synchronized GpioChip chip(String spec) {
        if (spec.contains("/") && !open.containsKey(spec) && Files.exists(Path.of(spec))) {
            return openPath(spec);
        }
        try {
            return GpioLookup.chip(scan(), spec);
        } catch (HalArgumentException e) {
            if (unopenable.isEmpty()) {
                throw e;
            }
            // the chip may be one of those that did not open: say which, and why
            StringBuilder why = new StringBuilder(e.getMessage()).append("; not opened:");
            unopenable.values().forEach(x -> why.append(' ').append(x.getMessage()).append(';'));
            why.setLength(why.length() - 1);
            throw new HalArgumentException(why.toString());
        }
    }

    /**
     * Opens the device directory's chips once; one that fails is remembered, not fatal: before, the
     * first failure ended the scan for good, and every later lookup saw only the chips opened before it.
     */
    private List<GpioChip> scan() {
        requireOpen();
        if (!scanned) {
            for (String p : chipPaths()) {
                try {
                    openPath(p);
                } catch (HalException e) {
                    unopenable.put(p, e);
                }
            }
            scanned = true;
        }
        return List.copyOf(open.values());
    }

    private GpioChip openPath(String path) {
        requireOpen();
        GpioChip c = open.get(path);
        if (c == null) {
            c = LinuxGpioChip.open(path);
            open.put(path, c);
        }
        return c;
    }

    private void requireOpen() {
        if (closed) {
            throw new dev.pairlock.hal.DeviceUnavailableException("the GPIO chips of " + config.source(), "the backend is closed",
                    "open the platform file again (LinuxBackend.open)");
        }
    }

    private List<String> chipPaths() {
        if (!Files.isDirectory(dev)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dev)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("gpiochip\\d{1,9}"))
                    .sorted((a, b) -> Integer.compare(Integer.parseInt(a.substring(8)), Integer.parseInt(b.substring(8))))
                    .map(n -> dev.resolve(n).toString()).toList();
        } catch (IOException e) {
            throw new HalException("cannot list GPIO chips in " + dev + ": " + e.getMessage());
        }
    }

    /** The configured line, or a platform-file error naming its line, key and value. */
    private GpioLookup.Line line(GpioLineRef ref) {
        try {
            return GpioLookup.line(chip(ref.chip()), ref.line());
        } catch (HalArgumentException e) {
            throw ref.origin().error(ref + ": " + e.getMessage());
        }
    }

    private GpioLineRef configured(Optional<GpioLineRef> ref, String key, String what) {
        return ref.orElseThrow(() -> new NotConfiguredException(config.source(), what, key));
    }

    HeartbeatInput heartbeatIn() {
        return new HeartbeatInput() {
            private GpioHeartbeatInput in;

            private synchronized GpioHeartbeatInput in() {
                if (in == null) {
                    GpioLookup.Line l = line(configured(config.heartbeatIn(), "heartbeat.in", "heartbeat input"));
                    in = keep(GpioHeartbeatInput.open(l.chip(), l.offset(), consumer, Duration.ZERO, 0));
                }
                return in;
            }

            @Override
            public long edgeCount() {
                return in().edgeCount();
            }

            @Override
            public AutoCloseable listen(HeartbeatListener listener) {
                return in().listen(listener);
            }
        };
    }

    HeartbeatOutput heartbeatOut() {
        return new HeartbeatOutput() {
            private GpioHeartbeatOutput out;

            @Override
            public synchronized void beat() {
                if (out == null) {
                    GpioLookup.Line l = line(configured(config.heartbeatOut(), "heartbeat.out", "heartbeat output"));
                    out = keep(GpioHeartbeatOutput.open(l.chip(), l.offset(), consumer));
                }
                out.beat();
            }
        };
    }

    /** The reset line into the peer: an output, active = the peer held in reset. */
    ResetLine resetOut(GpioLineRef ref) {
        return new ResetLine() {
            private LineRequest request;
            private int offset;
            private boolean asserted;

            private LineRequest request() {
                if (request == null) {
                    GpioLookup.Line l = line(ref);
                    offset = l.offset();
                    request = keep(l.chip().request(RequestConfig.of(consumer), LineConfig.of(LineSettings.output(false), offset)));
                }
                return request;
            }

            @Override
            public synchronized void assertReset() {
                request().set(offset, true);
                asserted = true;
            }

            @Override
            public synchronized void release() {
                request().set(offset, false);
                asserted = false;
            }

            @Override
            public synchronized boolean asserted() {
                return asserted;
            }

            @Override
            public synchronized java.util.Optional<String> problem() {
                if (request != null) {
                    return java.util.Optional.empty(); // ours already
                }
                try {
                    GpioLookup.Line l = line(ref);
                    dev.pairlock.hal.gpio.LineInfo info = l.chip().lineInfo(l.offset());
                    if (info.used()) {
                        String by = info.consumer().isEmpty() ? "a consumer without a label (a kernel driver, or a"
                                + " program that gave none; see gpioinfo)" : "'" + info.consumer() + "'";
                        return java.util.Optional.of(ref.origin().error(ref + ": " + l.chip().name() + " line " + l.offset()
                                + " is in use by " + by + ": a fence of the peer would fail (free the line, or point"
                                + " reset.out at the line wired to the peer's reset, not one of this SC's other lines)").getMessage());
                    }
                    return java.util.Optional.empty();
                } catch (RuntimeException e) {
                    return java.util.Optional.of(e.getMessage());
                }
            }
        };
    }

    private synchronized <T extends AutoCloseable> T keep(T request) {
        requests.add(request);
        return request;
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (AutoCloseable r : requests.reversed()) {
            try {
                r.close();
            } catch (Exception e) {
                // the chip close below releases whatever this request still held
            }
        }
        requests.clear();
        open.values().forEach(GpioChip::close);
        open.clear();
    }
}

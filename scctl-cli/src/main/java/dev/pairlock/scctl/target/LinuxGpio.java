package dev.pairlock.scctl.target;

import dev.pairlock.gpio.LinuxGpioChip;
import dev.pairlock.gpio.heartbeat.GpioHeartbeatInput;
import dev.pairlock.gpio.heartbeat.GpioHeartbeatOutput;
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
import dev.pairlock.scctl.text.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The GPIO character devices of a Linux machine, opened on first use and closed with the target,
 * and the platform file's heartbeat and reset lines over them. The lines are requested only when a
 * command uses them, so that 'scctl gpio' can still inspect a line the platform file names.
 */
final class LinuxGpio implements AutoCloseable {
    private static final String CONSUMER = "scctl";
    private final PlatformConfig config;
    private final Path dev;
    private final Map<String, GpioChip> open = new LinkedHashMap<>();
    private final List<AutoCloseable> requests = new ArrayList<>();
    private boolean scanned;

    LinuxGpio(PlatformConfig config, Path dev) {
        this.config = config;
        this.dev = dev;
    }

    /** Every /dev/gpiochipN in number order, plus chips opened by path. */
    synchronized List<GpioChip> chips() {
        if (!scanned) {
            scanned = true;
            for (String p : chipPaths()) {
                openPath(p);
            }
        }
        return List.copyOf(open.values());
    }

    /** A chip by name, number, label or path; a path outside /dev is opened directly. */
    synchronized GpioChip chip(String spec) {
        if (spec.contains("/") && !open.containsKey(spec) && Files.exists(Path.of(spec))) {
            return openPath(spec);
        }
        return GpioLines.chip(chips(), spec);
    }

    private GpioChip openPath(String path) {
        GpioChip c = open.get(path);
        if (c == null) {
            c = LinuxGpioChip.open(path);
            open.put(path, c);
        }
        return c;
    }

    private List<String> chipPaths() {
        if (!Files.isDirectory(dev)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dev)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("gpiochip\\d+"))
                    .sorted((a, b) -> Integer.compare(Integer.parseInt(a.substring(8)), Integer.parseInt(b.substring(8))))
                    .map(n -> dev.resolve(n).toString()).toList();
        } catch (IOException e) {
            throw new HalException("cannot list GPIO chips in " + dev + ": " + e.getMessage());
        }
    }

    /** The configured line of {@code key}, or a config error naming the key and the value. */
    private GpioLines.Line line(String key, PlatformConfig.GpioLineRef ref) {
        try {
            return GpioLines.line(chip(ref.chip()), ref.line());
        } catch (UsageException e) {
            throw new ConfigException(config.source() + ": " + key + " = " + ref.chip() + ":" + ref.line() + ": " + e.getMessage());
        }
    }

    private HalException missing(String key, String what) {
        return new HalException(config.source() + ": no " + what + " configured (set " + key + " in the platform file)");
    }

    HeartbeatInput heartbeatIn() {
        return new HeartbeatInput() {
            private GpioHeartbeatInput in;

            private synchronized GpioHeartbeatInput in() {
                if (in == null) {
                    PlatformConfig.GpioLineRef ref = config.heartbeatIn().orElseThrow(() -> missing("heartbeat.in", "heartbeat input"));
                    GpioLines.Line l = line("heartbeat.in", ref);
                    in = keep(GpioHeartbeatInput.open(l.chip(), l.offset(), CONSUMER, java.time.Duration.ZERO, 0));
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
                    PlatformConfig.GpioLineRef ref = config.heartbeatOut().orElseThrow(() -> missing("heartbeat.out", "heartbeat output"));
                    GpioLines.Line l = line("heartbeat.out", ref);
                    out = keep(GpioHeartbeatOutput.open(l.chip(), l.offset(), CONSUMER));
                }
                out.beat();
            }
        };
    }

    /** The reset line into the peer: an output, active = the peer held in reset. */
    ResetLine resetOut(PlatformConfig.GpioLineRef ref) {
        return new ResetLine() {
            private LineRequest request;
            private int offset;
            private boolean asserted;

            private LineRequest request() {
                if (request == null) {
                    GpioLines.Line l = line("reset.out", ref);
                    offset = l.offset();
                    request = keep(l.chip().request(RequestConfig.of(CONSUMER), LineConfig.of(LineSettings.output(false), offset)));
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
        };
    }

    private synchronized <T extends AutoCloseable> T keep(T request) {
        requests.add(request);
        return request;
    }

    @Override
    public synchronized void close() {
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

package dev.pairlock.gpio;

import static dev.pairlock.gpio.uapi.GpioUapi.*;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.pairlock.gpio.event.ChipEventLoop;
import dev.pairlock.gpio.uapi.EncodedLineConfig;
import dev.pairlock.gpio.uapi.LineInfoRecords;
import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.gpio.GpioChip;
import dev.pairlock.hal.gpio.GpioException;
import dev.pairlock.hal.gpio.LineConfig;
import dev.pairlock.hal.gpio.LineInfo;
import dev.pairlock.hal.gpio.LineRequest;
import dev.pairlock.hal.gpio.RequestConfig;
import dev.pairlock.libc.CallState;
import dev.pairlock.libc.ErrnoException;
import dev.pairlock.libc.Libc;
import dev.pairlock.libc.NativeErrno;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A GPIO chip through the character device uAPI v2. Chip-level ioctls (info, line info, line
 * requests) are serialized on the chip; every line request's edge events are read by one event
 * thread per chip, started with the first listener and stopped when the chip closes.
 */
public final class LinuxGpioChip implements GpioChip {
    private final String path;
    private final int fd;
    private final String name;
    private final String label;
    private final int lines;
    private final boolean valuesNeverWait;
    private final Arena arena;
    private final CallState state;
    private final Set<LinuxLineRequest> requests = ConcurrentHashMap.newKeySet();
    private volatile Consumer<Throwable> eventFailures = e -> System.getLogger(LinuxGpioChip.class.getName())
            .log(System.Logger.Level.WARNING, e.getMessage(), e);
    private ChipEventLoop events;
    private boolean closed;

    private LinuxGpioChip(String path, int fd, Arena arena, CallState state) {
        this.path = path;
        this.fd = fd;
        this.arena = arena;
        this.state = state;
        MemorySegment info = state.scratch();
        info.asSlice(0, CHIP_INFO.byteSize()).fill((byte) 0);
        if (Libc.tryIoctl(state, fd, GPIO_GET_CHIPINFO_IOCTL, info) < 0) {
            throw GpioErrno.opening(path, state.errno());
        }
        this.name = fixedString(info, CHIP_INFO_NAME, MAX_NAME_SIZE);
        this.label = fixedString(info, CHIP_INFO_LABEL, MAX_NAME_SIZE);
        this.lines = info.get(JAVA_INT, CHIP_INFO_LINES);
        this.valuesNeverWait = ChipBus.valuesNeverWait(Path.of("/sys"), name);
    }

    /** Opens {@code /dev/gpiochipN} (or any path to a GPIO character device). */
    public static LinuxGpioChip open(String path) {
        Arena arena = Arena.ofShared();
        CallState state = CallState.allocate(arena, LINE_REQUEST.byteSize());
        int fd;
        try {
            fd = Libc.open(state, path, Libc.O_RDWR | Libc.O_CLOEXEC);
        } catch (ErrnoException e) {
            arena.close();
            throw GpioErrno.opening(path, e.number());
        }
        try {
            return new LinuxGpioChip(path, fd, arena, state);
        } catch (RuntimeException e) {
            Libc.tryClose(state, fd);
            arena.close();
            throw e;
        }
    }

    /** Opens the chip whose driver label is {@code label}, scanning {@code /dev/gpiochip*}. */
    public static LinuxGpioChip openByLabel(String label) {
        return openByLabel(Path.of("/dev"), label);
    }

    static LinuxGpioChip openByLabel(Path dev, String label) {
        List<String> seen = new ArrayList<>();
        for (String p : chipPaths(dev)) {
            LinuxGpioChip c;
            try {
                c = open(p);
            } catch (GpioException e) {
                seen.add(p + ": " + e.getMessage());
                continue;
            }
            if (c.label().equals(label)) {
                return c;
            }
            seen.add(c.name() + " '" + c.label() + "'");
            c.close();
        }
        throw new GpioChipUnavailableException(dev + "/gpiochip*", NativeErrno.ENOENT, "no chip labelled '" + label
                + "'; found " + (seen.isEmpty() ? "no GPIO chips" : String.join(", ", seen))
                + " (check gpiodetect; is the driver loaded?)");
    }

    static List<String> chipPaths(Path dev) {
        try (Stream<Path> s = Files.list(dev)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("gpiochip\\d+"))
                    .sorted((a, b) -> Integer.compare(Integer.parseInt(a.substring(8)), Integer.parseInt(b.substring(8))))
                    .map(n -> dev.resolve(n).toString())
                    .toList();
        } catch (IOException e) {
            throw new GpioChipUnavailableException(dev.toString(), 0, "cannot list GPIO chips: " + e.getMessage());
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public int lineCount() {
        return lines;
    }

    /**
     * Whether line values are read and written through libc's critical path, errno captured only by a
     * repeat of a failed call ({@code IdempotentIoctl}): true only for
     * a chip whose sysfs ancestry is memory-mapped (platform, amba, pci), whose GET/SET_VALUES never
     * wait; a chip behind i2c, spi, usb, virtio or gpio-aggregator, or one sysfs does not describe,
     * uses the plain handle (see {@code ChipBus} and libc's README).
     */
    public boolean lineValuesNeverWait() {
        return valuesNeverWait;
    }

    @Override
    public synchronized LineInfo lineInfo(int offset) {
        checkOffset(offset);
        checkOpen();
        MemorySegment info = state.scratch();
        info.asSlice(0, LINE_INFO.byteSize()).fill((byte) 0);
        info.set(JAVA_INT, INFO_OFFSET, offset);
        if (Libc.tryIoctl(state, fd, GPIO_V2_GET_LINEINFO_IOCTL, info) < 0) {
            throw GpioErrno.call(path, offset, "reading line info", state.errno());
        }
        return LineInfoRecords.decode(info);
    }

    @Override
    public OptionalInt lineOffset(String lineName) {
        for (int i = 0; i < lines; i++) {
            if (lineInfo(i).name().equals(lineName)) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    /** The offset of the line named {@code lineName}, or a {@link GpioLineNotFoundException}. */
    public int requireLine(String lineName) {
        return lineOffset(lineName).orElseThrow(() -> new GpioLineNotFoundException(path, lineName, lines));
    }

    @Override
    public synchronized LineRequest request(RequestConfig request, LineConfig config) {
        checkOpen();
        int[] offsets = config.offsets();
        for (int o : offsets) {
            checkOffset(o);
        }
        EncodedLineConfig encoded = EncodedLineConfig.of(config);
        MemorySegment req = state.scratch();
        req.asSlice(0, LINE_REQUEST.byteSize()).fill((byte) 0);
        for (int i = 0; i < offsets.length; i++) {
            req.set(JAVA_INT, REQ_OFFSETS + (long) i * Integer.BYTES, offsets[i]);
        }
        putFixedString(req, REQ_CONSUMER, MAX_NAME_SIZE, request.consumer());
        encoded.writeTo(req, REQ_CONFIG);
        req.set(JAVA_INT, REQ_NUM_LINES, offsets.length);
        req.set(JAVA_INT, REQ_EVENT_BUFFER_SIZE, request.eventBufferSize());
        if (Libc.tryIoctl(state, fd, GPIO_V2_GET_LINE_IOCTL, req) < 0) {
            int errno = state.errno();
            if (errno == NativeErrno.EBUSY) {
                throw busy(offsets, errno);
            }
            throw GpioErrno.call(path, offsets[0], "requesting lines " + java.util.Arrays.toString(offsets)
                    + " for '" + request.consumer() + "'", errno);
        }
        LinuxLineRequest r = new LinuxLineRequest(this, req.get(JAVA_INT, REQ_FD), offsets);
        requests.add(r);
        return r;
    }

    /** Where failures of the event thread (a listener's exception, a failed read) are reported. */
    public void onEventFailure(Consumer<Throwable> handler) {
        this.eventFailures = handler;
    }

    /** Whether this chip's event thread is running (it starts with the first edge listener). */
    public synchronized boolean eventThreadRunning() {
        return events != null;
    }

    synchronized ChipEventLoop events() {
        checkOpen();
        if (events == null) {
            events = new ChipEventLoop(name, e -> eventFailures.accept(e));
        }
        return events;
    }

    void reportEventFailure(Throwable t) {
        eventFailures.accept(t);
    }

    void released(LinuxLineRequest r) {
        requests.remove(r);
    }

    @Override
    public void close() {
        ChipEventLoop loop;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            loop = events;
        }
        for (LinuxLineRequest r : List.copyOf(requests)) {
            r.close();
        }
        if (loop != null) {
            loop.close();
        }
        synchronized (this) {
            Libc.tryClose(state, fd);
            arena.close();
        }
    }

    private GpioException busy(int[] offsets, int errno) {
        for (int o : offsets) {
            LineInfo info = lineInfo(o);
            if (info.used()) {
                return new GpioLineBusyException(path, o, errno, info.consumer());
            }
        }
        return new GpioLineBusyException(path, offsets[0], errno, "unknown");
    }

    private void checkOffset(int offset) {
        if (offset < 0 || offset >= lines) {
            throw new HalArgumentException("GPIO " + path + " (" + label + ") line offset " + offset
                    + " is out of range: valid is 0.." + (lines - 1));
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new GpioException(path, -1, 0, "chip is closed: open it again");
        }
    }
}

package dev.pairlock.bench;

import dev.pairlock.gpio.LinuxGpioChip;
import dev.pairlock.gpio.heartbeat.GpioHeartbeatInput;
import dev.pairlock.libc.CallState;
import dev.pairlock.libc.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Heartbeat edge-to-listener latency on gpio-sim (kernel-it VM only, {@code bench/run-vm}): each
 * invocation toggles the sysfs {@code pull} of the {@code hb-in} line (the peer's edge) and spins
 * until pairlock's {@link GpioHeartbeatInput} listener has run on the chip's event thread. The
 * figure is write-to-callback: the sysfs write, the kernel's edge event, the event thread's
 * wake-up, read and dispatch. The C baseline ({@code bench/c/vmbench.c heartbeat}) does the same
 * with a reader thread blocked in {@code poll} on the v2 line request fd.
 *
 * <p>Between the kernel's event and the listener: one thread ({@code gpio-events-<chip>}, blocked in
 * {@code epoll_wait}) and one hop (the kernel wakes it; it reads the event and calls the listener
 * itself) — the C reader's shape. The writer is a plain {@code write(2)} through pairlock's libc,
 * as C's {@code pwrite}: {@link #pairlockEdgeToListenerNioWriter} shows what JDK's
 * {@code FileChannel} adds on the writing side (a temporary direct buffer, interruptible-I/O
 * bookkeeping), which is not part of the heartbeat path. The listener also records the kernel's
 * edge timestamp to the listener's {@code System.nanoTime()} (both CLOCK_MONOTONIC) for
 * measurement iterations, written to {@code $KIT_OUT_DIR/vm-hb-edge-<benchmark>.json}: the read path
 * alone, without the writer.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Warmup(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = {"--enable-native-access=ALL-UNNAMED"})
public class VmHeartbeatBench {
    static final ByteBuffer UP = ByteBuffer.wrap("pull-up".getBytes(StandardCharsets.US_ASCII));
    static final ByteBuffer DOWN = ByteBuffer.wrap("pull-down".getBytes(StandardCharsets.US_ASCII));
    static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

    static final MemorySegment UP_NATIVE = Arena.global().allocateFrom("pull-up", StandardCharsets.US_ASCII);
    static final MemorySegment DOWN_NATIVE = Arena.global().allocateFrom("pull-down", StandardCharsets.US_ASCII);

    LinuxGpioChip chip;
    GpioHeartbeatInput input;
    AutoCloseable subscription;
    FileChannel pull;
    Arena arena;
    CallState writer;
    int pullFd = -1;
    volatile long beats;
    boolean high;
    /** Kernel edge timestamp to listener, ns, during measurement iterations only. */
    final long[] edgeToListener = new long[1 << 20];
    volatile int recorded;
    volatile boolean recording;
    String benchmark = "unknown";

    @Setup(Level.Trial)
    public void open(BenchmarkParams params) throws Exception {
        String chipPath = VmEnv.gpioSimChip();
        int offset = VmEnv.gpioSimLine("hb-in");
        if (params != null) {
            String b = params.getBenchmark();
            benchmark = b.substring(b.lastIndexOf('.') + 1);
        }
        pull = FileChannel.open(Path.of(VmEnv.gpioSimPull(offset)), StandardOpenOption.WRITE);
        arena = Arena.ofConfined();
        writer = CallState.allocate(arena);
        pullFd = Libc.open(writer, VmEnv.gpioSimPull(offset), Libc.O_WRONLY | Libc.O_CLOEXEC);
        write(DOWN);
        chip = LinuxGpioChip.open(chipPath);
        input = GpioHeartbeatInput.open(chip, offset, "vm-bench", Duration.ZERO, 0);
        subscription = input.listen((timestampNanos, sequence) -> {
            if (recording) {
                int i = recorded;
                if (i < edgeToListener.length) {
                    edgeToListener[i] = System.nanoTime() - timestampNanos;
                    recorded = i + 1;
                }
            }
            beats = sequence;
        });
        high = false;
        toggle(); // one edge end to end before measuring: fails here if edges never arrive
        toggle();
    }

    @Setup(Level.Iteration)
    public void startIteration(IterationParams iteration) {
        recording = iteration.getType() == IterationType.MEASUREMENT;
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        recording = false;
        writeEdgeToListener();
        if (subscription != null) {
            subscription.close();
        }
        if (input != null) {
            input.close();
        }
        if (chip != null) {
            chip.close();
        }
        if (pull != null) {
            write(DOWN);
            pull.close();
        }
        if (pullFd >= 0) {
            Libc.close(writer, pullFd);
            arena.close();
        }
        if (input != null && input.missedCount() != 0) {
            throw new IllegalStateException(input.missedCount() + " edges overflowed the kernel buffer");
        }
    }

    void write(ByteBuffer value) {
        try {
            pull.write(value.duplicate(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As C's pwrite: one write(2) of the bytes (sysfs stores ignore the file position). */
    void writeNative(MemorySegment value) {
        if (Libc.tryWrite(writer, pullFd, value, value.byteSize() - 1) < 0) {
            throw new IllegalStateException("write to the gpio-sim pull file failed: errno " + writer.errno());
        }
    }

    long toggle() {
        return toggle(false);
    }

    long toggle(boolean nioWriter) {
        long before = beats;
        high = !high;
        if (nioWriter) {
            write(high ? UP : DOWN);
        } else {
            writeNative(high ? UP_NATIVE : DOWN_NATIVE);
        }
        long start = System.nanoTime();
        long now;
        while ((now = beats) == before) {
            if (System.nanoTime() - start > TIMEOUT_NANOS) {
                throw new IllegalStateException("no heartbeat listener call within 5 s of a pull change (beats=" + now + ")");
            }
            Thread.onSpinWait();
        }
        return now;
    }

    @Benchmark
    public long pairlockEdgeToListener() {
        return toggle(false);
    }

    /** The same with the pull written through JDK's {@code FileChannel} (the writer this benchmark had before). */
    @Benchmark
    public long pairlockEdgeToListenerNioWriter() {
        return toggle(true);
    }

    /** p50/p90/p99 of the recorded kernel-edge-to-listener latencies, as JSON in the VM's output directory. */
    void writeEdgeToListener() throws IOException {
        int n = recorded;
        String out = System.getenv("KIT_OUT_DIR");
        if (n == 0 || out == null) {
            return;
        }
        long[] v = java.util.Arrays.copyOf(edgeToListener, n);
        java.util.Arrays.sort(v);
        String json = String.format(java.util.Locale.ROOT,
                "{\"samples\": %d, \"p50_us\": %.2f, \"p90_us\": %.2f, \"p99_us\": %.2f, \"max_us\": %.2f}%n",
                n, v[n / 2] / 1e3, v[(int) (n * 0.9)] / 1e3, v[(int) (n * 0.99)] / 1e3, v[n - 1] / 1e3);
        java.nio.file.Files.writeString(Path.of(out, "vm-hb-edge-" + benchmark + ".json"), json);
    }
}

package dev.pairlock.bench;

import dev.pairlock.gpio.LinuxGpioChip;
import dev.pairlock.gpio.heartbeat.GpioHeartbeatInput;
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

    LinuxGpioChip chip;
    GpioHeartbeatInput input;
    AutoCloseable subscription;
    FileChannel pull;
    volatile long beats;
    boolean high;

    @Setup(Level.Trial)
    public void open() throws Exception {
        String chipPath = VmEnv.gpioSimChip();
        int offset = VmEnv.gpioSimLine("hb-in");
        pull = FileChannel.open(Path.of(VmEnv.gpioSimPull(offset)), StandardOpenOption.WRITE);
        write(DOWN);
        chip = LinuxGpioChip.open(chipPath);
        input = GpioHeartbeatInput.open(chip, offset, "vm-bench", Duration.ZERO, 0);
        subscription = input.listen((timestampNanos, sequence) -> beats = sequence);
        high = false;
        toggle(); // one edge end to end before measuring: fails here if edges never arrive
        toggle();
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
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

    long toggle() {
        long before = beats;
        high = !high;
        write(high ? UP : DOWN);
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
        return toggle();
    }
}

package dev.pairlock.bench;

import static dev.pairlock.bench.RegisterFile.BATCH;

import com.sun.jna.Pointer;
import dev.pairlock.hal.reg.AccessMode;
import dev.pairlock.hal.reg.RegisterWindow;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reads of one 32-bit register in a mapped window, per technique.
 *
 * <p>Two shapes. {@code loop_*} makes {@link RegisterFile#BATCH} reads per invocation and sums
 * them, exactly as the C baseline does, so the per-read figure carries no harness cost; only
 * techniques whose reads cannot be hoisted out of a loop (non-plain accesses, native calls) may use
 * it. {@code single_*} makes one read per invocation, the only sound shape for plain loads (the JIT
 * would hoist a plain load out of the loop and measure nothing), and is compared with pairlock's
 * own single read so that both carry the same harness cost.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Warmup(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
// diozero logs a WARN with a stack trace per missing /proc/device-tree file on a non-SBC host
@Fork(value = 2, jvmArgs = {"--enable-native-access=ALL-UNNAMED", "-Dtinylog.writer.level=error"})
public class RegisterReadBench {

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int loop_pairlockOpaque(PairlockRegisters p) {
        RegisterWindow w = p.window;
        long off = p.offset;
        int sum = 0;
        for (int i = 0; i < BATCH; i++) {
            sum += w.read32(off, AccessMode.OPAQUE);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int loop_pairlockAcquireRelease(PairlockRegisters p) {
        RegisterWindow w = p.window;
        long off = p.offset;
        int sum = 0;
        for (int i = 0; i < BATCH; i++) {
            sum += w.read32(off, AccessMode.ACQUIRE_RELEASE);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int loop_pairlockVolatile(PairlockRegisters p) {
        RegisterWindow w = p.window;
        long off = p.offset;
        int sum = 0;
        for (int i = 0; i < BATCH; i++) {
            sum += w.read32(off, AccessMode.VOLATILE);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int loop_pairlockOpaqueFourWindows(PairlockRegisters p) {
        RegisterWindow[] ws = p.windows;
        long off = p.offset;
        int sum = 0;
        for (int i = 0; i < BATCH; i++) {
            sum += ws[i & 3].read32(off, AccessMode.OPAQUE);
        }
        return sum;
    }

    /** The same four windows mapped together ({@code MappedRegisterWindow.mapTogether}): one class, inlined. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int loop_pairlockOpaqueFourWindowsMappedTogether(PairlockRegisters p) {
        RegisterWindow[] ws = p.together;
        long off = p.offset;
        int sum = 0;
        for (int i = 0; i < BATCH; i++) {
            sum += ws[i & 3].read32(off, AccessMode.OPAQUE);
        }
        return sum;
    }

    @Benchmark
    public int single_pairlockVolatile(PairlockRegisters p) {
        return p.window.read32(p.offset, AccessMode.VOLATILE);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int loop_ffmVolatile(MappedRegisters r) {
        MemorySegment s = r.segment;
        long off = r.offset;
        int sum = 0;
        for (int i = 0; i < BATCH; i++) {
            sum += (int) RegisterFile.SEGMENT_INT.getVolatile(s, off);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int loop_ffmVolatileConstant(MappedRegisters r) {
        long off = r.offset;
        int sum = 0;
        for (int i = 0; i < BATCH; i++) {
            sum += (int) RegisterFile.SEGMENT_INT.getVolatile(ConstantRegisters.SEGMENT, off);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int loop_jnaPointer(MappedRegisters r) {
        Pointer p = r.jnaPointer;
        long off = r.offset;
        int sum = 0;
        for (int i = 0; i < BATCH; i++) {
            sum += p.getInt(off);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int loop_nioVarHandleVolatile(MappedRegisters r) {
        ByteBuffer b = r.buffer;
        int idx = r.bufferIndex;
        int sum = 0;
        for (int i = 0; i < BATCH; i++) {
            sum += (int) RegisterFile.BUFFER_INT.getVolatile(b, idx);
        }
        return sum;
    }

    @Benchmark
    public int single_nioPlain(MappedRegisters r) {
        return r.buffer.getInt(r.bufferIndex);
    }

    @Benchmark
    public int single_diozero(DiozeroRegisters d) {
        return d.registers.get(d.wordIndex);
    }
}

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
 * Writes of one 32-bit register in a mapped window, per technique; the shapes are those of
 * {@link RegisterReadBench}. A loop writes the loop index, so consecutive stores differ, as the C
 * baseline's do; a plain store repeated in a loop could be merged into one, hence single shapes
 * for plain techniques.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Warmup(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
// diozero logs a WARN with a stack trace per missing /proc/device-tree file on a non-SBC host
@Fork(value = 2, jvmArgs = {"--enable-native-access=ALL-UNNAMED", "-Dtinylog.writer.level=error"})
public class RegisterWriteBench {

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void loop_pairlockOpaque(PairlockRegisters p) {
        RegisterWindow w = p.window;
        long off = p.offset;
        for (int i = 0; i < BATCH; i++) {
            w.write32(off, i, AccessMode.OPAQUE);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void loop_pairlockAcquireRelease(PairlockRegisters p) {
        RegisterWindow w = p.window;
        long off = p.offset;
        for (int i = 0; i < BATCH; i++) {
            w.write32(off, i, AccessMode.ACQUIRE_RELEASE);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void loop_pairlockVolatile(PairlockRegisters p) {
        RegisterWindow w = p.window;
        long off = p.offset;
        for (int i = 0; i < BATCH; i++) {
            w.write32(off, i, AccessMode.VOLATILE);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void loop_pairlockOpaqueFourWindows(PairlockRegisters p) {
        RegisterWindow[] ws = p.windows;
        long off = p.offset;
        for (int i = 0; i < BATCH; i++) {
            ws[i & 3].write32(off, i, AccessMode.OPAQUE);
        }
    }

    /** The same four windows mapped together ({@code MappedRegisterWindow.mapTogether}): one class, inlined. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void loop_pairlockOpaqueFourWindowsMappedTogether(PairlockRegisters p) {
        RegisterWindow[] ws = p.together;
        long off = p.offset;
        for (int i = 0; i < BATCH; i++) {
            ws[i & 3].write32(off, i, AccessMode.OPAQUE);
        }
    }

    @Benchmark
    public void single_pairlockVolatile(PairlockRegisters p) {
        p.window.write32(p.offset, p.value, AccessMode.VOLATILE);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void loop_ffmVolatile(MappedRegisters r) {
        MemorySegment s = r.segment;
        long off = r.offset;
        for (int i = 0; i < BATCH; i++) {
            RegisterFile.SEGMENT_INT.setVolatile(s, off, i);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void loop_ffmRelease(MappedRegisters r) {
        MemorySegment s = r.segment;
        long off = r.offset;
        for (int i = 0; i < BATCH; i++) {
            RegisterFile.SEGMENT_INT.setRelease(s, off, i);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void loop_ffmReleaseConstant(MappedRegisters r) {
        long off = r.offset;
        for (int i = 0; i < BATCH; i++) {
            RegisterFile.SEGMENT_INT.setRelease(ConstantRegisters.SEGMENT, off, i);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void loop_jnaPointer(MappedRegisters r) {
        Pointer p = r.jnaPointer;
        long off = r.offset;
        for (int i = 0; i < BATCH; i++) {
            p.setInt(off, i);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void loop_nioVarHandleVolatile(MappedRegisters r) {
        ByteBuffer b = r.buffer;
        int idx = r.bufferIndex;
        for (int i = 0; i < BATCH; i++) {
            RegisterFile.BUFFER_INT.setVolatile(b, idx, i);
        }
    }

    @Benchmark
    public void single_nioPlain(MappedRegisters r) {
        r.buffer.putInt(r.bufferIndex, r.value);
    }

    @Benchmark
    public void single_diozero(DiozeroRegisters d) {
        d.registers.put(d.wordIndex, d.value);
    }
}

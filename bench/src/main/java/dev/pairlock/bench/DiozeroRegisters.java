package dev.pairlock.bench;

import com.diozero.util.MmapIntBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The register file mapped by diozero's own native mmap ({@code libdiozero-system-utils}), the way
 * its SoC GPIO drivers map their register banks. Kept apart from {@link MappedRegisters} so that a
 * native library that does not load fails only the diozero benchmarks.
 */
@State(Scope.Thread)
public class DiozeroRegisters {
    public Path file;
    public MmapIntBuffer registers;
    /** diozero indexes 32-bit words, not bytes. */
    public int wordIndex;
    public int value;

    @Setup(Level.Trial)
    public void map() {
        file = RegisterFile.create();
        registers = new MmapIntBuffer(file.toString(), 0, RegisterFile.WINDOW_BYTES, ByteOrder.nativeOrder());
        wordIndex = (int) (RegisterFile.REGISTER_OFFSET / Integer.BYTES);
        value = 0x00c0_ffee;
    }

    @TearDown(Level.Trial)
    public void unmap() {
        registers.close();
    }
}

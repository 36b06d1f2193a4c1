package dev.pairlock.bench;

import com.sun.jna.Pointer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The register file mapped by the techniques that cannot fail to load on Linux: a raw FFM segment,
 * a JNA {@link Pointer} over that same mapping, and an NIO mapped buffer. Fields are deliberately
 * not final, so that the JIT treats them as it would a device handle held by a driver object.
 */
@State(Scope.Thread)
public class MappedRegisters {
    public Path file;
    public Arena arena;
    public MemorySegment segment;
    public Pointer jnaPointer;
    public ByteBuffer buffer;
    public long offset;
    public int bufferIndex;
    public int value;

    @Setup(Level.Trial)
    public void map() {
        file = RegisterFile.create();
        arena = Arena.ofConfined();
        segment = RegisterFile.mapSegment(file, arena);
        // JNA reaches the same virtual mapping through its own Pointer peer (a JNI call per access)
        jnaPointer = new Pointer(segment.address());
        buffer = RegisterFile.mapBuffer(file);
        offset = RegisterFile.REGISTER_OFFSET;
        bufferIndex = (int) RegisterFile.REGISTER_OFFSET;
        value = 0x00c0_ffee;
    }

    @TearDown(Level.Trial)
    public void unmap() {
        jnaPointer = null;
        arena.close();
    }
}

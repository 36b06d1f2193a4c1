package dev.pairlock.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pairlock.clockregs.MappedRegisterWindow;
import dev.pairlock.clockregs.WindowSource;
import dev.pairlock.hal.reg.AccessMode;
import dev.pairlock.hal.reg.RegisterWindow;

import com.diozero.util.MmapIntBuffer;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks compare techniques only if they all touch the same register: each one's setup is
 * run as JMH runs it, and a value written through one technique must be read back through the others.
 */
class RegisterTechniquesAgreeTest {
    private final MappedRegisters mapped = new MappedRegisters();
    private final DiozeroRegisters diozero = new DiozeroRegisters();
    private final PairlockRegisters pairlock = new PairlockRegisters();

    @BeforeEach
    void map() {
        mapped.map();
        diozero.map();
        pairlock.map();
        // diozero and clock-regs map register files of their own; point them at the shared one so that agreement is testable
        pairlock.unmap();
        pairlock.window = MappedRegisterWindow.file(mapped.file, 0, RegisterFile.WINDOW_BYTES);
        for (int i = 0; i < pairlock.windows.length; i++) {
            pairlock.windows[i] = MappedRegisterWindow.file(mapped.file, 0, RegisterFile.WINDOW_BYTES);
        }
        WindowSource shared = WindowSource.file(mapped.file, 0, RegisterFile.WINDOW_BYTES);
        pairlock.together = MappedRegisterWindow.mapTogether(shared, shared, shared, shared).toArray(RegisterWindow[]::new);
        diozero.unmap();
        diozero.file = mapped.file;
        diozero.registers = new MmapIntBuffer(mapped.file.toString(), 0, RegisterFile.WINDOW_BYTES,
                ByteOrder.nativeOrder());
    }

    @AfterEach
    void unmap() {
        pairlock.unmap();
        diozero.unmap();
        mapped.unmap();
    }

    @Test
    void everyTechniqueSeesTheSeedValueAtTheRegisterOffset() {
        assertEquals(RegisterFile.SEED_VALUE, (int) RegisterFile.SEGMENT_INT.getVolatile(mapped.segment, mapped.offset));
        assertEquals(RegisterFile.SEED_VALUE, mapped.jnaPointer.getInt(mapped.offset));
        assertEquals(RegisterFile.SEED_VALUE, mapped.buffer.getInt(mapped.bufferIndex));
        assertEquals(RegisterFile.SEED_VALUE, (int) RegisterFile.BUFFER_INT.getVolatile(mapped.buffer, mapped.bufferIndex));
        assertEquals(RegisterFile.SEED_VALUE, diozero.registers.get(diozero.wordIndex));
        for (AccessMode mode : AccessMode.values()) {
            assertEquals(RegisterFile.SEED_VALUE, pairlock.window.read32(pairlock.offset, mode), mode.name());
        }
    }

    @Test
    void aWriteThroughOneTechniqueIsReadThroughTheOthers() {
        mapped.jnaPointer.setInt(mapped.offset, 0x1234_5678);
        assertEquals(0x1234_5678, (int) RegisterFile.SEGMENT_INT.getVolatile(mapped.segment, mapped.offset));
        assertEquals(0x1234_5678, diozero.registers.get(diozero.wordIndex));

        diozero.registers.put(diozero.wordIndex, 0x0bad_cafe);
        assertEquals(0x0bad_cafe, mapped.buffer.getInt(mapped.bufferIndex));
        assertEquals(0x0bad_cafe, mapped.jnaPointer.getInt(mapped.offset));

        RegisterFile.SEGMENT_INT.setVolatile(mapped.segment, mapped.offset, 0x7777_0001);
        assertEquals(0x7777_0001, diozero.registers.get(diozero.wordIndex));
        assertEquals(0x7777_0001, pairlock.window.read32(pairlock.offset, AccessMode.OPAQUE));

        pairlock.window.write32(pairlock.offset, 0x4242_4242, AccessMode.ACQUIRE_RELEASE);
        assertEquals(0x4242_4242, mapped.jnaPointer.getInt(mapped.offset));
    }

    @Test
    void loopReadsSumTheRegisterOncePerAccess() {
        RegisterReadBench bench = new RegisterReadBench();
        int expected = RegisterFile.SEED_VALUE * RegisterFile.BATCH;
        assertEquals(expected, bench.loop_pairlockOpaque(pairlock));
        assertEquals(expected, bench.loop_pairlockAcquireRelease(pairlock));
        assertEquals(expected, bench.loop_pairlockVolatile(pairlock));
        assertEquals(expected, bench.loop_pairlockOpaqueFourWindows(pairlock));
        assertEquals(expected, bench.loop_pairlockOpaqueFourWindowsMappedTogether(pairlock));
        assertEquals(RegisterFile.SEED_VALUE, bench.single_pairlockVolatile(pairlock));
        assertEquals(expected, bench.loop_ffmVolatile(mapped));
        assertEquals(expected, bench.loop_ffmVolatileConstant(mapped));
        assertEquals(expected, bench.loop_jnaPointer(mapped));
        assertEquals(expected, bench.loop_nioVarHandleVolatile(mapped));
        assertEquals(RegisterFile.SEED_VALUE, bench.single_nioPlain(mapped));
        assertEquals(RegisterFile.SEED_VALUE, bench.single_diozero(diozero));
    }

    @Test
    void loopWritesLeaveTheLastIndexAndSingleWritesTheStateValue() {
        RegisterWriteBench bench = new RegisterWriteBench();
        int last = RegisterFile.BATCH - 1;
        Runnable[] loops = {
            () -> bench.loop_pairlockOpaque(pairlock), () -> bench.loop_pairlockAcquireRelease(pairlock),
            () -> bench.loop_pairlockVolatile(pairlock), () -> bench.loop_pairlockOpaqueFourWindows(pairlock),
            () -> bench.loop_pairlockOpaqueFourWindowsMappedTogether(pairlock),
            () -> bench.loop_ffmVolatile(mapped), () -> bench.loop_ffmRelease(mapped),
            () -> bench.loop_jnaPointer(mapped), () -> bench.loop_nioVarHandleVolatile(mapped)};
        for (Runnable loop : loops) {
            diozero.registers.put(diozero.wordIndex, -1);
            loop.run();
            assertEquals(last, diozero.registers.get(diozero.wordIndex));
        }
        bench.loop_ffmReleaseConstant(mapped);
        assertEquals(last, ConstantRegisters.SEGMENT.get(ValueLayout.JAVA_INT, mapped.offset));
        bench.single_pairlockVolatile(pairlock);
        assertEquals(pairlock.value, mapped.jnaPointer.getInt(mapped.offset));
        mapped.jnaPointer.setInt(mapped.offset, 0);
        bench.single_nioPlain(mapped);
        assertEquals(mapped.value, diozero.registers.get(diozero.wordIndex));
        mapped.buffer.putInt(mapped.bufferIndex, 0);
        bench.single_diozero(diozero);
        assertEquals(diozero.value, mapped.buffer.getInt(mapped.bufferIndex));
    }
}

package dev.pairlock.kernelit.regs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.clockregs.MappedRegisterWindow;
import dev.pairlock.clockregs.RegisterGchip;
import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.clock.RefSel;
import dev.pairlock.hal.reg.AccessMode;
import dev.pairlock.kernelit.Cmd;
import dev.pairlock.kernelit.KernelEnv;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** clock-regs on the ivshmem BAR: /dev/mem and the PCI resource file, against the host file and busybox devmem. */
@Tag("kernel")
class ClockRegsKernelTest {
    private static final long BASE = 0x3000; // clear of the offsets the harness's own tests use

    private static int fileInt(long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(KernelEnv.ivshmemFile(), StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(b, offset);
            return b.flip().getInt();
        }
    }

    private static void writeFileInt(long offset, int value) throws IOException {
        try (FileChannel ch = FileChannel.open(KernelEnv.ivshmemFile(), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).flip(), offset);
            ch.force(false);
        }
    }

    private static String phys(long offset) {
        return "0x" + Long.toHexString(KernelEnv.ivshmemBarAddress() + offset);
    }

    private static int devmem(long offset) {
        return (int) Long.decode(Cmd.ok("busybox", "devmem", phys(offset), "32").out()).longValue();
    }

    @ParameterizedTest
    @EnumSource(AccessMode.class)
    void devMemWindowAgreesWithTheHostFileAndDevmem(AccessMode mode) throws IOException {
        long at = BASE + 0x10L * mode.ordinal();
        try (MappedRegisterWindow w = MappedRegisterWindow.devMem(KernelEnv.ivshmemBarAddress() + BASE, 0x100)) {
            int value = 0x5EC0_0000 | mode.ordinal();
            w.write32(at - BASE, value, mode);
            assertEquals(value, fileInt(at), "host file");
            assertEquals(value, devmem(at), "busybox devmem");

            writeFileInt(at + 4, ~value);
            assertEquals(~value, w.read32(at - BASE + 4, mode));
            Cmd.ok("busybox", "devmem", phys(at + 8), "32", "0x600DCAFE");
            assertEquals(0x600DCAFE, w.read32(at - BASE + 8, mode));
        }
    }

    @Test
    void aWindowInsideAPageLandsAtItsOffset() throws IOException {
        long at = BASE + 0x1010;
        try (MappedRegisterWindow w = MappedRegisterWindow.devMem(KernelEnv.ivshmemBarAddress() + at, 64)) {
            w.write32(0, 0x0FF5E7, AccessMode.VOLATILE);
            assertEquals(0x0FF5E7, fileInt(at));
            assertThrows(HalArgumentException.class, () -> w.read32(64, AccessMode.VOLATILE));
        }
    }

    @Test
    void thePciResourceFileMapsTheSameBar() throws IOException {
        long at = BASE + 0x2000;
        try (MappedRegisterWindow w = MappedRegisterWindow.pciResource(KernelEnv.ivshmemResource(), at, 16)) {
            w.write32(4, 0x7E50_0001, AccessMode.ACQUIRE_RELEASE);
            assertEquals(0x7E50_0001, fileInt(at + 4));
            assertEquals(0x7E50_0001, devmem(at + 4));
        }
    }

    @Test
    void refSelAndPhaseLockThroughTheGchip() throws IOException {
        long at = BASE + 0x3000;
        Cmd.ok("busybox", "devmem", phys(at), "32", "0xF0");
        Cmd.ok("busybox", "devmem", phys(at + 4), "32", "0x0");
        try (MappedRegisterWindow w = MappedRegisterWindow.devMem(KernelEnv.ivshmemBarAddress() + at, 8)) {
            RegisterGchip gchip = new RegisterGchip(w);
            assertEquals(RefSel.FOLLOWER, gchip.refSel());
            gchip.setRefSel(RefSel.LEADER);
            assertEquals(0xF1, devmem(at), "REF_SEL set, other bits kept");
            assertEquals(0xF1, fileInt(at));
            assertFalse(gchip.phaseLocked());
            writeFileInt(at + 4, 1);
            assertTrue(gchip.phaseLocked());
            gchip.setRefSel(RefSel.FOLLOWER);
            assertEquals(0xF0, devmem(at));
        }
    }
}

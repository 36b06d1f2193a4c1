package dev.pairlock.kernelit.env;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pairlock.kernelit.Cmd;
import dev.pairlock.kernelit.KernelEnv;
import dev.pairlock.kernelit.PhysMem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The ivshmem-plain BAR2 is the host file: /dev/mem (busybox devmem, FFM mmap) and the file agree. */
@Tag("kernel")
class IvshmemTest {

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

    private static String addr(long offset) { return "0x" + Long.toHexString(KernelEnv.ivshmemBarAddress() + offset); }

    @Test
    void barIsTheIvshmemDevicesBar2() throws IOException {
        Path dev = Path.of("/sys/bus/pci/devices", KernelEnv.ivshmemPciDevice());
        assertEquals("0x1af4", Files.readString(dev.resolve("vendor")).strip());
        assertEquals("0x1110", Files.readString(dev.resolve("device")).strip());
        String bar2 = Files.readAllLines(dev.resolve("resource")).get(2);
        assertEquals(KernelEnv.ivshmemBarAddress(), Long.decode(bar2.split(" ")[0]), "resource line 3 (BAR2): " + bar2);
        assertEquals(1 << 20, KernelEnv.ivshmemBarSize());
        assertEquals(KernelEnv.ivshmemBarSize(), Files.size(KernelEnv.ivshmemFile()), "host file size");
    }

    @Test
    void devmemWriteAppearsInTheHostFile() throws IOException {
        Cmd.ok("busybox", "devmem", addr(0x40), "32", "0x5a17c0de");
        assertEquals(0x5a17c0de, fileInt(0x40), "host file word at 0x40 after devmem write");
    }

    @Test
    void hostFileWriteIsReadByDevmem() throws IOException {
        writeFileInt(0x80, 0x0badf00d);
        assertEquals("0x0BADF00D", Cmd.ok("busybox", "devmem", addr(0x80), "32").out().toUpperCase().replace("0X", "0x"));
    }

    @Test
    void devMemMmapFromJavaSeesTheHostFile() throws IOException {
        try (PhysMem m = PhysMem.map("/dev/mem", KernelEnv.ivshmemBarAddress(), 4096)) {
            m.setInt(0x100, 0x12345678);
            assertEquals(0x12345678, fileInt(0x100), "host file after a volatile store through /dev/mem");
            writeFileInt(0x104, 0x9abcdef0);
            assertEquals(0x9abcdef0, m.getInt(0x104), "volatile load through /dev/mem after a host file write");
        }
    }

    @Test
    void pciResourceFileMapsTheSameMemory() throws IOException {
        try (PhysMem m = PhysMem.map(KernelEnv.ivshmemResource().toString(), 0, 4096)) {
            m.setLong(0x200, 0x0123456789abcdefL);
            assertEquals(0x89abcdef, fileInt(0x200));
            assertEquals(0x01234567, fileInt(0x204));
            assertEquals("0x0123456789ABCDEF", Cmd.ok("busybox", "devmem", addr(0x200), "64").out().toUpperCase().replace("0X", "0x"));
        }
    }
}

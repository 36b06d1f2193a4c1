package dev.pairlock.kernelit.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.kernelit.Cmd;
import dev.pairlock.kernelit.KernelEnv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The VM itself: the right kernel, root, read-only host root, writable /tmp and output share, FFM allowed. */
@Tag("kernel")
class VmEnvironmentTest {

    @Test
    void bootedTheExpectedDebianKernel() {
        assertEquals(KernelEnv.kernelRelease(), Cmd.ok("uname", "-r").out(),
                "the VM must run the kernel kernel-it/run chose (linux-image-amd64's)");
        assertTrue(Files.isDirectory(Path.of("/lib/modules", KernelEnv.kernelRelease())),
                "the kernel's modules must be visible through the host root");
    }

    @Test
    void runsAsRootWithNativeAccess() {
        assertEquals("0", Cmd.ok("id", "-u").out(), "kernel tests run as root in the VM");
        assertTrue(getClass().getModule().isNativeAccessEnabled(),
                "the JVM must run with --enable-native-access=ALL-UNNAMED");
        assertTrue(Runtime.version().feature() >= 25, "JDK 25+ expected, got " + Runtime.version());
    }

    @Test
    void hostRootIsReadOnlyAndTmpIsWritable() throws IOException {
        assertThrows(IOException.class, () -> Files.createFile(Path.of("/kernel-it-probe")),
                "the host root must be mounted read-only in the VM");
        Path t = Files.createTempFile("kit", ".probe");
        Files.writeString(t, "ok");
        assertEquals("ok", Files.readString(t));
        Files.delete(t);
        Path o = KernelEnv.outputDir().resolve("probe.txt");
        Files.writeString(o, "written in the VM");
        assertEquals("written in the VM", Files.readString(o));
    }

    @Test
    void configfsIsMounted() {
        String mounts = Cmd.ok("cat", "/proc/mounts").stdout();
        assertTrue(mounts.contains(" /sys/kernel/config configfs "), "configfs must be mounted:\n" + mounts);
    }
}

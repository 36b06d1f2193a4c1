package dev.pairlock.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.ControllerHardware;
import dev.pairlock.hal.ScId;
import dev.pairlock.platform.LinuxBackend;
import dev.pairlock.platform.PlatformFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warm-up before the control loop: reads what the protocol reads, checks the fence without using it. */
class HardwareWarmupTest {
    @TempDir
    Path dir;

    /** A backend over an empty device directory: nothing to open, every part fails when used. */
    private LinuxBackend backend(String platformFile) throws Exception {
        Files.writeString(dir.resolve("sc1.conf"), platformFile);
        return LinuxBackend.builder(PlatformFile.load(dir.resolve("sc1.conf"))).devices(Files.createDirectories(dir.resolve("dev")),
                Files.createDirectories(dir.resolve("sys"))).consumer("warmup-test").open();
    }

    @Test
    void aResetLineThatCannotBeUsedIsReportedAtStartNotAtTheTakeover() throws Exception {
        try (LinuxBackend b = backend("sc = sc1\nreset.out = gpiochip9:reset-out\n")) {
            ControllerHardware hw = b.controller(ScId.SC1);
            List<String> failed = HardwareWarmup.readEach(hw);
            List<String> reset = failed.stream().filter(f -> f.startsWith("reset line into the peer: ")).toList();
            assertEquals(1, reset.size(), failed::toString);
            assertTrue(reset.getFirst().contains(dir.resolve("sc1.conf") + ":2: reset.out: gpiochip9:reset-out: GPIO chip 'gpiochip9' not found"),
                    reset.getFirst());
            assertFalse(hw.resetToPeer().orElseThrow().asserted(), "checked, never driven");
        }
    }

    @Test
    void aCheckThatThrowsIsReportedAndTheStartGoesOn() throws Exception {
        try (LinuxBackend b = backend("sc = sc1\n")) {
            ControllerHardware hw = b.controller(ScId.SC1);
            dev.pairlock.hal.peer.ResetLine broken = new dev.pairlock.hal.peer.ResetLine() {
                public void assertReset() {
                }

                public void release() {
                }

                public boolean asserted() {
                    return false;
                }

                public java.util.Optional<String> problem() {
                    throw new IllegalStateException("the check itself broke");
                }
            };
            ControllerHardware withBroken = new ControllerHardware(hw.self(), hw.buses(), hw.boards(), hw.gchip(), hw.heartbeatOut(),
                    hw.heartbeatIn(), java.util.Optional.of(broken), hw.peerLink(), hw.clock(), hw.scheduler());
            List<String> failed = HardwareWarmup.readEach(withBroken);
            assertTrue(failed.contains("reset line into the peer: java.lang.IllegalStateException: the check itself broke"),
                    failed::toString);
        }
    }

    @Test
    void noResetLineConfiguredIsNoFailure() throws Exception {
        try (LinuxBackend b = backend("sc = sc1\n")) {
            List<String> failed = HardwareWarmup.readEach(b.controller(ScId.SC1));
            assertTrue(failed.stream().noneMatch(f -> f.startsWith("reset line")), failed::toString);
        }
    }
}

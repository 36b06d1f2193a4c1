package dev.pairlock.kernelit.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.ScId;
import dev.pairlock.hal.peer.ResetLine;
import dev.pairlock.kernelit.Cmd;
import dev.pairlock.kernelit.GpioSim;
import dev.pairlock.kernelit.GpioSim.Pull;
import dev.pairlock.platform.LinuxBackend;
import dev.pairlock.platform.PlatformFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fence line's start-up check on a real gpio-sim chip: {@link ResetLine#problem} finds a line
 * another program holds without requesting it, and the line then works. Judged by libgpiod's own
 * tools (gpioset holds the line, gpioinfo shows who holds it) and gpio-sim's sysfs value.
 */
@Tag("kernel")
class ResetLineKernelTest {
    @TempDir
    Path dir;

    @Test
    void aResetLineHeldByAnotherProgramIsFoundWithoutRequestingIt() throws Exception {
        try (GpioSim sim = GpioSim.builder("pl-kit-rst").bank("pl-kit-rst", 4, "sc1-hb-out", "sc0-hb-in", "reset-out").create();
             LinuxBackend b = backend("reset.out = pl-kit-rst:reset-out")) {
            GpioSim.Bank bank = sim.bank();
            int offset = bank.line("reset-out");
            bank.pull(offset, Pull.DOWN);
            ResetLine reset = b.controller(ScId.SC0).resetToPeer().orElseThrow();
            assertEquals(Optional.empty(), reset.problem(), "a free line");
            assertFalse(used(bank.chipName(), offset), "checking requested nothing: " + gpioinfo(bank.chipName()));

            Process holder = Cmd.start("gpioset", "--mode=signal", bank.chipName(), offset + "=0");
            try {
                waitFor(() -> used(bank.chipName(), offset), "gpioset to hold " + bank.chipName() + " line " + offset);
                String problem = reset.problem().orElseThrow(() -> new AssertionError("a held line must be reported"));
                assertTrue(problem.contains("reset.out: pl-kit-rst:reset-out: " + bank.chipName() + " line " + offset
                        + " is in use by 'gpioset'"), problem);
            } finally {
                holder.destroy();
                holder.waitFor();
            }
            waitFor(() -> !used(bank.chipName(), offset), "gpioset to let the line go");
            assertEquals(Optional.empty(), reset.problem());
            reset.assertReset();
            waitFor(() -> bank.value(offset) == 1, "the asserted fence to drive the line high");
            assertTrue(Pattern.compile("line +" + offset + ":.*\"kit-reset-test\".*output").matcher(gpioinfo(bank.chipName())).find(),
                    gpioinfo(bank.chipName()));
            assertEquals(Optional.empty(), reset.problem(), "held by ourselves is no problem");
            reset.release();
            waitFor(() -> bank.value(offset) == 0, "the released fence to drive the line low");
        }
    }

    private LinuxBackend backend(String... lines) throws Exception {
        Path conf = dir.resolve("sc0.conf");
        Files.writeString(conf, "sc = sc0\n" + String.join("\n", lines) + "\n");
        return LinuxBackend.builder(PlatformFile.load(conf)).consumer("kit-reset-test").open();
    }

    private static String gpioinfo(String chip) {
        return Cmd.ok("gpioinfo", chip).stdout();
    }

    private static boolean used(String chip, int offset) {
        return Pattern.compile("line +" + offset + ":.*\\[used").matcher(gpioinfo(chip)).find();
    }

    private static void waitFor(BooleanSupplier cond, String what) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after 20 s waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}

package dev.pairlock.kernelit.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.kernelit.Cmd;
import dev.pairlock.kernelit.GpioSim;
import dev.pairlock.kernelit.GpioSim.Pull;
import dev.pairlock.kernelit.KernelEnv;
import java.nio.file.Files;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** gpio-sim chips (configfs + sysfs), cross-checked with libgpiod's tools. */
@Tag("kernel")
class GpioSimTest {

    @Test
    void defaultChipIsListedByGpiodetect() {
        String chip = KernelEnv.gpioSimChipName();
        assertTrue(Files.exists(KernelEnv.gpioSimChip()), KernelEnv.gpioSimChip() + " missing");
        String out = Cmd.ok("gpiodetect").stdout();
        assertTrue(out.contains(chip + " [" + KernelEnv.gpioSimLabel() + "] (" + KernelEnv.gpioSimNumLines() + " lines)"),
                "gpiodetect must list " + chip + ":\n" + out);
    }

    @Test
    void namedLinesAreShownByGpioinfoAndFoundByGpiofind() {
        String chip = KernelEnv.gpioSimChipName();
        String info = Cmd.ok("gpioinfo", chip).stdout();
        assertTrue(KernelEnv.gpioSimLines().containsKey("hb-out") && KernelEnv.gpioSimLines().containsKey("hb-in"),
                "default chip lines: " + KernelEnv.gpioSimLines());
        KernelEnv.gpioSimLines().forEach((name, offset) -> {
            assertTrue(Pattern.compile("line +" + offset + ": +\"" + Pattern.quote(name) + "\"").matcher(info).find(),
                    "gpioinfo must show line " + offset + " named " + name + ":\n" + info);
            assertEquals(chip + " " + offset, Cmd.ok("gpiofind", name).out());
        });
    }

    @Test
    void sysfsPullIsSeenByGpioget() {
        GpioSim.Bank bank = KernelEnv.gpioSim().bank();
        int hbIn = bank.line("hb-in");
        String chip = bank.chipName();
        bank.pull(hbIn, Pull.UP);
        assertEquals(Pull.UP, bank.pull(hbIn));
        assertEquals("1", Cmd.ok("gpioget", chip, Integer.toString(hbIn)).out());
        bank.pull(hbIn, Pull.DOWN);
        assertEquals("0", Cmd.ok("gpioget", chip, Integer.toString(hbIn)).out());
        assertEquals(0, bank.value(hbIn));
    }

    @Test
    void pullChangeIsAnEdgeEventForGpiomon() throws Exception {
        GpioSim.Bank bank = KernelEnv.gpioSim().bank();
        int hbIn = bank.line("hb-in");
        String chip = bank.chipName();
        bank.pull(hbIn, Pull.DOWN);
        String[] cmd = {"gpiomon", "--num-events=1", "--rising-edge", chip, Integer.toString(hbIn)};
        Process mon = Cmd.start(cmd);
        try {
            waitFor(() -> lineInUse(chip, hbIn), Duration.ofSeconds(20), "gpiomon to request " + chip + " line " + hbIn);
            bank.pull(hbIn, Pull.UP);
            Cmd.Result r = Cmd.await(mon, Duration.ofSeconds(20), cmd).ok();
            assertTrue(r.stdout().contains("RISING EDGE") && r.stdout().contains("offset: " + hbIn),
                    "gpiomon must report the rising edge: " + r);
        } finally {
            mon.destroyForcibly();
            bank.pull(hbIn, Pull.DOWN);
        }
    }

    @Test
    void valueDrivenByAConsumerIsVisibleInSysfs() throws Exception {
        GpioSim.Bank bank = KernelEnv.gpioSim().bank();
        int hbOut = bank.line("hb-out");
        String chip = bank.chipName();
        bank.pull(hbOut, Pull.DOWN);
        Process set = Cmd.start("gpioset", "--mode=signal", chip, hbOut + "=1");
        try {
            waitFor(() -> bank.value(hbOut) == 1, Duration.ofSeconds(20), "gpioset to drive " + chip + " line " + hbOut + " high");
        } finally {
            set.destroy();
            set.waitFor();
        }
        waitFor(() -> bank.value(hbOut) == 0, Duration.ofSeconds(20), "the released line to fall back to its pull-down");
    }

    @Test
    void helperCreatesAndDestroysChips() {
        String chip;
        try (GpioSim sim = GpioSim.builder("kit-test").bank("kit-test-a", 4, "a-out", "a-in").bank("kit-test-b", 2).create()) {
            assertEquals(2, sim.banks().size());
            GpioSim.Bank a = sim.bank(0);
            chip = a.chipName();
            assertTrue(Files.exists(a.chipDevice()), a.chipDevice() + " missing");
            String detect = Cmd.ok("gpiodetect").stdout();
            assertTrue(detect.contains(chip + " [kit-test-a] (4 lines)"), detect);
            assertTrue(detect.contains(sim.bank(1).chipName() + " [kit-test-b] (2 lines)"), detect);
            assertEquals(chip + " 1", Cmd.ok("gpiofind", "a-in").out());
            a.pull(1, Pull.UP);
            assertEquals("1", Cmd.ok("gpioget", chip, "1").out());
        }
        assertFalse(Files.exists(GpioSim.CONFIGFS.resolve("kit-test")), "configfs entry must be gone");
        String detect = Cmd.ok("gpiodetect").stdout();
        assertFalse(detect.contains("[kit-test-a]"), "destroyed chip still listed:\n" + detect);
    }

    private static boolean lineInUse(String chip, int offset) {
        String info = Cmd.ok("gpioinfo", chip).stdout();
        return Pattern.compile("line +" + offset + ":.*\\[used").matcher(info).find();
    }

    private static void waitFor(BooleanSupplier cond, Duration limit, String what) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out after " + limit + " waiting for " + what);
            Thread.sleep(20);
        }
    }
}

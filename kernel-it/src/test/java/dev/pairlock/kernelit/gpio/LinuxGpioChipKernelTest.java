package dev.pairlock.kernelit.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.gpio.GpioLineBusyException;
import dev.pairlock.gpio.GpioLineNotFoundException;
import dev.pairlock.gpio.LinuxGpioChip;
import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.gpio.LineConfig;
import dev.pairlock.hal.gpio.LineInfo;
import dev.pairlock.hal.gpio.LineRequest;
import dev.pairlock.hal.gpio.LineSettings;
import dev.pairlock.hal.gpio.LineSettings.Bias;
import dev.pairlock.hal.gpio.LineSettings.Direction;
import dev.pairlock.hal.gpio.LineSettings.Edge;
import dev.pairlock.hal.gpio.RequestConfig;
import dev.pairlock.kernelit.Cmd;
import dev.pairlock.kernelit.GpioSim;
import dev.pairlock.kernelit.GpioSim.Pull;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** LinuxGpioChip and LinuxLineRequest against a real gpio-sim chip, cross-checked with sysfs and libgpiod's tools. */
@Tag("kernel")
class LinuxGpioChipKernelTest {
    GpioSim sim;
    GpioSim.Bank bank;
    LinuxGpioChip chip;

    @BeforeEach
    void createChip() {
        sim = GpioSim.builder("pl-gpio-chip").bank("pl-gpio-chip", 8, "sc-hb-out", "sc-hb-in", "sc-reset").create();
        bank = sim.bank();
        chip = LinuxGpioChip.open(bank.chipDevice().toString());
    }

    @AfterEach
    void destroyChip() {
        chip.close();
        sim.close();
    }

    @Test
    void chipIsFoundByPathAndByLabelAndLinesByName() {
        assertEquals(bank.chipName(), chip.name());
        assertEquals("pl-gpio-chip", chip.label());
        assertEquals(8, chip.lineCount());
        try (LinuxGpioChip byLabel = LinuxGpioChip.openByLabel("pl-gpio-chip")) {
            assertEquals(bank.chipDevice().toString(), byLabel.path());
        }
        assertEquals(1, chip.requireLine("sc-hb-in"));
        LineInfo info = chip.lineInfo(2);
        assertEquals("sc-reset", info.name());
        assertFalse(info.used());
        GpioLineNotFoundException e = assertThrows(GpioLineNotFoundException.class, () -> chip.requireLine("sc-hb-typo"));
        assertTrue(e.getMessage().contains(chip.path()) && e.getMessage().contains("sc-hb-typo"), e.getMessage());
        HalArgumentException r = assertThrows(HalArgumentException.class, () -> chip.lineInfo(8));
        assertTrue(r.getMessage().contains("valid is 0..7"), r.getMessage());
    }

    @Test
    void outputDrivesTheSimulatedLine() {
        int out = chip.requireLine("sc-hb-out");
        try (LineRequest r = chip.request(RequestConfig.of("pairlock-test"), LineConfig.of(LineSettings.output(true), out))) {
            assertEquals(1, bank.value(out));
            r.set(out, false);
            assertEquals(0, bank.value(out));
            r.set(out, true);
            assertEquals(1, bank.value(out));
            assertTrue(r.get(out));
            String gpioinfo = Cmd.ok("gpioinfo", chip.name()).stdout();
            assertTrue(Pattern.compile("line +" + out + ": +\"sc-hb-out\" +\"pairlock-test\" +output").matcher(gpioinfo).find(), gpioinfo);
            r.reconfigure(LineConfig.of(LineSettings.output(false).withActiveLow(true), out));
            assertEquals(1, bank.value(out), "inactive on an active-low line is high");
            r.set(out, true);
            assertEquals(0, bank.value(out));
        }
        assertFalse(chip.lineInfo(out).used(), "closing the request releases the line");
    }

    @Test
    void inputReadsThePullAndAgreesWithGpioget() {
        int in = chip.requireLine("sc-hb-in");
        bank.pull(in, Pull.UP);
        assertEquals("1", Cmd.ok("gpioget", chip.name(), Integer.toString(in)).out());
        try (LineRequest r = chip.request(RequestConfig.of("pairlock-test"), LineConfig.of(LineSettings.input(), in))) {
            assertTrue(r.get(in));
            bank.pull(in, Pull.DOWN);
            assertFalse(r.get(in));
        }
        assertEquals("0", Cmd.ok("gpioget", chip.name(), Integer.toString(in)).out());
    }

    @Test
    void lineInfoDecodesTheFlagsAndDebounceTheKernelReports() {
        int in = chip.requireLine("sc-hb-in");
        LineSettings wanted = LineSettings.input().withEdge(Edge.BOTH).withBias(Bias.PULL_UP).withDebounce(Duration.ofMillis(1));
        try (LineRequest r = chip.request(RequestConfig.of("pairlock-info"), LineConfig.of(wanted, in))) {
            LineInfo info = chip.lineInfo(in);
            assertTrue(info.used());
            assertEquals("pairlock-info", info.consumer());
            assertEquals(wanted, info.settings());
            assertEquals(Direction.INPUT, info.settings().direction());
        }
    }

    @Test
    void busyLineNamesItsHolder() {
        int out = chip.requireLine("sc-reset");
        try (LineRequest r = chip.request(RequestConfig.of("fomd"), LineConfig.of(LineSettings.output(false), out))) {
            GpioLineBusyException e = assertThrows(GpioLineBusyException.class,
                    () -> chip.request(RequestConfig.of("hwad"), LineConfig.of(LineSettings.output(false), out)));
            assertEquals("fomd", e.consumer());
            assertEquals(out, e.line());
            assertTrue(e.getMessage().contains("held by consumer 'fomd'") && e.getMessage().contains(chip.path()), e.getMessage());
        }
    }
}

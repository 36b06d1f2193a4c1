package dev.pairlock.kernelit.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.exception.IOException;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.pwm.Pwm;
import com.pi4j.provider.exception.ProviderNotFoundException;
import dev.pairlock.adapters.pi4j.PairlockPlugin;
import dev.pairlock.hal.i2c.I2cNoAcknowledgeException;
import dev.pairlock.kernelit.Cmd;
import dev.pairlock.kernelit.GpioSim;
import dev.pairlock.kernelit.GpioSim.Pull;
import dev.pairlock.kernelit.KernelEnv;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Pi4J's own API (Context, I2C, DigitalInput, DigitalOutput) on x86-64, through pairlock's plugin
 * found by Pi4J's plugin ServiceLoader, against i2c-stub and gpio-sim, cross-checked with i2c-tools
 * and libgpiod's tools.
 */
@Tag("kernel")
class Pi4jKernelTest {
    private final int bus = KernelEnv.i2cStubBus();
    private final String b = Integer.toString(bus);

    private static Context context(String chip) {
        return Pi4J.newContextBuilder().autoDetect().property("pairlock.gpio.chip", chip).build();
    }

    @Test
    void pi4jRunsOnX8664AndItsI2cAgreesWithI2cTools() {
        assertEquals("amd64", System.getProperty("os.arch"), "the VM is x86-64, where Pi4J's own Linux plugins have no native library");
        Context ctx = context(KernelEnv.gpioSimChipName());
        try {
            I2C chip = ctx.create(I2C.newConfigBuilder(ctx).id("stub-50").bus(bus).device(0x50).build());
            assertEquals(PairlockPlugin.I2C_PROVIDER_ID, chip.provider().id());
            Cmd.ok("i2cset", "-y", b, "0x50", "0x60", "0x42");
            assertEquals(0x42, chip.readRegister(0x60));
            chip.writeRegister(0x61, (byte) 0x99);
            assertEquals("0x99", Cmd.ok("i2cget", "-y", b, "0x50", "0x61").out());
            chip.writeRegister(0x62, new byte[] {0x12, 0x34});
            assertEquals("0x12 0x34", Cmd.ok("i2cget", "-y", b, "0x50", "0x62", "i", "2").out());
            assertEquals(0x1234, chip.readRegisterWord(0x62), "Pi4J's word is big-endian: the first byte is the high one");
            chip.write(new byte[] {0x63, 0x07});
            assertEquals("0x07", Cmd.ok("i2cget", "-y", b, "0x50", "0x63").out());
            I2C nobody = ctx.create(I2C.newConfigBuilder(ctx).id("stub-61").bus(bus).device(0x61).build());
            IOException e = assertThrows(IOException.class, () -> nobody.readRegister(0));
            assertInstanceOf(I2cNoAcknowledgeException.class, e.getCause());
            assertTrue(e.getMessage().contains("address 0x61"), e.getMessage());
            assertThrows(ProviderNotFoundException.class, () -> ctx.create(Pwm.newConfigBuilder(ctx).id("pwm").address(0).build()));
        } finally {
            ctx.shutdown();
        }
    }

    @Test
    void digitalInputListenersSeeEdgesAndOutputsDriveTheLine() throws Exception {
        try (GpioSim sim = GpioSim.builder("pl-pi4j-gpio").bank("pl-pi4j-gpio", 4, "p4-in", "p4-out").create()) {
            GpioSim.Bank bank = sim.bank();
            bank.pull(0, Pull.DOWN);
            Context ctx = context(bank.label());
            try {
                LinkedBlockingQueue<DigitalState> q = new LinkedBlockingQueue<>();
                DigitalInput in = ctx.create(DigitalInput.newConfigBuilder(ctx).id("p4-in").address(0)
                        .pull(PullResistance.OFF).debounce(0L).build());
                in.addListener((DigitalStateChangeEvent e) -> q.add((DigitalState) e.state()));
                DigitalOutput out = ctx.create(DigitalOutput.newConfigBuilder(ctx).id("p4-out").address(1)
                        .initial(DigitalState.LOW).shutdown(DigitalState.LOW).build());
                assertEquals(PairlockPlugin.DIGITAL_INPUT_PROVIDER_ID, in.provider().id());
                bank.pull(0, Pull.UP);
                assertEquals(DigitalState.HIGH, q.poll(30, TimeUnit.SECONDS));
                bank.pull(0, Pull.DOWN);
                assertEquals(DigitalState.LOW, q.poll(30, TimeUnit.SECONDS));
                assertEquals(DigitalState.LOW, in.state());
                String info = Cmd.ok("gpioinfo", bank.chipName()).out();
                assertTrue(info.matches("(?s).*line\\s+0:\\s+\"p4-in\"\\s+\"p4-in\"\\s+input.*"), info);
                out.high();
                assertEquals(1, bank.value(1));
                out.low();
                assertEquals(0, bank.value(1));
            } finally {
                ctx.shutdown();
            }
            bank.pull(1, Pull.UP);
            assertEquals("1", Cmd.ok("gpioget", bank.chipName(), "1").out(), "shutdown released the output");
        }
    }
}

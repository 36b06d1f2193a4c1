package dev.pairlock.adapters.pi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.IOType;
import com.pi4j.io.exception.IOException;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.pwm.Pwm;
import com.pi4j.provider.exception.ProviderNotFoundException;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.i2c.I2cTimeoutException;
import dev.pairlock.mock.Chassis;
import dev.pairlock.mock.Fault;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pi4J's own API (Context, I2C, DigitalInput, DigitalOutput) on the plugin's providers over mock-hw's chassis. */
class Pi4jOnSimulatedChassisTest {
    private final SimulatedPair pair = new SimulatedPair(4, 3);
    private final Chassis chassis = pair.chassis;
    private final Context sc0 = pair.sc0;
    private final Context sc1 = pair.sc1;

    @AfterEach
    void close() {
        pair.close();
    }

    @Test
    void i2cRegistersAsPi4jReadsAndWritesThem() {
        I2C board = sc0.create(I2C.newConfigBuilder(sc0).id("slot2").bus(2).device(0x23).build());
        assertEquals(0x5a, board.readRegister(0x00));
        board.writeRegister(0x10, (byte) 0x01);
        assertEquals(0x01, board.readRegister(0x10) & 0x01);
        byte[] two = new byte[2];
        assertEquals(2, board.readRegister(0x00, two));
        assertEquals(0x5a, two[0] & 0xFF);
        assertEquals(PairlockPlugin.I2C_PROVIDER_ID, board.provider().id());
    }

    @Test
    void aHungBusIsPi4jsIOExceptionCarryingPairlocksTimeout() {
        chassis.inject(new Fault.HangBus(ScId.SC0, 1));
        I2C board = sc0.create(I2C.newConfigBuilder(sc0).id("slot1").bus(1).device(0x23).build());
        IOException e = assertThrows(IOException.class, () -> board.readRegister(0));
        assertInstanceOf(I2cTimeoutException.class, e.getCause());
        assertTrue(e.getMessage().startsWith("I2C bus 1, address 0x23"), e.getMessage());
    }

    @Test
    void aDigitalInputHearsThePeersOutputThroughListeners() throws InterruptedException {
        // listeners run on the input's own task, not on the thread running virtual time (ListenerDispatchTest)
        BlockingQueue<DigitalState> heard = new LinkedBlockingQueue<>();
        DigitalInput hbIn = sc0.create(DigitalInput.newConfigBuilder(sc0).id("hb-in").address(1)
                .pull(PullResistance.PULL_DOWN).debounce(0L).build());
        hbIn.addListener((DigitalStateChangeEvent e) -> heard.add((DigitalState) e.state()));
        DigitalOutput hbOut = sc1.create(DigitalOutput.newConfigBuilder(sc1).id("hb-out").address(0)
                .initial(DigitalState.LOW).shutdown(DigitalState.LOW).build());
        for (int i = 0; i < 4; i++) {
            hbOut.toggle();
            chassis.time().runFor(10_000_000L);
        }
        List<DigitalState> seen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            seen.add(heard.poll(30, TimeUnit.SECONDS));
        }
        assertEquals(List.of(DigitalState.HIGH, DigitalState.LOW, DigitalState.HIGH, DigitalState.LOW), seen);
        assertEquals(DigitalState.LOW, hbIn.state());
        assertEquals(DigitalState.LOW, hbOut.state());
        assertEquals(PairlockPlugin.DIGITAL_INPUT_PROVIDER_ID, hbIn.provider().id());
    }

    @Test
    void aShutDownLineSaysSoInsteadOfANullPointer() {
        DigitalInput in = sc0.create(DigitalInput.newConfigBuilder(sc0).id("in").address(1).pull(PullResistance.PULL_DOWN).build());
        DigitalOutput out = sc1.create(DigitalOutput.newConfigBuilder(sc1).id("out").address(0)
                .initial(DigitalState.HIGH).shutdown(DigitalState.LOW).build());
        out.shutdown(sc1);
        in.shutdown(sc0);
        assertEquals(DigitalState.UNKNOWN, in.state());
        assertEquals(DigitalState.UNKNOWN, out.state());
        IOException e = assertThrows(IOException.class, () -> out.state(DigitalState.HIGH));
        assertTrue(e.getMessage().startsWith("output out: not initialized or already shut down"), e.getMessage());
        assertTrue(chassis.gpioChip(ScId.SC1).lineInfo(0).used() == false, "the output's line is released");
    }

    @Test
    void anInputWhoseEdgesCannotBeHeardGivesItsLineBack() {
        Context refusing = Pi4J.newContextBuilder().noAutoDetect().add(PairlockPlugin.providers(
                Pi4jHardware.of(chassis.i2cBuses(ScId.SC0), new dev.pairlock.mock.EdgeRefusingChip(chassis.gpioChip(ScId.SC0))))).build();
        try {
            IOException e = assertThrows(IOException.class, () -> refusing.create(DigitalInput.newConfigBuilder(refusing)
                    .id("in").address(1).pull(PullResistance.PULL_DOWN).build()));
            assertTrue(e.getMessage().contains("no event thread"), e.getMessage());
            assertEquals(false, chassis.gpioChip(ScId.SC0).lineInfo(1).used(), "the line stayed requested, held by nobody");
        } finally {
            refusing.shutdown();
        }
    }

    @Test
    void whatPairlockDoesNotDriveHasNoProviderAsPi4jSaysIt() {
        assertThrows(ProviderNotFoundException.class, () -> sc0.provider(IOType.PWM));
        assertThrows(ProviderNotFoundException.class,
                () -> sc0.create(Pwm.newConfigBuilder(sc0).id("pwm").address(0).build()));
        assertThrows(ProviderNotFoundException.class, () -> sc0.provider(IOType.SPI));
        assertThrows(ProviderNotFoundException.class, () -> sc0.provider(IOType.ANALOG_INPUT));
    }
}

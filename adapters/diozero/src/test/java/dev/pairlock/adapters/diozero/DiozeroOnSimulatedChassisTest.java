package dev.pairlock.adapters.diozero;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.diozero.api.DeviceAlreadyOpenedException;
import com.diozero.api.DeviceMode;
import com.diozero.api.DigitalInputDevice;
import com.diozero.api.DigitalInputEvent;
import com.diozero.api.DigitalOutputDevice;
import com.diozero.api.GpioEventTrigger;
import com.diozero.api.GpioPullUpDown;
import com.diozero.api.I2CDevice;
import com.diozero.api.I2CException;
import com.diozero.api.NoSuchDeviceException;
import com.diozero.api.RuntimeIOException;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.i2c.I2cTimeoutException;
import dev.pairlock.mock.Chassis;
import dev.pairlock.mock.ChassisConfig;
import dev.pairlock.mock.Fault;
import dev.pairlock.mock.InitialState;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * diozero's own API (I2CDevice, DigitalInputDevice, DigitalOutputDevice) on the provider, over
 * mock-hw's simulated chassis: board slot k's chip 0x23 on bus k, and each SC's GPIO chip (hb-out,
 * hb-in, peer-reset) with the peer's heartbeat wired to hb-in on virtual time.
 */
class DiozeroOnSimulatedChassisTest {
    private static final InstantSource WALL = InstantSource.fixed(Instant.parse("2025-01-01T00:00:00Z"));
    private final Chassis chassis = new Chassis(ChassisConfig.builder().slots(4).seed(7)
            .initialState(InitialState.RUNNING_SC0_LEADS).build());
    private final PairlockDeviceFactory sc0 = factory(ScId.SC0);
    private final PairlockDeviceFactory sc1 = factory(ScId.SC1);

    private PairlockDeviceFactory factory(ScId sc) {
        return new PairlockDeviceFactory(chassis.i2cBuses(sc), List.of(chassis.gpioChip(sc)), Optional.empty(),
                chassis.time(), WALL);
    }

    @AfterEach
    void close() {
        sc0.close();
        sc1.close();
    }

    /**
     * Messages longer than their buffer are refused before the transfer: the write's missing bytes
     * were sent as zeros (here: register 0x10, the SPLL select, written 0), then an untyped exception.
     */
    @Test
    void aCombinedTransferLongerThanItsBufferSendsNothing() {
        try (I2CDevice board = I2CDevice.builder(0x23).setController(2).setDeviceFactory(sc0).build()) {
            board.writeByteData(0x10, (byte) 0x01);
            I2CDevice.I2CMessage[] writeTwo = {new I2CDevice.I2CMessage(0, 2)};
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> board.readWrite(writeTwo, new byte[] {0x10}));
            assertTrue(e.getMessage().contains("2 bytes in all, but the buffer holds 1"), e.getMessage());
            assertEquals(0x01, board.readByteData(0x10) & 0x01, "the SPLL select was not written");
        }
    }

    @Test
    void i2cDeviceReadsAndWritesTheBoardsRegisters() {
        try (I2CDevice board = I2CDevice.builder(0x23).setController(2).setDeviceFactory(sc0).build()) {
            assertEquals(0x5a, board.readByteData(0x00) & 0xFF, "presence/ID register");
            assertTrue(board.probe());
            board.writeByteData(0x10, (byte) 0x01);
            assertEquals(0x01, board.readByteData(0x10) & 0x01, "SPLL select reads back SC1");
            byte[] block = board.readI2CBlockDataByteArray(0x00, 1);
            assertEquals(0x5a, block[0] & 0xFF);
        }
        assertEquals(List.of(0, 1, 2, 3), sc0.getI2CBusNumbers());
        assertTrue((sc0.getI2CFunctionalities(0) & 0x00080000) != 0, "SMBus read byte data");
    }

    @Test
    void anAbsentChipDoesNotProbe() {
        try (I2CDevice nobody = I2CDevice.builder(0x24).setController(0).setDeviceFactory(sc0).build()) {
            assertFalse(nobody.probe());
            I2CException e = assertThrows(I2CException.class, () -> nobody.readByteData(0));
            assertTrue(e.getMessage().contains("0x24"), e.getMessage());
        }
    }

    @Test
    void aHungBusIsPairlocksTypedTimeoutInsideDiozerosException() {
        chassis.inject(new Fault.HangBus(ScId.SC0, 1));
        try (I2CDevice board = I2CDevice.builder(0x23).setController(1).setDeviceFactory(sc0).build()) {
            I2CException e = assertThrows(I2CException.class, () -> board.readByteData(0));
            assertInstanceOf(I2cTimeoutException.class, e.getCause());
            assertTrue(e.getMessage().startsWith("I2C bus 1, address 0x23, register 0x00"), e.getMessage());
            assertTrue(e.getError() < 0, "a negated errno as diozero's own provider reports");
        }
    }

    @Test
    void aMissingBusIsNoSuchDevice() {
        RuntimeIOException e = assertThrows(RuntimeIOException.class,
                () -> I2CDevice.builder(0x23).setController(9).setDeviceFactory(sc0).build());
        assertTrue(e.getMessage().contains("9"), e.getMessage());
    }

    @Test
    void pinsAreTheChipsLinesByNameAndNumber() {
        PairlockDeviceFactory both = new PairlockDeviceFactory(chassis.i2cBuses(ScId.SC0),
                List.of(chassis.gpioChip(ScId.SC0), chassis.gpioChip(ScId.SC1)), Optional.empty(), chassis.time(), WALL);
        try (both) {
            var pins = both.getBoardPinInfo();
            assertEquals(1, pins.getByName("hb-in").getDeviceNumber());
            assertEquals(3, pins.getByName("gpiochip1/hb-out").getDeviceNumber());
            assertEquals(1, pins.getByGpioNumberOrThrow(4).getLineOffset(), "gpiochip1 line 1");
            assertEquals(1, pins.getByGpioNumberOrThrow(4).getChip());
            assertThrows(NoSuchDeviceException.class, () -> pins.getByGpioNumberOrThrow(6));
        }
    }

    @Test
    void anInputWhoseEdgesCannotBeHeardGivesItsLineBack() {
        try (PairlockDeviceFactory refusing = new PairlockDeviceFactory(chassis.i2cBuses(ScId.SC0),
                List.of(new dev.pairlock.mock.EdgeRefusingChip(chassis.gpioChip(ScId.SC0))), Optional.empty(), chassis.time(), WALL)) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> DigitalInputDevice.Builder.builder(1)
                    .setTrigger(GpioEventTrigger.BOTH).setPullUpDown(GpioPullUpDown.PULL_DOWN).setDeviceFactory(refusing).build());
            assertTrue(String.valueOf(e.getMessage()).contains("no event thread"), String.valueOf(e));
            assertFalse(chassis.gpioChip(ScId.SC0).lineInfo(1).used(), "the line stayed requested, held by nobody");
            RuntimeException io = assertThrows(RuntimeException.class,
                    () -> new com.diozero.api.DigitalInputOutputDevice(refusing, 1, DeviceMode.DIGITAL_INPUT));
            assertTrue(String.valueOf(io.getMessage()).contains("no event thread"), String.valueOf(io));
            assertFalse(chassis.gpioChip(ScId.SC0).lineInfo(1).used(), "the same for an input/output");
        }
    }

    @Test
    void theInputSeesThePeersHeartbeatAsEdgesWithKernelStyleTimestamps() throws InterruptedException {
        BlockingQueue<DigitalInputEvent> heard = new LinkedBlockingQueue<>();
        try (DigitalInputDevice hbIn = DigitalInputDevice.Builder.builder(sc0.getBoardPinInfo().getByName("hb-in"))
                .setTrigger(GpioEventTrigger.BOTH).setPullUpDown(GpioPullUpDown.NONE).setDeviceFactory(sc0).build();
             DigitalOutputDevice hbOut = DigitalOutputDevice.Builder.builder(0).setInitialValue(false).setDeviceFactory(sc1).build()) {
            hbIn.addListener(heard::add);
            for (int i = 0; i < 4; i++) {
                hbOut.toggle();
                chassis.time().runFor(10_000_000L);
            }
            // listeners run on the line's own diozero queue (ListenerDispatchTest): wait for them
            List<DigitalInputEvent> events = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                DigitalInputEvent e = heard.poll(30, TimeUnit.SECONDS);
                assertNotNull(e, "edge " + i + " never reached the listener; got " + events);
                events.add(e);
            }
            assertTrue(events.get(0).getValue(), "first edge rising");
            assertFalse(events.get(1).getValue());
            assertTrue(events.get(1).getNanoTime() > events.get(0).getNanoTime());
            assertEquals(hbIn.getValue(), false);
            assertEquals(DeviceMode.DIGITAL_OUTPUT, sc1.getGpioMode(0));
            assertEquals(0, sc1.getGpioValue(0), "read through the device that holds the line");
        }
    }

    @Test
    void aLineHeldByOneDeviceIsNotProvisionedTwice() {
        try (DigitalOutputDevice out = DigitalOutputDevice.Builder.builder(2).setDeviceFactory(sc0).build()) {
            assertThrows(DeviceAlreadyOpenedException.class,
                    () -> DigitalOutputDevice.Builder.builder(2).setDeviceFactory(sc0).build());
            out.on();
            assertTrue(out.isOn());
        }
    }
}

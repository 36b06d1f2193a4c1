package dev.pairlock.kernelit.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.diozero.api.DeviceBusyException;
import com.diozero.api.DeviceMode;
import com.diozero.api.DigitalInputDevice;
import com.diozero.api.DigitalInputEvent;
import com.diozero.api.DigitalOutputDevice;
import com.diozero.api.GpioEventTrigger;
import com.diozero.api.GpioPullUpDown;
import com.diozero.api.I2CDevice;
import com.diozero.api.I2CException;
import com.diozero.internal.spi.MmapGpioInterface;
import com.diozero.sbc.DeviceFactoryHelper;
import com.diozero.util.Diozero;
import dev.pairlock.adapters.diozero.PairlockDeviceFactory;
import dev.pairlock.gpio.GpioLineBusyException;
import dev.pairlock.hal.i2c.I2cNoAcknowledgeException;
import dev.pairlock.hal.i2c.I2cUnsupportedException;
import dev.pairlock.kernelit.Cmd;
import dev.pairlock.kernelit.GpioSim;
import dev.pairlock.kernelit.GpioSim.Pull;
import dev.pairlock.kernelit.KernelEnv;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * diozero's own API (I2CDevice, DigitalInputDevice, DigitalOutputDevice, MmapGpioInterface) on
 * pairlock's provider, found by diozero's ServiceLoader, against i2c-stub, gpio-sim and the ivshmem
 * BAR; every result cross-checked with i2cget/i2cset, gpioget/gpioinfo/gpioset and busybox devmem.
 */
@Tag("kernel")
class DiozeroKernelTest {
    private static final long MMAP_BASE = 0xA000; // clear of the BAR offsets the other kernel tests use
    private final int bus = KernelEnv.i2cStubBus();
    private final String b = Integer.toString(bus);

    /**
     * diozero's own shutdown, run here while its classes can still be loaded: its JVM shutdown hook
     * would otherwise run after the console launcher closed the class loader.
     */
    @AfterAll
    static void shutDownDiozero() {
        Diozero.shutdown();
    }

    /** A factory configured through diozero's properties, as an application would set them with -D. */
    private static <T> T withProperties(Map<String, String> props, Supplier<T> body) {
        props.forEach(System::setProperty);
        try {
            return body.get();
        } finally {
            props.keySet().forEach(System::clearProperty);
        }
    }

    @Test
    void diozerosServiceLoaderPicksPairlocksFactoryAndI2cAgreesWithI2cTools() {
        assertInstanceOf(PairlockDeviceFactory.class, DeviceFactoryHelper.getNativeDeviceFactory());
        try (I2CDevice chip = new I2CDevice(bus, 0x50)) {
            Cmd.ok("i2cset", "-y", b, "0x50", "0x20", "0x3c");
            assertEquals(0x3c, chip.readByteData(0x20) & 0xFF);
            chip.writeByteData(0x21, (byte) 0xa5);
            assertEquals("0xa5", Cmd.ok("i2cget", "-y", b, "0x50", "0x21").out());
            chip.writeWordData(0x22, (short) 0xbeef);
            assertEquals("0xbeef", Cmd.ok("i2cget", "-y", b, "0x50", "0x22", "w").out());
            assertEquals((short) 0xbeef, chip.readWordData(0x22));
            chip.writeI2CBlockData(0x30, (byte) 1, (byte) 2, (byte) 3);
            assertEquals("0x01 0x02 0x03", Cmd.ok("i2cget", "-y", b, "0x50", "0x30", "i", "3").out());
            byte[] back = chip.readI2CBlockDataByteArray(0x30, 3);
            assertEquals(3, back[2]);
            assertTrue(chip.probe());
        }
        assertTrue(DeviceFactoryHelper.getNativeDeviceFactory().getI2CBusNumbers().contains(bus));
    }

    @Test
    void anAbsentChipIsANackWithPairlocksMessageAndPlainI2cIsUnsupportedOnTheStub() {
        try (I2CDevice nobody = new I2CDevice(bus, 0x60); I2CDevice chip = new I2CDevice(bus, 0x51)) {
            assertFalse(nobody.probe());
            I2CException e = assertThrows(I2CException.class, () -> nobody.readByteData(0x10));
            assertInstanceOf(I2cNoAcknowledgeException.class, e.getCause());
            assertTrue(e.getMessage().startsWith("I2C bus " + bus + ", address 0x60, register 0x10"), e.getMessage());
            // i2c-stub has no I2C_FUNC_I2C: diozero's convention for a missing function
            UnsupportedOperationException u = assertThrows(UnsupportedOperationException.class, () -> chip.readBytes(2));
            assertInstanceOf(I2cUnsupportedException.class, u.getCause());
        }
    }

    @Test
    void gpioInputsSeeKernelEdgesAndOutputsDriveTheLine() throws Exception {
        try (GpioSim sim = GpioSim.builder("pl-dz-gpio").bank("pl-dz-gpio", 4, "dz-in", "dz-out", "dz-busy").create()) {
            GpioSim.Bank bank = sim.bank();
            bank.pull(0, Pull.DOWN);
            String chip = bank.chipName();
            try (PairlockDeviceFactory f = withProperties(Map.of("pairlock.gpio.chips", chip), PairlockDeviceFactory::new)) {
                assertEquals(0, f.getBoardPinInfo().getByName("dz-in").getLineOffset());
                LinkedBlockingQueue<DigitalInputEvent> q = new LinkedBlockingQueue<>();
                try (DigitalInputDevice in = DigitalInputDevice.Builder.builder(f.getBoardPinInfo().getByName("dz-in"))
                        .setPullUpDown(GpioPullUpDown.NONE).setTrigger(GpioEventTrigger.BOTH).setDeviceFactory(f).build();
                     DigitalOutputDevice out = DigitalOutputDevice.Builder.builder(f.getBoardPinInfo().getByName("dz-out"))
                        .setInitialValue(false).setDeviceFactory(f).build()) {
                    in.addListener(q::add);
                    long before = System.nanoTime();
                    bank.pull(0, Pull.UP);
                    DigitalInputEvent up = q.poll(30, TimeUnit.SECONDS);
                    bank.pull(0, Pull.DOWN);
                    DigitalInputEvent down = q.poll(30, TimeUnit.SECONDS);
                    long after = System.nanoTime();
                    assertTrue(up != null && down != null, "two edges");
                    assertTrue(up.getValue() && !down.getValue(), up + " " + down);
                    assertTrue(before <= up.getNanoTime() && up.getNanoTime() <= down.getNanoTime() && down.getNanoTime() <= after,
                            "the kernel's CLOCK_MONOTONIC stamps are diozero's nanoTime");
                    assertFalse(in.getValue());
                    String info = Cmd.ok("gpioinfo", chip).out();
                    assertTrue(info.matches("(?s).*line\\s+0:\\s+\"dz-in\"\\s+\"diozero\"\\s+input.*"), info);
                    assertTrue(info.matches("(?s).*line\\s+1:\\s+\"dz-out\"\\s+\"diozero\"\\s+output.*"), info);
                    out.on();
                    assertEquals(1, bank.value(1), "gpio-sim sees the driven level");
                    out.off();
                    assertEquals(0, bank.value(1));
                    assertEquals(DeviceMode.DIGITAL_OUTPUT, f.getGpioMode(f.getBoardPinInfo().getByName("dz-out").getDeviceNumber()));
                }
                bank.pull(0, Pull.UP);
                assertEquals("1", Cmd.ok("gpioget", chip, "0").out(), "released, the line reads its pull");
                assertEquals(1, f.getGpioValue(f.getBoardPinInfo().getByName("dz-in").getDeviceNumber()));
            }
        }
    }

    @Test
    void aLineAnotherProcessHoldsIsDiozerosDeviceBusyNamingTheHolder() throws Exception {
        try (GpioSim sim = GpioSim.builder("pl-dz-busy").bank("pl-dz-busy", 2, "dz-held").create()) {
            String chip = sim.bank().chipName();
            // libgpiod 1.6's gpioset holds the line until signalled with --mode=signal
            Process holder = Cmd.start("gpioset", "--mode=signal", chip, "0=1");
            try (PairlockDeviceFactory f = withProperties(Map.of("pairlock.gpio.chips", chip), PairlockDeviceFactory::new)) {
                long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!Cmd.ok("gpioinfo", chip).out().contains("\"gpioset\"") && System.nanoTime() < end) {
                    Thread.sleep(20);
                }
                DeviceBusyException e = assertThrows(DeviceBusyException.class,
                        () -> DigitalOutputDevice.Builder.builder(0).setDeviceFactory(f).build());
                assertInstanceOf(GpioLineBusyException.class, e.getCause());
                assertTrue(e.getMessage().contains("gpioset"), e.getMessage());
            } finally {
                holder.destroy();
                holder.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void memoryMappedGpioIsTheRegisterBlockDevmemSees() {
        long base = KernelEnv.ivshmemBarAddress() + MMAP_BASE;
        String data = "0x" + Long.toHexString(base);
        String dir = "0x" + Long.toHexString(base + 4);
        Cmd.ok("busybox", "devmem", data, "32", "0x0");
        Cmd.ok("busybox", "devmem", dir, "32", "0x0");
        try (PairlockDeviceFactory f = withProperties(Map.of("pairlock.mmap.device", KernelEnv.ivshmemResource().toString(),
                "pairlock.mmap.offset", "0x" + Long.toHexString(MMAP_BASE), "pairlock.mmap.gpios", "32"), PairlockDeviceFactory::new);
             MmapGpioInterface mmap = f.getBoardInfo().createMmapGpio()) {
            mmap.initialise();
            mmap.setMode(5, DeviceMode.DIGITAL_OUTPUT);
            mmap.gpioWrite(5, true);
            assertEquals(0x20, Long.decode(Cmd.ok("busybox", "devmem", data, "32").out()).intValue());
            assertEquals(0x20, Long.decode(Cmd.ok("busybox", "devmem", dir, "32").out()).intValue());
            Cmd.ok("busybox", "devmem", data, "32", "0xa0");
            assertTrue(mmap.gpioRead(7));
            assertEquals(DeviceMode.DIGITAL_INPUT, mmap.getMode(7));
        }
    }
}

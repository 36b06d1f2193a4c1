package dev.pairlock.adapters.diozero;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.diozero.api.AnalogInputDevice;
import com.diozero.api.PwmOutputDevice;
import com.diozero.api.SerialDevice;
import com.diozero.api.SpiDevice;
import com.diozero.internal.spi.NativeDeviceFactoryInterface;
import com.diozero.sbc.DeviceFactoryHelper;
import dev.pairlock.hal.ScId;
import dev.pairlock.mock.Chassis;
import dev.pairlock.mock.ChassisConfig;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UnsupportedAndSettingsTest {
    @Test
    void diozeroFindsThisProviderThroughItsServiceLoader() {
        assertInstanceOf(PairlockDeviceFactory.class, NativeDeviceFactoryInterface.loadInstances().findFirst().orElseThrow());
        assertInstanceOf(PairlockDeviceFactory.class, DeviceFactoryHelper.getNativeDeviceFactory());
    }

    @Test
    void whatPairlockDoesNotDriveIsDiozerosUnsupportedOperation() {
        Chassis chassis = new Chassis(ChassisConfig.defaults());
        try (PairlockDeviceFactory f = new PairlockDeviceFactory(chassis.i2cBuses(ScId.SC0),
                     List.of(chassis.gpioChip(ScId.SC0)), Optional.empty(), chassis.time(), InstantSource.system())) {
            for (Runnable r : List.<Runnable>of(
                    () -> new PwmOutputDevice(f, 0, 0.5f),
                    () -> new SpiDevice(f, 0, 0, 1_000_000, com.diozero.api.SpiClockMode.MODE_0, false),
                    () -> new AnalogInputDevice(f, 0),
                    () -> f.provisionSerialDevice("/dev/ttyS0", 9600, SerialDevice.DataBits.CS8, SerialDevice.StopBits.ONE_STOP_BIT,
                            SerialDevice.Parity.NO_PARITY, true, 1, 0))) {
                UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, r::run);
                assertTrue(e.getMessage().contains("not supported by diozero's pairlock provider"), e.getMessage());
            }
        }
    }

    @Test
    void propertiesParseThroughPairlocksValues() {
        ProviderSettings s = ProviderSettings.read(Map.of("pairlock.i2c.timeout", "250ms", "pairlock.gpio.chips",
                "gpiochip1, /dev/gpiochip3", "pairlock.mmap.device", "/dev/mem", "pairlock.mmap.offset", "0xfe000000")::get);
        assertEquals(250, s.i2c().timeout().toMillis());
        assertEquals(List.of("gpiochip1", "/dev/gpiochip3"), s.gpioChips());
        assertEquals(0xfe000000L, s.mmap().orElseThrow().offset());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> ProviderSettings.read(Map.of("pairlock.i2c.timeout", "５00ms")::get));
        assertTrue(bad.getMessage().startsWith("diozero property pairlock.i2c.timeout: "), bad.getMessage());
        IllegalArgumentException odd = assertThrows(IllegalArgumentException.class,
                () -> ProviderSettings.read(Map.of("pairlock.i2c.timeout", "15ms")::get));
        assertTrue(odd.getMessage().contains("multiple of 10 ms"), odd.getMessage());
    }
}

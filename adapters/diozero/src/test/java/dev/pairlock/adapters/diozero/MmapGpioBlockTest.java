package dev.pairlock.adapters.diozero;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.diozero.api.DeviceMode;
import com.diozero.api.GpioPullUpDown;
import com.diozero.api.InvalidModeException;
import dev.pairlock.clockregs.MappedRegisterWindow;
import dev.pairlock.hal.HalArgumentException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** diozero's MmapGpioInterface over a real mmap of a file, cross-checked by reading the file's bytes. */
class MmapGpioBlockTest {
    @TempDir
    Path dir;

    @Test
    void modesPullsAndLevelsAreBitsOfTheBanksRegisters() throws Exception {
        Path file = dir.resolve("gpio-block");
        Files.write(file, new byte[0x20]);
        try (MmapGpioBlock gpio = MmapGpioBlock.of(new MmapGpioBlock.Layout(file.toString(), 0, 64))) {
            gpio.initialise();
            gpio.setMode(3, DeviceMode.DIGITAL_OUTPUT);
            gpio.gpioWrite(3, true);
            gpio.setMode(33, DeviceMode.DIGITAL_OUTPUT);
            gpio.gpioWrite(33, true);
            gpio.setPullUpDown(5, GpioPullUpDown.PULL_UP);
            gpio.setPullUpDown(6, GpioPullUpDown.PULL_DOWN);
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.nativeOrder());
            assertEquals(1 << 3, b.getInt(0x0), "bank 0 DATA");
            assertEquals(1 << 3, b.getInt(0x4), "bank 0 DIR");
            assertEquals(1 << 5, b.getInt(0x8), "bank 0 PULLUP");
            assertEquals(1 << 6, b.getInt(0xC), "bank 0 PULLDOWN");
            assertEquals(1 << 1, b.getInt(0x10), "bank 1 DATA");
            assertEquals(DeviceMode.DIGITAL_OUTPUT, gpio.getMode(33));
            assertEquals(DeviceMode.DIGITAL_INPUT, gpio.getMode(4));
            assertEquals(Optional.of(GpioPullUpDown.PULL_DOWN), gpio.getPullUpDown(6));
            gpio.gpioWrite(3, false);
            assertEquals(false, gpio.gpioRead(3));
            assertThrows(InvalidModeException.class, () -> gpio.setMode(1, DeviceMode.PWM_OUTPUT));
            assertThrows(HalArgumentException.class, () -> gpio.gpioRead(64));
        }
    }

    @Test
    void changingThePullNeverEnablesBothForAWrite() throws Exception {
        Path file = dir.resolve("pulls");
        Files.write(file, new byte[16]);
        java.util.List<String> both = new java.util.ArrayList<>();
        try (MappedRegisterWindow w = MappedRegisterWindow.file(file, 0, 16)) {
            dev.pairlock.hal.reg.RegisterWindow watched = new dev.pairlock.hal.reg.RegisterWindow() {
                public String name() {
                    return w.name();
                }

                public long size() {
                    return w.size();
                }

                public int read32(long offset, dev.pairlock.hal.reg.AccessMode mode) {
                    return w.read32(offset, mode);
                }

                public void write32(long offset, int value, dev.pairlock.hal.reg.AccessMode mode) {
                    w.write32(offset, value, mode);
                    int on = w.read32(MmapGpioBlock.PULLUP, mode) & w.read32(MmapGpioBlock.PULLDOWN, mode);
                    if (on != 0) {
                        both.add(String.format("after a write of 0x%x at 0x%x: pull-up and pull-down both on, bits 0x%x", value, offset, on));
                    }
                }
            };
            try (MmapGpioBlock gpio = MmapGpioBlock.over(watched, 8)) {
                gpio.initialise();
                for (GpioPullUpDown p : java.util.List.of(GpioPullUpDown.PULL_DOWN, GpioPullUpDown.PULL_UP, GpioPullUpDown.PULL_DOWN,
                        GpioPullUpDown.NONE, GpioPullUpDown.PULL_UP, GpioPullUpDown.NONE)) {
                    gpio.setPullUpDown(2, p);
                    assertEquals(p == GpioPullUpDown.NONE ? Optional.of(GpioPullUpDown.NONE) : Optional.of(p), gpio.getPullUpDown(2));
                }
            }
        }
        assertEquals(java.util.List.of(), both);
    }

    @Test
    void overAWindowTheApplicationOwns() throws Exception {
        Path file = dir.resolve("w");
        Files.write(file, new byte[16]);
        try (MappedRegisterWindow w = MappedRegisterWindow.file(file, 0, 16); MmapGpioBlock gpio = MmapGpioBlock.over(w, 8)) {
            gpio.initialise();
            gpio.setModeUnchecked(7, 1);
            assertEquals(DeviceMode.DIGITAL_OUTPUT, gpio.getMode(7));
        }
    }
}

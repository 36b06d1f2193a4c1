package dev.pairlock.adapters.diozero;

import com.diozero.api.DeviceMode;
import com.diozero.api.GpioPullUpDown;
import com.diozero.api.InvalidModeException;
import com.diozero.internal.spi.MmapGpioInterface;
import dev.pairlock.clockregs.MappedRegisterWindow;
import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.HalException;
import dev.pairlock.hal.reg.AccessMode;
import dev.pairlock.hal.reg.RegisterWindow;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * diozero's memory-mapped GPIO ({@link MmapGpioInterface}, what an application gets from
 * {@code BoardInfo.createMmapGpio()}) over a pairlock register window: a GPIO block in an FPGA or
 * a PCI BAR, read and written with single 32-bit volatile accesses, no system call per access.
 *
 * <p>The block has one bank of four 32-bit registers per 32 GPIOs (bank {@code b} at
 * {@code offset + 0x10 * b}; GPIO {@code n} is bit {@code n % 32} of bank {@code n / 32}):
 * <pre>
 * +0x0 DATA      read: the levels; write: the levels the outputs drive
 * +0x4 DIR       1 = output, 0 = input
 * +0x8 PULLUP    1 = pull-up enabled
 * +0xC PULLDOWN  1 = pull-down enabled
 * </pre>
 * GPIO numbers here are indices into this block, not the character-device GPIO numbers.
 */
public final class MmapGpioBlock implements MmapGpioInterface {
    /** 32 banks of 32: a 512-byte block. */
    public static final int MAX_GPIOS = 1024;
    static final int DATA = 0x0, DIR = 0x4, PULLUP = 0x8, PULLDOWN = 0xC, BANK_STRIDE = 0x10;

    /** Where the block is: a device ({@code /dev/mem}, a PCI {@code resourceN}, or a file), an offset and its GPIO count. */
    public record Layout(String device, long offset, int gpios) {
        long size() {
            return (long) ((gpios + 31) / 32) * BANK_STRIDE;
        }
    }

    private final Supplier<RegisterWindow> opener;
    private final int gpios;
    private RegisterWindow window;

    MmapGpioBlock(Supplier<RegisterWindow> opener, int gpios) {
        this.opener = opener;
        this.gpios = gpios;
    }

    /** Maps the block the way scctl's platform file names a register window. */
    static MmapGpioBlock of(Layout l) {
        return new MmapGpioBlock(() -> {
            Path device = Path.of(l.device());
            if (l.device().equals("/dev/mem")) {
                return MappedRegisterWindow.devMem(l.offset(), l.size());
            }
            if (device.getFileName() != null && device.getFileName().toString().startsWith("resource")) {
                return MappedRegisterWindow.pciResource(device, l.offset(), l.size());
            }
            return MappedRegisterWindow.file(device, l.offset(), l.size());
        }, l.gpios());
    }

    /** Over an already open window (tests, or a window the application owns). */
    public static MmapGpioBlock over(RegisterWindow window, int gpios) {
        HalArgumentException.checkRange("memory-mapped GPIO count", gpios, 1, MAX_GPIOS);
        return new MmapGpioBlock(() -> window, gpios);
    }

    @Override
    public synchronized void initialise() {
        if (window == null) {
            window = DiozeroErrors.call(opener::get);
        }
    }

    @Override
    public synchronized void close() {
        if (window != null) {
            window.close();
            window = null;
        }
    }

    @Override
    public DeviceMode getMode(int gpio) {
        return bit(DIR, gpio) ? DeviceMode.DIGITAL_OUTPUT : DeviceMode.DIGITAL_INPUT;
    }

    @Override
    public void setMode(int gpio, DeviceMode mode) {
        switch (mode) {
            case DIGITAL_INPUT -> setBit(DIR, gpio, false);
            case DIGITAL_OUTPUT -> setBit(DIR, gpio, true);
            default -> throw new InvalidModeException("memory-mapped GPIO " + gpio + " supports DIGITAL_INPUT and"
                    + " DIGITAL_OUTPUT only, not " + mode);
        }
    }

    @Override
    public void setModeUnchecked(int gpio, int mode) {
        setBit(DIR, gpio, mode != 0);
    }

    @Override
    public Optional<GpioPullUpDown> getPullUpDown(int gpio) {
        return Optional.of(bit(PULLUP, gpio) ? GpioPullUpDown.PULL_UP : bit(PULLDOWN, gpio) ? GpioPullUpDown.PULL_DOWN
                : GpioPullUpDown.NONE);
    }

    @Override
    public synchronized void setPullUpDown(int gpio, GpioPullUpDown pud) {
        // the pull being turned off first: both on at once, even for one write, is a divider on the pin
        if (pud == GpioPullUpDown.PULL_UP) {
            setBit(PULLDOWN, gpio, false);
            setBit(PULLUP, gpio, true);
        } else {
            setBit(PULLUP, gpio, false);
            setBit(PULLDOWN, gpio, pud == GpioPullUpDown.PULL_DOWN);
        }
    }

    @Override
    public boolean gpioRead(int gpio) {
        return bit(DATA, gpio);
    }

    @Override
    public void gpioWrite(int gpio, boolean value) {
        setBit(DATA, gpio, value);
    }

    private boolean bit(int register, int gpio) {
        long off = offset(register, gpio);
        return DiozeroErrors.call(() -> (open().read32(off, AccessMode.VOLATILE) >>> (gpio & 31) & 1) != 0);
    }

    /** Read-modify-write under this object's lock: the block is this process's to drive. */
    private synchronized void setBit(int register, int gpio, boolean on) {
        long off = offset(register, gpio);
        DiozeroErrors.run(() -> {
            RegisterWindow w = open();
            int v = w.read32(off, AccessMode.VOLATILE);
            int m = 1 << (gpio & 31);
            w.write32(off, on ? v | m : v & ~m, AccessMode.VOLATILE);
        });
    }

    private long offset(int register, int gpio) {
        HalArgumentException.checkRange("memory-mapped GPIO", gpio, 0, gpios - 1);
        return (long) (gpio / 32) * BANK_STRIDE + register;
    }

    private synchronized RegisterWindow open() {
        if (window == null) {
            throw new HalException("memory-mapped GPIO block is not initialised: call initialise() first");
        }
        return window;
    }
}

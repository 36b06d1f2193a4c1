package dev.pairlock.adapters.diozero;

import com.diozero.api.PinInfo;
import com.diozero.internal.spi.MmapGpioInterface;
import com.diozero.sbc.BoardInfo;
import dev.pairlock.hal.gpio.GpioChip;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The "board" as the GPIO chips describe it, instead of diozero's guess from
 * {@code /proc/device-tree/model} (which an x86-64 controller does not have). Every line of every
 * chip is a digital input/output pin. GPIO numbers run across the chips in their order, as
 * diozero's built-in provider numbers them (chip k's line j is GPIO {@code lines(0..k-1) + j});
 * each chip is a header named after it ({@code gpiochip0}), with line j as physical pin j + 1;
 * a pin's name is the line's name ({@code GPIO<n>} for an unnamed line, {@code gpiochipN/name}
 * when an earlier chip already has the name).
 */
final class PairlockBoardInfo extends BoardInfo {
    private final List<GpioChip> chips;
    private final Supplier<MmapGpioInterface> mmap;

    PairlockBoardInfo(List<GpioChip> chips, Supplier<MmapGpioInterface> mmap) {
        super("pairlock", "pairlock GPIO v2 (" + chips.size() + " chip" + (chips.size() == 1 ? "" : "s") + ")", -1,
                System.getProperty("os.name"), System.getProperty("os.version"));
        this.chips = List.copyOf(chips);
        this.mmap = mmap;
    }

    @Override
    public void populateBoardPinInfo() {
        int gpio = 0;
        Set<String> names = new HashSet<>();
        for (GpioChip chip : chips) {
            int chipId = chipNumber(chip);
            for (int line = 0; line < chip.lineCount(); line++, gpio++) {
                String lineName = chip.lineInfo(line).name();
                String name = lineName.isEmpty() ? GPIO_KEY_PREFIX + gpio
                        : names.contains(lineName) ? chip.name() + "/" + lineName : lineName;
                names.add(name);
                addGpioPinInfo(chip.name(), gpio, name, line + 1, PinInfo.DIGITAL_IN_OUT, chipId, line);
            }
        }
    }

    /** gpiochipN's N; a chip without a number in its name gets one by its position. */
    private int chipNumber(GpioChip chip) {
        String n = chip.name();
        return n.matches("gpiochip\\d{1,9}") ? Integer.parseInt(n.substring(8)) : chips.indexOf(chip);
    }

    @Override
    public boolean isRecognised() {
        return true;
    }

    /** GPIO v2 sets pull-up, pull-down and bias-disable per request. */
    @Override
    public boolean isBiasControlSupported() {
        return true;
    }

    /** Analog input is not pairlock's: diozero's "unsupported" answer, not a missing-pin error. */
    @Override
    public PinInfo getByAdcNumberOrThrow(int adcNumber) {
        throw new UnsupportedOperationException("Analog input (ADC " + adcNumber + ") is not supported by diozero's"
                + " pairlock provider (pairlock drives I2C, GPIO and memory-mapped registers)");
    }

    @Override
    public PinInfo getByDacNumberOrThrow(int dacNumber) {
        throw new UnsupportedOperationException("Analog output (DAC " + dacNumber + ") is not supported by diozero's"
                + " pairlock provider (pairlock drives I2C, GPIO and memory-mapped registers)");
    }

    /** The configured register-mapped GPIO block ({@code pairlock.mmap.*}), or null if there is none. */
    @Override
    public MmapGpioInterface createMmapGpio() {
        return mmap.get();
    }
}

package dev.pairlock.platform;

import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.gpio.GpioChip;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * How libgpiod's tools find chips and lines, for the platform file's {@code CHIP:LINE} values and
 * for scctl's gpio commands alike: a chip by name ("gpiochip1"), number ("1"), label or path; a line
 * by name first, else by offset. Pure functions over the chips a backend shows; a spec that matches
 * nothing is a {@link HalArgumentException} that lists what exists.
 */
public final class GpioLookup {
    private GpioLookup() {
    }

    /** A resolved line: the chip, the offset and the line's name ("" if unnamed). */
    public record Line(GpioChip chip, int offset, String name) {
        /** How gpioinfo/gpioget quote a line: the name in quotes, else the offset. */
        public String display() {
            return name.isEmpty() ? Integer.toString(offset) : "\"" + name + "\"";
        }
    }

    public static GpioChip chip(List<GpioChip> chips, String spec) {
        String number = spec.matches("\\d+") ? "gpiochip" + spec : null;
        for (GpioChip c : chips) {
            if (c.name().equals(spec) || c.name().equals(number) || c.path().equals(spec) || c.label().equals(spec)) {
                return c;
            }
        }
        throw new HalArgumentException("GPIO chip '" + spec + "' not found: known are " + describe(chips)
                + " (give a chip by name, number, label or path; see 'scctl gpio detect')");
    }

    /**
     * Resolves {@code id} on {@code chip}: a line name, else an offset in range. Names win over
     * offsets as in libgpiod, so a line named "3" is found by its name.
     */
    public static Line line(GpioChip chip, String id) {
        OptionalInt byName = chip.lineOffset(id);
        if (byName.isPresent()) {
            return new Line(chip, byName.getAsInt(), id);
        }
        if (id.matches("\\d{1,9}")) {
            int offset = Integer.parseInt(id);
            if (offset >= chip.lineCount()) {
                throw new HalArgumentException("GPIO line offset " + offset + " is out of range for " + chip.name()
                        + ": valid is 0.." + (chip.lineCount() - 1));
            }
            return new Line(chip, offset, chip.lineInfo(offset).name());
        }
        throw new HalArgumentException(chip.name() + " has no line named '" + id + "': its named lines are "
                + names(chip) + " (or give an offset 0.." + (chip.lineCount() - 1) + ")");
    }

    /**
     * Resolves lines without a chip: by name across every chip (all on one chip, since one request
     * covers one chip); offsets only where there is exactly one chip to mean.
     */
    public static List<Line> lines(List<GpioChip> chips, List<String> ids) {
        List<Line> out = new ArrayList<>();
        for (String id : ids) {
            Line found = null;
            for (GpioChip c : chips) {
                OptionalInt o = c.lineOffset(id);
                if (o.isPresent()) {
                    found = new Line(c, o.getAsInt(), id);
                    break;
                }
            }
            if (found == null && chips.size() == 1) {
                found = line(chips.getFirst(), id);
            }
            if (found == null) {
                throw new HalArgumentException("GPIO line '" + id + "' not found on any chip (" + describe(chips)
                        + "); pass -c CHIP to give lines by offset");
            }
            if (!out.isEmpty() && out.getFirst().chip() != found.chip()) {
                throw new HalArgumentException("GPIO lines '" + out.getFirst().name() + "' and '" + id + "' are on different chips ("
                        + out.getFirst().chip().name() + ", " + found.chip().name() + "): one command takes lines of one chip");
            }
            out.add(found);
        }
        return out;
    }

    private static String names(GpioChip chip) {
        List<String> n = new ArrayList<>();
        for (int i = 0; i < chip.lineCount(); i++) {
            String name = chip.lineInfo(i).name();
            if (!name.isEmpty()) {
                n.add(name);
            }
        }
        return n.isEmpty() ? "none" : String.join(", ", n);
    }

    private static String describe(List<GpioChip> chips) {
        if (chips.isEmpty()) {
            return "no GPIO chips";
        }
        List<String> d = new ArrayList<>();
        for (GpioChip c : chips) {
            d.add(c.name() + " [" + c.label() + "]");
        }
        return String.join(", ", d);
    }
}

package dev.pairlock.scctl.target;

import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.gpio.GpioChip;
import dev.pairlock.platform.GpioLookup;
import dev.pairlock.scctl.text.UsageException;
import java.util.ArrayList;
import java.util.List;

/**
 * How libgpiod's tools find chips and lines (platform's {@link GpioLookup}, which the platform
 * file's lines use too), with a spec that matches nothing reported as bad usage.
 */
public final class GpioLines {
    private GpioLines() {
    }

    /** A resolved line: the chip, the offset and the line's name ("" if unnamed). */
    public record Line(GpioChip chip, int offset, String name) {
        /** How gpioinfo/gpioget quote a line: the name in quotes, else the offset. */
        public String display() {
            return name.isEmpty() ? Integer.toString(offset) : "\"" + name + "\"";
        }

        private static Line of(GpioLookup.Line l) {
            return new Line(l.chip(), l.offset(), l.name());
        }
    }

    public static GpioChip chip(List<GpioChip> chips, String spec) {
        try {
            return GpioLookup.chip(chips, spec);
        } catch (HalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Resolves {@code id} on {@code chip}: a line name, else an offset in range (names win, as in libgpiod). */
    public static Line line(GpioChip chip, String id) {
        try {
            return Line.of(GpioLookup.line(chip, id));
        } catch (HalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Resolves lines without a chip: by name across every chip; offsets only where there is exactly one chip. */
    public static List<Line> lines(List<GpioChip> chips, List<String> ids) {
        try {
            List<Line> out = new ArrayList<>();
            for (GpioLookup.Line l : GpioLookup.lines(chips, ids)) {
                out.add(Line.of(l));
            }
            return out;
        } catch (HalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}

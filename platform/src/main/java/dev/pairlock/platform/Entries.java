package dev.pairlock.platform;

import dev.pairlock.config.ConfigEntry;
import dev.pairlock.config.ConfigException;
import dev.pairlock.config.ConfigFile;
import dev.pairlock.config.Values;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Readers shared by the platform file's key groups; every failure is a {@link ConfigException} at the entry. */
final class Entries {
    private Entries() {
    }

    /** The entries whose keys match {@code pattern}, taken (marked used), in file order. */
    static List<ConfigEntry> takeMatching(ConfigFile file, Pattern pattern) {
        List<ConfigEntry> out = new ArrayList<>();
        for (String key : file.keys()) {
            if (pattern.matcher(key).matches()) {
                out.add(file.take(key).orElseThrow());
            }
        }
        out.sort(Comparator.comparingInt(ConfigEntry::line));
        return out;
    }

    /** A path that must not be a directory (a device, a key file, a socket). */
    static Path notDirectory(ConfigEntry e, String expected) {
        Path p = e.path();
        if (Files.isDirectory(p)) {
            throw e.error(Values.quote(e.value()) + " is a directory, not " + expected);
        }
        return p;
    }

    /** A 7-bit I2C address of a board's register device. */
    static int boardAddress(ConfigEntry e) {
        int a = e.integer(0, 0x7F);
        if (a < 0x03 || a > 0x77) {
            throw e.error(String.format("0x%02x is a reserved I2C address: a board's register device is at 0x03..0x77", a));
        }
        return a;
    }

    private static final Pattern LINE_REF = Pattern.compile("(.+):([^:]+)");

    /** {@code CHIP:LINE}: a chip by name, number, label or path; a line by name or offset. */
    static GpioLineRef gpioLine(ConfigEntry e) {
        Matcher m = LINE_REF.matcher(e.value());
        if (!m.matches() || m.group(1).isBlank() || m.group(2).isBlank()) {
            throw e.error(Values.quote(e.value()) + " is not CHIP:LINE, e.g. gpiochip1:hb-out or /dev/gpiochip1:0");
        }
        String chip = m.group(1).strip();
        if (chip.contains("/") && Files.isDirectory(safePath(e, chip))) {
            throw e.error(Values.quote(chip) + " is a directory, not a GPIO chip: name /dev/gpiochipN, its name or its label");
        }
        return new GpioLineRef(chip, m.group(2).strip(), e);
    }

    private static Path safePath(ConfigEntry e, String text) {
        try {
            return Path.of(text);
        } catch (java.nio.file.InvalidPathException x) {
            throw e.error(Values.quote(text) + " is not a valid path (" + x.getReason() + ")");
        }
    }

    /** The error for a key this file lacks, pointing at the line of a sibling key that needs it. */
    static ConfigException missingBeside(ConfigEntry sibling, String missingKey, String message) {
        return new ConfigException(sibling.file(), sibling.line(), missingKey, message);
    }

    /** Of two entries (either may be null), the later-set one: where a conflict between them is reported. */
    static ConfigEntry later(ConfigEntry a, ConfigEntry b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.line() >= b.line() ? a : b;
    }
}

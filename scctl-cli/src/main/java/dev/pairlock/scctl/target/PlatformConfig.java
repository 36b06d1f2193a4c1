package dev.pairlock.scctl.target;

import dev.pairlock.hal.ScId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the platform maps onto one real machine: one SC's buses, GPIO lines and register window.
 * A line-based {@code key = value} file like /etc/default/mpathd; '#' starts a comment.
 *
 * <pre>
 * sc = sc0                          # whose hardware this machine is
 * slot.0.bus = 3                    # board slot 0 is on /dev/i2c-3 (default: slot k on bus k)
 * slots = 18
 * i2c.timeout_ms = 500
 * heartbeat.out = gpiochip1:hb-out  # chip (name, path or label) : line (name or offset)
 * heartbeat.in = gpiochip1:hb-in
 * reset.out = gpiochip1:reset-out   # optional
 * gchip.device = /dev/mem           # or a UIO device, PCI resourceN or plain file
 * gchip.offset = 0xfe000000
 * gchip.size = 0x1000
 * window.NAME.device / .offset / .size   # more register windows for 'scctl reg --window NAME'
 * </pre>
 *
 * Every error names the file, the line number and the key.
 */
public record PlatformConfig(Path source, ScId sc, int slots, Map<Integer, Integer> slotBus, int i2cTimeoutMs,
                             Optional<GpioLineRef> heartbeatOut, Optional<GpioLineRef> heartbeatIn,
                             Optional<GpioLineRef> resetOut, Map<String, WindowRef> windows) {

    /** A GPIO line: chip by name, path or label; line by name or offset. */
    public record GpioLineRef(String chip, String line) {
    }

    /** A register window: a device file, a byte offset into it and a size. */
    public record WindowRef(Path device, long offset, long size) {
    }

    private static final Pattern WINDOW_KEY = Pattern.compile("(gchip|window\\.([a-z0-9_-]+))\\.(device|offset|size)");
    private static final Pattern SLOT_KEY = Pattern.compile("slot\\.(\\d+)\\.bus");

    public int busOf(int slot) {
        return slotBus.getOrDefault(slot, slot);
    }

    public static PlatformConfig load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read the platform file (" + e.getMessage() + ")");
        }
        return parse(file, lines);
    }

    public static PlatformConfig parse(Path source, List<String> lines) {
        Map<String, Integer> seenAt = new HashMap<>();
        ScId sc = null;
        int slots = 18;
        int timeout = 500;
        Map<Integer, Integer> slotBus = new TreeMap<>();
        GpioLineRef hbOut = null;
        GpioLineRef hbIn = null;
        GpioLineRef reset = null;
        Map<String, Map<String, String>> windowParts = new TreeMap<>();
        Map<String, Integer> windowLine = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int n = i + 1;
            String raw = lines.get(i);
            int hash = raw.indexOf('#');
            String l = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            if (l.isEmpty()) {
                continue;
            }
            int eq = l.indexOf('=');
            if (eq < 0) {
                throw error(source, n, null, "'" + l + "' is not 'key = value'");
            }
            String key = l.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = l.substring(eq + 1).strip();
            if (key.isEmpty()) {
                throw error(source, n, null, "the key before '=' is missing");
            }
            if (value.isEmpty()) {
                throw error(source, n, key, "the value is missing");
            }
            Integer before = seenAt.put(key, n);
            if (before != null) {
                throw error(source, n, key, "is set twice (first on line " + before + ")");
            }
            Matcher slotKey = SLOT_KEY.matcher(key);
            Matcher windowKey = WINDOW_KEY.matcher(key);
            switch (key) {
                case "sc" -> {
                    sc = switch (value.toLowerCase(Locale.ROOT)) {
                        case "sc0", "0" -> ScId.SC0;
                        case "sc1", "1" -> ScId.SC1;
                        default -> throw error(source, n, key, "'" + value + "' is not sc0 or sc1");
                    };
                }
                case "slots" -> slots = (int) number(source, n, key, value, 1, 256);
                case "i2c.timeout_ms" -> {
                    timeout = (int) number(source, n, key, value, 10, 60_000);
                    if (timeout % 10 != 0) {
                        throw error(source, n, key, timeout + " is not a multiple of 10 ms (Linux counts in 10 ms units)");
                    }
                }
                case "heartbeat.out" -> hbOut = line(source, n, key, value);
                case "heartbeat.in" -> hbIn = line(source, n, key, value);
                case "reset.out" -> reset = line(source, n, key, value);
                default -> {
                    if (slotKey.matches()) {
                        int slot = (int) number(source, n, key, slotKey.group(1), 0, 255);
                        slotBus.put(slot, (int) number(source, n, key, value, 0, 1 << 20));
                    } else if (windowKey.matches()) {
                        String name = windowKey.group(2) == null ? "gchip" : windowKey.group(2);
                        windowParts.computeIfAbsent(name, k -> new HashMap<>()).put(windowKey.group(3), value);
                        windowLine.merge(name, n, Math::min);
                        if (!windowKey.group(3).equals("device")) {
                            number(source, n, key, value, 0, Long.MAX_VALUE);
                        }
                    } else {
                        throw error(source, n, key, "is not a known key (known: sc, slots, slot.N.bus, i2c.timeout_ms,"
                                + " heartbeat.out, heartbeat.in, reset.out, gchip.device|offset|size, window.NAME.device|offset|size)");
                    }
                }
            }
        }
        if (sc == null) {
            throw error(source, lines.size(), "sc", "is required: say whose hardware this machine is (sc = sc0 or sc1)");
        }
        for (int slot : slotBus.keySet()) {
            if (slot >= slots) {
                throw error(source, seenAt.get("slot." + slot + ".bus"), "slot." + slot + ".bus",
                        "slot " + slot + " is beyond slots = " + slots + " (valid slots are 0.." + (slots - 1) + ")");
            }
        }
        Map<String, WindowRef> windows = new TreeMap<>();
        for (var e : windowParts.entrySet()) {
            String prefix = e.getKey().equals("gchip") ? "gchip" : "window." + e.getKey();
            Map<String, String> p = e.getValue();
            for (String part : List.of("device", "size")) {
                if (!p.containsKey(part)) {
                    throw error(source, windowLine.get(e.getKey()), prefix + "." + part, "is missing: a register window needs "
                            + prefix + ".device and " + prefix + ".size (" + prefix + ".offset defaults to 0)");
                }
            }
            long offset = p.containsKey("offset") ? number(source, seenAt.get(prefix + ".offset"), prefix + ".offset", p.get("offset"), 0, Long.MAX_VALUE) : 0;
            long size = number(source, seenAt.get(prefix + ".size"), prefix + ".size", p.get("size"), 4, 1L << 32);
            windows.put(e.getKey(), new WindowRef(Path.of(p.get("device")), offset, size));
        }
        return new PlatformConfig(source, sc, slots, slotBus, timeout, Optional.ofNullable(hbOut),
                Optional.ofNullable(hbIn), Optional.ofNullable(reset), windows);
    }

    private static GpioLineRef line(Path source, int n, String key, String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw error(source, n, key, "'" + value + "' is not CHIP:LINE, e.g. gpiochip1:hb-out or /dev/gpiochip1:0");
        }
        return new GpioLineRef(value.substring(0, colon), value.substring(colon + 1));
    }

    private static long number(Path source, int n, String key, String value, long min, long max) {
        long v;
        try {
            String t = value.toLowerCase(Locale.ROOT).replace("_", "");
            v = t.startsWith("0x") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw error(source, n, key, "'" + value + "' is not a number (decimal or 0x hex)");
        }
        if (v < min || v > max) {
            throw error(source, n, key, value + " is out of range " + min + ".." + max);
        }
        return v;
    }

    private static ConfigException error(Path source, int line, String key, String message) {
        return new ConfigException(source + ":" + line + ": " + (key == null ? "" : key + " ") + message);
    }

    /** Configured heartbeat/reset lines as (role, ref), for messages and listings. */
    public List<Map.Entry<String, GpioLineRef>> gpioLines() {
        List<Map.Entry<String, GpioLineRef>> out = new ArrayList<>();
        heartbeatOut.ifPresent(r -> out.add(Map.entry("heartbeat.out", r)));
        heartbeatIn.ifPresent(r -> out.add(Map.entry("heartbeat.in", r)));
        resetOut.ifPresent(r -> out.add(Map.entry("reset.out", r)));
        return out;
    }
}

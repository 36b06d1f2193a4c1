package dev.pairlock.scctl.cli;

import dev.pairlock.hal.gpio.GpioChip;
import dev.pairlock.hal.gpio.LineConfig;
import dev.pairlock.hal.gpio.LineInfo;
import dev.pairlock.hal.gpio.LineSettings;
import dev.pairlock.hal.gpio.LineSettings.Bias;
import dev.pairlock.hal.gpio.LineSettings.Direction;
import dev.pairlock.hal.gpio.LineSettings.Drive;
import dev.pairlock.hal.gpio.LineSettings.Edge;
import dev.pairlock.scctl.Session;
import dev.pairlock.scctl.target.GpioLines;
import dev.pairlock.scctl.text.UsageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the gpio commands share: line lookup, libgpiod's option words, and how a line is described. */
final class GpioSupport {
    /** The consumer other users of the chip see while scctl holds a line. */
    static final String CONSUMER = "scctl";

    private GpioSupport() {
    }

    /**
     * libgpiod's {@code -s/--strict}: a line name given without a chip must name exactly one line
     * on the machine, not the first of several.
     */
    static void requireUnique(Session s, String chipSpec, List<String> ids) {
        if (chipSpec != null) {
            return;
        }
        for (String id : ids) {
            List<String> where = new ArrayList<>();
            for (GpioChip c : s.target().gpioChips(s.sc())) {
                for (int i = 0; i < c.lineCount(); i++) {
                    if (c.lineInfo(i).name().equals(id)) {
                        where.add(c.name() + " " + i);
                    }
                }
            }
            if (where.size() > 1) {
                throw new UsageException("GPIO line name '" + id + "' is not unique (--strict): it names " + String.join(", ", where)
                        + " (pass -c CHIP)");
            }
        }
    }

    /** The consumer name a request shows to gpioinfo, checked against the kernel's limit. */
    static String consumer(String text) {
        if (text == null) {
            return CONSUMER;
        }
        if (text.isEmpty() || text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > dev.pairlock.hal.gpio.RequestConfig.MAX_CONSUMER) {
            throw new UsageException("consumer " + dev.pairlock.config.Values.quote(text) + " must be 1.."
                    + dev.pairlock.hal.gpio.RequestConfig.MAX_CONSUMER + " bytes");
        }
        return text;
    }

    /** How libgpiod v2 prints a line: its name in quotes (bare with --unquoted), else its offset. */
    static String id(GpioLines.Line l, boolean unquoted) {
        return l.name().isEmpty() ? Integer.toString(l.offset()) : unquoted ? l.name() : "\"" + l.name() + "\"";
    }

    /** Lines on {@code chipSpec}, or found by name across the chips when it is null. */
    static List<GpioLines.Line> lines(Session s, String chipSpec, List<String> ids) {
        List<GpioLines.Line> out = chipSpec == null
                ? GpioLines.lines(s.target().gpioChips(s.sc()), ids)
                : ids.stream().map(id -> GpioLines.line(s.target().gpioChip(s.sc(), chipSpec), id)).toList();
        for (int i = 0; i < out.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (out.get(i).offset() == out.get(j).offset()) {
                    throw new UsageException("GPIO line " + out.get(i).offset() + " of " + out.get(i).chip().name()
                            + " is given twice ('" + ids.get(j) + "' and '" + ids.get(i) + "')");
                }
            }
        }
        return out;
    }

    /** Completion candidates of the option words. */
    static final class Biases extends ArrayList<String> {
        Biases() {
            super(List.of("as-is", "disable", "pull-up", "pull-down"));
        }
    }

    static final class Drives extends ArrayList<String> {
        Drives() {
            super(List.of("push-pull", "open-drain", "open-source"));
        }
    }

    static final class EdgeWords extends ArrayList<String> {
        EdgeWords() {
            super(List.of("both", "rising", "falling"));
        }
    }

    static LineConfig config(List<GpioLines.Line> lines, LineSettings settings) {
        LineConfig.Builder b = LineConfig.builder();
        lines.forEach(l -> b.add(settings, l.offset()));
        return b.build();
    }

    static Bias bias(String text) {
        if (text == null) {
            return Bias.AS_IS;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "as-is" -> Bias.AS_IS;
            case "disable", "disabled" -> Bias.DISABLED;
            case "pull-up" -> Bias.PULL_UP;
            case "pull-down" -> Bias.PULL_DOWN;
            default -> throw new UsageException("bias '" + text + "' is not one of as-is, disable, pull-up, pull-down");
        };
    }

    static Drive drive(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "push-pull" -> Drive.PUSH_PULL;
            case "open-drain" -> Drive.OPEN_DRAIN;
            case "open-source" -> Drive.OPEN_SOURCE;
            default -> throw new UsageException("drive '" + text + "' is not one of push-pull, open-drain, open-source");
        };
    }

    static Edge edges(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "both" -> Edge.BOTH;
            case "rising" -> Edge.RISING;
            case "falling" -> Edge.FALLING;
            default -> throw new UsageException("edges '" + text + "' is not one of both, rising, falling");
        };
    }

    /** gpioset's value words: 1/0, active/inactive, on/off, true/false. */
    static boolean value(String line, String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "1", "active", "on", "true" -> true;
            case "0", "inactive", "off", "false" -> false;
            default -> throw new UsageException("value '" + text + "' for GPIO line " + line
                    + " is not one of 1, 0, active, inactive, on, off, true, false");
        };
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** gpioinfo's attribute words for a line: direction, then only what differs from the defaults. */
    static String attributes(LineInfo info) {
        LineSettings s = info.settings();
        List<String> a = new ArrayList<>();
        a.add(s.direction() == Direction.OUTPUT ? "output" : "input");
        if (s.activeLow()) {
            a.add("active-low");
        }
        if (s.edge() != Edge.NONE) {
            a.add("edges=" + lower(s.edge()));
        }
        if (s.bias() != Bias.AS_IS) {
            a.add("bias=" + (s.bias() == Bias.DISABLED ? "disabled" : lower(s.bias())));
        }
        if (s.drive() != Drive.PUSH_PULL) {
            a.add("drive=" + lower(s.drive()));
        }
        if (!s.debounce().isZero()) {
            a.add("debounce-period=" + s.debounce().toNanos() / 1000 + "us");
        }
        if (info.used()) {
            a.add("consumer=\"" + info.consumer() + "\"");
        }
        return String.join(" ", a);
    }

    static Map<String, Object> infoJson(LineInfo info) {
        LineSettings s = info.settings();
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("offset", info.offset());
        j.put("name", info.name().isEmpty() ? null : info.name());
        j.put("used", info.used());
        j.put("consumer", info.used() ? info.consumer() : null);
        j.put("direction", s.direction() == Direction.OUTPUT ? "output" : "input");
        j.put("active_low", s.activeLow());
        j.put("edge", s.edge());
        j.put("bias", s.bias() == Bias.DISABLED ? "disabled" : lower(s.bias()));
        j.put("drive", lower(s.drive()));
        j.put("debounce_us", s.debounce().toNanos() / 1000);
        return j;
    }

    static Map<String, Object> chipJson(GpioChip c) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("chip", c.name());
        j.put("label", c.label());
        j.put("path", c.path());
        j.put("num_lines", c.lineCount());
        return j;
    }
}

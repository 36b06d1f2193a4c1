package dev.pairlock.scctl.cli;

import dev.pairlock.hal.gpio.GpioChip;
import dev.pairlock.hal.gpio.LineInfo;
import dev.pairlock.scctl.Session;
import dev.pairlock.scctl.target.GpioLines;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code scctl gpio}: libgpiod v2's tools over the target's GPIO chips. */
@Command(name = "gpio", mixinStandardHelpOptions = true,
        description = {"GPIO chips and lines, as libgpiod's gpiodetect, gpioinfo, gpioget, gpioset and gpiomon.",
            "Chips by name (gpiochip0), number (0), label or path; lines by name, or by offset with -c CHIP."},
        subcommands = {GpioCommand.Detect.class, GpioCommand.Info.class, GpioGet.class, GpioSet.class, GpioMonitor.class})
public final class GpioCommand {
    private GpioCommand() {
    }

    @Command(name = "detect", mixinStandardHelpOptions = true,
        header = "List the GPIO chips, as gpiodetect.", description = "List the GPIO chips, as gpiodetect.",
            footer = {"", "Examples:", "  scctl gpio detect", "  scctl --sc sc1 --json gpio detect"})
    static final class Detect extends Leaf {
        @Override
        int run(Session s) {
            StringBuilder sb = new StringBuilder();
            List<Map<String, Object>> chips = new ArrayList<>();
            for (GpioChip c : s.target().gpioChips(s.sc())) {
                sb.append(String.format("%s [%s] (%d lines)%n", c.name(), c.label(), c.lineCount()));
                chips.add(GpioSupport.chipJson(c));
            }
            s.emit(Map.of("chips", chips), sb.toString());
            return 0;
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
        header = "Describe GPIO lines, as gpioinfo.",
            description = "Describe GPIO lines (name, direction, settings, consumer), as gpioinfo.",
            footer = {"", "Examples:", "  scctl gpio info", "  scctl gpio info hb-in", "  scctl gpio info -c gpiochip0 2"})
    static final class Info extends Leaf {
        @Option(names = {"-c", "--chip"}, paramLabel = "CHIP", description = "only this chip (name, number, label or path)")
        String chip;
        @Parameters(arity = "0..*", paramLabel = "LINE", description = "only these lines (names, or offsets with -c)")
        List<String> lineIds = new ArrayList<>();

        @Override
        int run(Session s) {
            Map<GpioChip, List<Integer>> shown = new LinkedHashMap<>();
            if (lineIds.isEmpty()) {
                List<GpioChip> chips = chip == null ? s.target().gpioChips(s.sc()) : List.of(s.target().gpioChip(s.sc(), chip));
                for (GpioChip c : chips) {
                    List<Integer> all = new ArrayList<>();
                    for (int i = 0; i < c.lineCount(); i++) {
                        all.add(i);
                    }
                    shown.put(c, all);
                }
            } else {
                for (GpioLines.Line l : GpioSupport.lines(s, chip, lineIds)) {
                    shown.computeIfAbsent(l.chip(), k -> new ArrayList<>()).add(l.offset());
                }
            }
            StringBuilder sb = new StringBuilder();
            List<Map<String, Object>> chips = new ArrayList<>();
            for (var e : shown.entrySet()) {
                GpioChip c = e.getKey();
                sb.append(String.format("%s - %d lines:%n", c.name(), c.lineCount()));
                List<Map<String, Object>> lines = new ArrayList<>();
                for (int offset : e.getValue()) {
                    LineInfo info = c.lineInfo(offset);
                    String name = info.name().isEmpty() ? "unnamed" : "\"" + info.name() + "\"";
                    sb.append(String.format("\tline %3d:\t%-14s\t%s%n", offset, name, GpioSupport.attributes(info)));
                    lines.add(GpioSupport.infoJson(info));
                }
                Map<String, Object> j = GpioSupport.chipJson(c);
                j.put("lines", lines);
                chips.add(j);
            }
            s.emit(Map.of("chips", chips), sb.toString());
            return 0;
        }
    }
}

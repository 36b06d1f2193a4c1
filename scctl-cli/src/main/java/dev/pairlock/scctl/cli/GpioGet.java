package dev.pairlock.scctl.cli;

import dev.pairlock.hal.gpio.LineRequest;
import dev.pairlock.hal.gpio.LineSettings;
import dev.pairlock.hal.gpio.LineSettings.Direction;
import dev.pairlock.hal.gpio.RequestConfig;
import dev.pairlock.scctl.Session;
import dev.pairlock.scctl.target.GpioLines;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code scctl gpio get}: libgpiod v2's gpioget. */
@Command(name = "get", mixinStandardHelpOptions = true,
        header = "Read GPIO lines, as gpioget.",
        description = {"Read GPIO lines, as gpioget: the lines are requested (as inputs unless --as-is), read and released.",
            "Values are logical: active means high unless the line is active-low (-l)."},
        footer = {"", "Examples:", "  scctl gpio get hb-in", "  scctl gpio get --numeric -c gpiochip0 0 1",
            "  scctl gpio get -l -b pull-up -p 10ms hb-in"})
final class GpioGet extends Leaf {
    @Option(names = {"-c", "--chip"}, paramLabel = "CHIP", description = "the chip (name, number, label or path); needed for offsets when there are several chips")
    String chip;
    @Option(names = {"-a", "--as-is"}, description = "do not change the line's direction (read an output's driven value)")
    boolean asIs;
    @Option(names = {"-l", "--active-low"}, description = "treat the lines as active-low")
    boolean activeLow;
    @Option(names = {"-b", "--bias"}, paramLabel = "BIAS", completionCandidates = GpioSupport.Biases.class,
            description = "as-is, disable, pull-up or pull-down")
    String bias;
    @Option(names = {"-p", "--hold-period"}, paramLabel = "PERIOD", description = "wait this long between requesting the lines and reading them (e.g. 10ms, for a bias to settle)")
    String holdText;
    @Option(names = {"-s", "--strict"}, description = "refuse a line name that more than one line has")
    boolean strict;
    @Option(names = "--unquoted", description = "print line names without quotes")
    boolean unquoted;
    @Option(names = {"-C", "--consumer"}, paramLabel = "NAME", description = "the consumer name others see while the lines are held (default scctl)")
    String consumer;
    @Option(names = "--numeric", description = "print 1/0 instead of \"line\"=active/inactive")
    boolean numeric;
    @Parameters(arity = "1..*", paramLabel = "LINE", description = "line names, or offsets with -c")
    List<String> lineIds;

    @Override
    int run(Session s) {
        Duration hold = holdText == null ? Duration.ZERO : HeartbeatCommand.parse("-p/--hold-period", holdText);
        if (strict) {
            GpioSupport.requireUnique(s, chip, lineIds);
        }
        List<GpioLines.Line> lines = GpioSupport.lines(s, chip, lineIds);
        LineSettings settings = LineSettings.DEFAULT.withDirection(asIs ? Direction.AS_IS : Direction.INPUT)
                .withActiveLow(activeLow).withBias(GpioSupport.bias(bias));
        List<String> words = new ArrayList<>();
        List<Map<String, Object>> values = new ArrayList<>();
        try (LineRequest r = lines.getFirst().chip().request(RequestConfig.of(GpioSupport.consumer(consumer)),
                GpioSupport.config(lines, settings))) {
            if (!hold.isZero()) {
                s.target().await(hold);
            }
            for (GpioLines.Line l : lines) {
                boolean active = r.get(l.offset());
                words.add(numeric ? (active ? "1" : "0") : GpioSupport.id(l, unquoted) + "=" + (active ? "active" : "inactive"));
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("offset", l.offset());
                j.put("name", l.name().isEmpty() ? null : l.name());
                j.put("value", active ? 1 : 0);
                values.add(j);
            }
        }
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("chip", lines.getFirst().chip().name());
        j.put("active_low", activeLow);
        j.put("lines", values);
        s.emit(j, String.join(" ", words));
        return 0;
    }
}

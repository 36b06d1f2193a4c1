package dev.pairlock.scctl.cli;

import dev.pairlock.hal.gpio.LineConfig;
import dev.pairlock.hal.gpio.LineRequest;
import dev.pairlock.hal.gpio.LineSettings;
import dev.pairlock.hal.gpio.RequestConfig;
import dev.pairlock.scctl.Session;
import dev.pairlock.scctl.target.GpioLines;
import dev.pairlock.scctl.text.UsageException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code scctl gpio set}: gpioset. */
@Command(name = "set", mixinStandardHelpOptions = true,
        description = {"Drive GPIO lines, as gpioset: the lines are requested as outputs with the values, held for --hold",
            "(virtual time on the simulator), then released. Values: 1/0, active/inactive, on/off, true/false (logical:",
            "active is low with -l). On the simulator, driving hb-out is a heartbeat edge and peer-reset resets the peer."},
        footer = {"", "Examples:", "  scctl gpio set -y hb-out=1", "  scctl gpio set -y -c gpiochip0 0=active --hold 100ms",
            "  scctl gpio set -y -d open-drain -b pull-up reset-out=0"})
final class GpioSet extends Leaf {
    @Option(names = "-y", description = "do not ask for confirmation")
    boolean yes;
    @Option(names = {"-c", "--chip"}, paramLabel = "CHIP", description = "the chip (name, number, label or path); needed for offsets when there are several chips")
    String chip;
    @Option(names = {"-l", "--active-low"}, description = "treat the lines as active-low")
    boolean activeLow;
    @Option(names = {"-b", "--bias"}, paramLabel = "BIAS", description = "as-is, disable, pull-up or pull-down")
    String bias;
    @Option(names = {"-d", "--drive"}, paramLabel = "DRIVE", defaultValue = "push-pull", description = "push-pull (default), open-drain or open-source")
    String drive;
    @Option(names = {"-p", "--hold"}, paramLabel = "DURATION", description = "keep driving the lines this long before releasing them, e.g. 100ms, 2s")
    String holdText;
    @Parameters(arity = "1..*", paramLabel = "LINE=VALUE", description = "line names (or offsets with -c) and values")
    List<String> assignments;

    @Override
    int run(Session s) {
        List<String> ids = new ArrayList<>();
        List<String> valueTexts = new ArrayList<>();
        for (String a : assignments) {
            int eq = a.lastIndexOf('=');
            if (eq <= 0 || eq == a.length() - 1) {
                throw new UsageException("'" + a + "' is not LINE=VALUE, e.g. hb-out=1 or 2=inactive");
            }
            ids.add(a.substring(0, eq));
            valueTexts.add(a.substring(eq + 1));
        }
        List<Boolean> values = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            values.add(GpioSupport.value(ids.get(i), valueTexts.get(i)));
        }
        Duration hold = holdText == null ? Duration.ZERO : HeartbeatCommand.parse(holdText);
        LineSettings base = LineSettings.output(false).withActiveLow(activeLow).withBias(GpioSupport.bias(bias))
                .withDrive(GpioSupport.drive(drive));
        List<GpioLines.Line> lines = GpioSupport.lines(s, chip, ids);
        LineConfig.Builder config = LineConfig.builder();
        List<String> described = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            config.add(base.withOutput(values.get(i)), lines.get(i).offset());
            described.add(lines.get(i).display() + "=" + (values.get(i) ? "active" : "inactive"));
        }
        String chipName = lines.getFirst().chip().name();
        s.confirm(yes, "This drives " + chipName + " " + String.join(" ", described)
                + (activeLow ? " (active-low)" : "") + ", which may reset or upset the hardware behind those lines");
        List<Map<String, Object>> rows = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        try (LineRequest r = lines.getFirst().chip().request(RequestConfig.of(GpioSupport.CONSUMER), config.build())) {
            if (!hold.isZero()) {
                s.target().await(hold);
            }
            for (int i = 0; i < lines.size(); i++) {
                GpioLines.Line l = lines.get(i);
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("offset", l.offset());
                j.put("name", l.name().isEmpty() ? null : l.name());
                j.put("value", values.get(i) ? 1 : 0);
                rows.add(j);
                sb.append(String.format("%s %d %s=%s%n", chipName, l.offset(), l.display(), values.get(i) ? "active" : "inactive"));
            }
        }
        sb.append(String.format("held for %d ms, then released", hold.toMillis()));
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("chip", chipName);
        j.put("active_low", activeLow);
        j.put("drive", GpioSupport.lower(GpioSupport.drive(drive)));
        j.put("hold_ms", hold.toMillis());
        j.put("lines", rows);
        s.emit(j, sb.toString());
        return 0;
    }
}

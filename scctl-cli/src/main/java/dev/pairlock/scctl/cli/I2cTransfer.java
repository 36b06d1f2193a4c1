package dev.pairlock.scctl.cli;

import dev.pairlock.hal.i2c.I2cAddress;
import dev.pairlock.hal.i2c.I2cBus;
import dev.pairlock.hal.i2c.I2cMessage;
import dev.pairlock.scctl.Session;
import dev.pairlock.scctl.text.Numbers;
import dev.pairlock.scctl.text.UsageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "transfer", mixinStandardHelpOptions = true,
        header = "Send combined messages with repeated starts, as i2ctransfer.",
        description = {"Send combined messages with repeated starts, as i2ctransfer.",
            "DESC is {r|w}LENGTH[@ADDRESS]; a write is followed by LENGTH data bytes. A data byte may end in",
            "= (repeat it), + (increment), - (decrement) or p (pseudo-random) to fill the rest of the message."},
        footer = {"", "Examples:", "  scctl i2c transfer -y 3 w1@0x23 0x10 r2        # select + status of slot 3's SPLL",
            "  scctl i2c transfer -y 3 w3@0x50 0x00 0x10+"})
final class I2cTransfer extends Leaf {
    private static final Pattern DESC = Pattern.compile("([rw])(\\d+)(?:@(\\S+))?");
    private static final Pattern DATA = Pattern.compile("(0[xX][0-9a-fA-F]+|\\d+)([=+\\-p]?)");

    @Option(names = "-y", description = "do not ask for confirmation")
    boolean yes;
    @Mixin
    ChipAccess chip;
    @Option(names = "-v", description = "print every message, not only what was read")
    boolean verboseMessages;
    @Parameters(index = "0", paramLabel = "I2CBUS", description = "the bus: its number or i2c-N")
    String busText;
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "DESC [DATA]",
            description = "messages: {r|w}LENGTH[@ADDRESS], each write followed by its LENGTH data bytes")
    List<String> args;

    @Override
    int run(Session s) {
        I2cBus bus = I2cCommand.bus(s, busText);
        List<I2cMessage> messages = parse(args, chip.all, chip.force);
        boolean writes = messages.stream().anyMatch(msg -> !msg.read());
        if (writes) {
            s.confirm(yes, "This sends " + messages.size() + " message(s) with writes on i2c-" + bus.number());
        }
        bus.transfer(messages);
        StringBuilder sb = new StringBuilder();
        List<Object> j = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            I2cMessage msg = messages.get(i);
            if (!msg.read() && !verboseMessages) {
                continue;
            }
            List<Integer> bytes = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            if (verboseMessages) {
                line.append(String.format("msg %d: addr 0x%02x, %s, len %d, buf ", i, msg.address().value(),
                        msg.read() ? "read" : "write", msg.length()));
            }
            for (int k = 0; k < msg.length(); k++) {
                bytes.add(msg.buffer()[k] & 0xFF);
                line.append(k == 0 ? "" : " ").append(String.format("0x%02x", msg.buffer()[k] & 0xFF));
            }
            sb.append(line).append('\n');
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", i);
            m.put("address", msg.address().value());
            m.put("read", msg.read());
            m.put("data", bytes);
            j.add(m);
        }
        if (s.json() || !sb.isEmpty()) {
            s.emit(Map.of("messages", j), sb.toString());
        }
        return 0;
    }

    static List<I2cMessage> parse(List<String> args, boolean all, boolean force) {
        List<I2cMessage> out = new ArrayList<>();
        I2cAddress address = null;
        int i = 0;
        while (i < args.size()) {
            String desc = args.get(i++);
            Matcher m = DESC.matcher(desc);
            if (!m.matches()) {
                throw new UsageException("'" + desc + "' is not a message description {r|w}LENGTH[@ADDRESS], e.g. w1@0x50 or r4");
            }
            int length = Numbers.parse("message length", m.group(2), 0, I2cMessage.MAX_LENGTH);
            if (m.group(3) != null) {
                address = I2cCommand.address(m.group(3), all, force);
            } else if (address == null) {
                throw new UsageException("the first message '" + desc + "' needs an address, e.g. " + desc + "@0x50");
            }
            if (m.group(1).equals("r")) {
                if (length == 0) {
                    throw new UsageException("read message '" + desc + "' has length 0: read at least 1 byte");
                }
                out.add(I2cMessage.read(address, length));
                continue;
            }
            byte[] data = new byte[length];
            int k = 0;
            while (k < length) {
                if (i >= args.size()) {
                    throw new UsageException("write message '" + desc + "' needs " + length + " data bytes, got " + k);
                }
                String d = args.get(i++);
                Matcher dm = DATA.matcher(d);
                if (!dm.matches()) {
                    throw new UsageException("data byte '" + d + "' is not a number with an optional =, +, - or p suffix");
                }
                int v = Numbers.parse("data byte", dm.group(1), 0, 0xFF);
                String suffix = dm.group(2);
                if (suffix.isEmpty()) {
                    data[k++] = (byte) v;
                    continue;
                }
                SplittableRandom random = new SplittableRandom(v);
                for (; k < length; k++) {
                    data[k] = (byte) v;
                    v = switch (suffix) {
                        case "+" -> (v + 1) & 0xFF;
                        case "-" -> (v - 1) & 0xFF;
                        case "p" -> random.nextInt(256);
                        default -> v;
                    };
                }
            }
            out.add(new I2cMessage(address, false, data));
        }
        if (out.size() > I2cMessage.MAX_MESSAGES) {
            throw new UsageException("a transfer takes at most " + I2cMessage.MAX_MESSAGES + " messages, not " + out.size());
        }
        return out;
    }
}

package dev.pairlock.scctl.cli;

import dev.pairlock.hal.reg.AccessMode;
import dev.pairlock.hal.reg.RegisterWindow;
import dev.pairlock.scctl.Session;
import dev.pairlock.scctl.text.Numbers;
import dev.pairlock.scctl.text.Table;
import dev.pairlock.scctl.text.UsageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code scctl reg}: devmem on a configured register window. */
@Command(name = "reg", mixinStandardHelpOptions = true,
        description = "Read and write 32-bit registers of a configured window, as devmem (offsets relative to the window).",
        subcommands = {RegCommand.ListWindows.class, RegCommand.Read.class, RegCommand.Write.class})
public final class RegCommand {
    private RegCommand() {
    }

    static RegisterWindow window(Session s, String name) {
        return s.target().registerWindow(s.sc(), name).orElseThrow(() -> new UsageException(
                "register window '" + name + "' is not configured for " + s.sc() + ": known are "
                        + s.target().registerWindowNames(s.sc())));
    }

    static long offset(RegisterWindow w, String text) {
        long off = Numbers.parse("register offset", text);
        if (off < 0 || off + 4 > w.size() || (off & 3) != 0) {
            throw new UsageException(String.format("register offset %s is invalid for %s: valid are multiples of 4 in 0x0..0x%x",
                    text, w.name(), w.size() - 4));
        }
        return off;
    }

    static void width(String text) {
        if (text != null && Numbers.parse("width", text) != 32) {
            throw new UsageException("width " + text + " is not supported: register windows are accessed 32 bits wide (use 32)");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The configured register windows.")
    static final class ListWindows extends Leaf {
        @Override
        int run(Session s) {
            Table t = new Table("WINDOW", "SIZE", "DEVICE");
            List<Map<String, Object>> rows = new ArrayList<>();
            for (String n : s.target().registerWindowNames(s.sc())) {
                RegisterWindow w = window(s, n);
                t.row(n, String.format("0x%x", w.size()), w.name());
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("window", n);
                j.put("size", w.size());
                j.put("device", w.name());
                rows.add(j);
            }
            s.emit(rows, t.render());
            return 0;
        }
    }

    @Command(name = "read", mixinStandardHelpOptions = true, description = "Read one register, as 'devmem ADDRESS 32'.",
            footer = {"", "Examples:", "  scctl reg read 0x4            # the Gchip STATUS register", "  scctl reg read --window gchip 0x0 32"})
    static final class Read extends Leaf {
        @Option(names = "--window", paramLabel = "NAME", defaultValue = "gchip", description = "register window (default gchip)")
        String windowName;
        @Parameters(index = "0", paramLabel = "OFFSET")
        String offsetText;
        @Parameters(index = "1", arity = "0..1", paramLabel = "WIDTH")
        String widthText;

        @Override
        int run(Session s) {
            width(widthText);
            RegisterWindow w = window(s, windowName);
            long off = offset(w, offsetText);
            int v = w.read32(off, AccessMode.VOLATILE);
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("window", windowName);
            j.put("offset", off);
            j.put("width", 32);
            j.put("value", Integer.toUnsignedLong(v));
            s.emit(j, String.format("0x%08X", v));
            return 0;
        }
    }

    @Command(name = "write", mixinStandardHelpOptions = true,
            description = "Write one register and read it back, as 'devmem ADDRESS 32 VALUE'.",
            footer = {"", "Examples:", "  scctl reg write -y 0x0 0x1      # REF_SEL=1 (leader) through the Gchip CONTROL register"})
    static final class Write extends Leaf {
        @Option(names = "-y", description = "do not ask for confirmation")
        boolean yes;
        @Option(names = "--window", paramLabel = "NAME", defaultValue = "gchip", description = "register window (default gchip)")
        String windowName;
        @Parameters(index = "0", paramLabel = "OFFSET")
        String offsetText;
        @Parameters(index = "1..2", arity = "1..2", paramLabel = "[WIDTH] VALUE")
        List<String> rest;

        @Override
        int run(Session s) {
            if (rest.size() == 2) {
                width(rest.get(0));
            }
            String valueText = rest.getLast();
            long value = Numbers.parse("value", valueText);
            if (value < 0 || value > 0xFFFF_FFFFL) {
                throw new UsageException("value " + valueText + " is out of range: valid is 0x0..0xFFFFFFFF");
            }
            RegisterWindow w = window(s, windowName);
            long off = offset(w, offsetText);
            s.confirm(yes, String.format("This writes 0x%08X to %s offset 0x%x", value, w.name(), off));
            w.write32(off, (int) value, AccessMode.VOLATILE);
            int back = w.read32(off, AccessMode.VOLATILE);
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("window", windowName);
            j.put("offset", off);
            j.put("width", 32);
            j.put("written", value);
            j.put("readback", Integer.toUnsignedLong(back));
            s.emit(j, String.format("0x%08X written, read back 0x%08X", value, back));
            return 0;
        }
    }
}

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

    /**
     * devmem's WIDTH (8, 16, 32, 64, or b, h, w, l). pairlock's register windows are 32-bit
     * registers accessed with single 32-bit loads and stores, so 32 is the width every window allows;
     * the others are refused naming the window rather than emulated by a wider access, which would
     * read or write the neighbouring register too.
     */
    static void width(RegisterWindow w, String text) {
        if (text == null) {
            return;
        }
        int bits = switch (text) {
            case "b" -> 8;
            case "h" -> 16;
            case "w" -> 32;
            case "l" -> 64;
            default -> Numbers.parse("WIDTH", text, 1, 64);
        };
        if (bits != 8 && bits != 16 && bits != 32 && bits != 64) {
            throw new UsageException("WIDTH " + dev.pairlock.config.Values.quote(text) + " is not 8, 16, 32 or 64 (or b, h, w, l)");
        }
        if (bits != 32) {
            throw new UsageException("window " + w.name() + " allows 32-bit accesses only, not " + bits
                    + ": its registers are 32 bits wide (give WIDTH 32 or leave it out)");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
        header = "List the configured register windows.",
            description = "The configured register windows: name, size and device (the gchip window, and window.NAME.* of the platform file).",
            footer = {"", "Examples:", "  scctl reg list", "  scctl --backend linux --config /etc/pairlock/scctl.conf --json reg list"})
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

    @Command(name = "read", mixinStandardHelpOptions = true,
        header = "Read one register, as devmem.", description = "Read one register, as 'devmem ADDRESS 32'.",
            footer = {"", "Examples:", "  scctl reg read 0x4            # the Gchip STATUS register", "  scctl reg read --window gchip 0x0 32"})
    static final class Read extends Leaf {
        @Option(names = "--window", paramLabel = "NAME", defaultValue = "gchip", description = "register window (default gchip)")
        String windowName;
        @Parameters(index = "0", paramLabel = "OFFSET", description = "byte offset in the window, a multiple of 4")
        String offsetText;
        @Parameters(index = "1", arity = "0..1", paramLabel = "WIDTH", description = "access width in bits: 32 (devmem's 8/16/64 are refused, see above)")
        String widthText;

        @Override
        int run(Session s) {
            RegisterWindow w = window(s, windowName);
            width(w, widthText);
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
        header = "Write one register, as devmem, and check it reads back.",
            description = {"Write one register, as 'devmem ADDRESS 32 VALUE': silently. It is then read back, and a",
                "different value is exit status 1 (--no-verify for a self-clearing or write-only register)."},
            footer = {"", "Examples:", "  scctl reg write -y 0x0 0x1      # REF_SEL=1 (leader) through the Gchip CONTROL register",
                "  scctl reg write -y --no-verify --window bar0 0x10 0x1"})
    static final class Write extends Leaf {
        @Option(names = "-y", description = "do not ask for confirmation")
        boolean yes;
        @Option(names = "--window", paramLabel = "NAME", defaultValue = "gchip", description = "register window (default gchip)")
        String windowName;
        @Option(names = "--no-verify", description = "do not read the register back (self-clearing, write-only registers)")
        boolean noVerify;
        @Parameters(index = "0", paramLabel = "OFFSET", description = "byte offset in the window, a multiple of 4")
        String offsetText;
        @Parameters(index = "1..2", arity = "1..2", paramLabel = "[WIDTH] VALUE", description = "optionally the width (32), then the value 0..0xffffffff")
        List<String> rest;

        @Override
        int run(Session s) {
            String valueText = rest.getLast();
            long value = Numbers.parse("value", valueText, 0L, 0xFFFF_FFFFL);
            RegisterWindow w = window(s, windowName);
            if (rest.size() == 2) {
                width(w, rest.get(0));
            }
            long off = offset(w, offsetText);
            s.confirm(yes, String.format("This writes 0x%08X to %s offset 0x%x", value, w.name(), off));
            w.write32(off, (int) value, AccessMode.VOLATILE);
            Long back = noVerify ? null : Integer.toUnsignedLong(w.read32(off, AccessMode.VOLATILE));
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("window", windowName);
            j.put("offset", off);
            j.put("width", 32);
            j.put("written", value);
            j.put("readback", back);
            if (s.json()) {
                s.emit(j, "");
            }
            if (back != null && back != value) {
                throw new dev.pairlock.hal.HalException(String.format("%s offset 0x%x: wrote 0x%08X, read back 0x%08X (a read-only"
                        + " or self-clearing bit? --no-verify skips the check)", w.name(), off, value, back));
            }
            return 0;
        }
    }
}

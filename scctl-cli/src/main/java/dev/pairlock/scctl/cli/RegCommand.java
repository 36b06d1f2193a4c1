package dev.pairlock.scctl.cli;

import dev.pairlock.hal.reg.AccessMode;
import dev.pairlock.hal.reg.RegisterWindow;
import dev.pairlock.scctl.Session;
import dev.pairlock.scctl.text.Numbers;
import dev.pairlock.scctl.text.ReadbackMismatch;
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
        description = {"Read and write registers of a configured window 8, 16, 32 or 64 bits wide, as devmem (offsets relative",
            "to the window, aligned to the width). Each access is one load or store of that width."},
        subcommands = {RegCommand.ListWindows.class, RegCommand.Read.class, RegCommand.Write.class})
public final class RegCommand {
    private RegCommand() {
    }

    static RegisterWindow window(Session s, String name) {
        return s.target().registerWindow(s.sc(), name).orElseThrow(() -> new UsageException(
                "register window '" + name + "' is not configured for " + s.sc() + ": known are "
                        + s.target().registerWindowNames(s.sc())));
    }

    /**
     * The OFFSET of a {@code bits}-wide access: a number, then whatever the window refuses for that
     * width (outside it, unaligned, a width it does not make) as its {@code RegisterAccessException},
     * exit 2, before anything is asked or touched.
     */
    static long offset(RegisterWindow w, String text, int bits) {
        long off = Numbers.parse("register offset", text);
        w.checkAccess(off, bits);
        return off;
    }

    /**
     * devmem's WIDTH in bits: 8, 16, 32 or 64, or busybox's letters b, h, w, l; 32 when absent.
     * Each is one access of that width (never emulated by a wider one, which would read or write
     * the neighbouring register too); the window refuses a width it does not make.
     */
    static int width(String text) {
        if (text == null) {
            return 32;
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
        return bits;
    }

    static long read(RegisterWindow w, long off, int bits) {
        return switch (bits) {
            case 8 -> Byte.toUnsignedLong(w.read8(off, AccessMode.VOLATILE));
            case 16 -> Short.toUnsignedLong(w.read16(off, AccessMode.VOLATILE));
            case 32 -> Integer.toUnsignedLong(w.read32(off, AccessMode.VOLATILE));
            default -> w.read64(off, AccessMode.VOLATILE);
        };
    }

    static void write(RegisterWindow w, long off, int bits, long value) {
        switch (bits) {
            case 8 -> w.write8(off, (byte) value, AccessMode.VOLATILE);
            case 16 -> w.write16(off, (short) value, AccessMode.VOLATILE);
            case 32 -> w.write32(off, (int) value, AccessMode.VOLATILE);
            default -> w.write64(off, value, AccessMode.VOLATILE);
        }
    }

    /** As devmem prints a value: zero-padded to the width's hex digits. */
    static String hex(long value, int bits) {
        return String.format("0x%0" + bits / 4 + "X", value);
    }

    /** A register value as a JSON number: 64-bit values above Long.MAX_VALUE stay unsigned. */
    static Number unsigned(long value) {
        return value >= 0 ? (Number) value : new java.math.BigInteger(Long.toUnsignedString(value));
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
        header = "Read one register, as devmem.", description = "Read one register, as 'devmem ADDRESS [WIDTH]': printed zero-padded to its width.",
            footer = {"", "Examples:", "  scctl reg read 0x4            # the Gchip STATUS register", "  scctl reg read --window gchip 0x0 32",
                "  scctl reg read 0x5 8          # its second byte", "  scctl reg read 0x0 64         # CONTROL (low half) and STATUS (high half)"})
    static final class Read extends Leaf {
        @Option(names = "--window", paramLabel = "NAME", defaultValue = "gchip", description = "register window (default gchip)")
        String windowName;
        @Parameters(index = "0", paramLabel = "OFFSET", description = "byte offset in the window, a multiple of the width's bytes")
        String offsetText;
        @Parameters(index = "1", arity = "0..1", paramLabel = "WIDTH", description = "access width in bits: 8, 16, 32 (default) or 64 (or b, h, w, l)")
        String widthText;

        @Override
        int run(Session s) {
            int bits = width(widthText);
            RegisterWindow w = window(s, windowName);
            long off = offset(w, offsetText, bits);
            long v = read(w, off, bits);
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("window", windowName);
            j.put("offset", off);
            j.put("width", bits);
            j.put("value", unsigned(v));
            s.emit(j, hex(v, bits));
            return 0;
        }
    }

    @Command(name = "write", mixinStandardHelpOptions = true,
        header = "Write one register, as devmem, and check it reads back.",
            description = {"Write one register, as 'devmem ADDRESS [WIDTH] VALUE': silently. It is then read back with the same",
                "width, and a different value is exit status 1. pairlock's register map (the platform file's gchip.* bits,",
                "'scctl reg list') documents no self-clearing register; for one of a window you know to be self-clearing,",
                "write-only or with read-only bits, --no-verify says so and skips the read-back."},
            footer = {"", "Examples:", "  scctl reg write -y 0x0 0x1      # REF_SEL=1 (leader) through the Gchip CONTROL register",
                "  scctl reg write -y 0x0 8 0x1    # the same, one byte wide",
                "  scctl reg write -y --window bar0 0x10 64 0x0123456789abcdef",
                "  scctl reg write -y --no-verify --window bar0 0x10 0x1"})
    static final class Write extends Leaf {
        @Option(names = "-y", description = "do not ask for confirmation")
        boolean yes;
        @Option(names = "--window", paramLabel = "NAME", defaultValue = "gchip", description = "register window (default gchip)")
        String windowName;
        @Option(names = "--no-verify", description = "do not read the register back (self-clearing, write-only registers)")
        boolean noVerify;
        @Parameters(index = "0", paramLabel = "OFFSET", description = "byte offset in the window, a multiple of the width's bytes")
        String offsetText;
        @Parameters(index = "1..2", arity = "1..2", paramLabel = "[WIDTH] VALUE",
                description = "optionally the width in bits (8, 16, 32 (default) or 64; or b, h, w, l), then the value, 0 up to the width's maximum")
        List<String> rest;

        @Override
        int run(Session s) {
            int bits = width(rest.size() == 2 ? rest.get(0) : null);
            long value = bits == 64 ? Numbers.unsigned64("value", rest.getLast())
                    : Numbers.parse("value", rest.getLast(), 0L, (1L << bits) - 1);
            RegisterWindow w = window(s, windowName);
            long off = offset(w, offsetText, bits);
            s.confirm(yes, String.format("This writes %s (%d bits) to %s offset 0x%x", hex(value, bits), bits, w.name(), off));
            write(w, off, bits, value);
            Long back = noVerify ? null : read(w, off, bits);
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("window", windowName);
            j.put("offset", off);
            j.put("width", bits);
            j.put("written", unsigned(value));
            j.put("readback", back == null ? null : unsigned(back));
            if (back != null && back != value) {
                throw ReadbackMismatch.at(String.format("%s offset 0x%x", w.name(), off), hex(value, bits), hex(back, bits),
                        "a read-only or self-clearing bit? --no-verify skips the check", j);
            }
            if (s.json()) {
                s.emit(j, ""); // devmem's write is silent: a document under --json only
            }
            return 0;
        }
    }
}

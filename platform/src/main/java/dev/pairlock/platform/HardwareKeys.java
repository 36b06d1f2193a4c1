package dev.pairlock.platform;

import dev.pairlock.clockregs.GchipLayout;
import dev.pairlock.config.ConfigEntry;
import dev.pairlock.config.ConfigException;
import dev.pairlock.config.ConfigFile;
import dev.pairlock.config.Values;
import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.board.BoardBay;
import dev.pairlock.hal.i2c.I2cSettings;
import dev.pairlock.hal.reg.BitField;
import dev.pairlock.spll.BoardRegisterMap;
import dev.pairlock.spll.SlotWiring;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hardware keys of a platform file: {@code sc}, {@code slots}, {@code slot.*}, {@code board.*},
 * {@code i2c.*}, {@code gchip.*}, {@code window.*}, {@code heartbeat.*}, {@code reset.*}.
 */
final class HardwareKeys {
    static final int DEFAULT_SLOTS = 18;
    private static final Pattern SLOT_KEY = Pattern.compile("slot\\.([0-9]+)\\.(bus|address)");
    private static final Pattern WINDOW_KEY = Pattern.compile("window\\.([a-z0-9_-]+)\\.(device|offset|size)");
    private static final Pattern GCHIP_WINDOW_KEY = Pattern.compile("gchip\\.(device|offset|size)");
    /** x86-64 and arm64 physical addresses have at most 52 bits: /dev/mem maps nothing above. */
    private static final long PHYSICAL_LIMIT = 1L << 52;

    record Hardware(ScId sc, BoardWiring boards, I2cSettings i2c, GchipLayout layout, Map<String, WindowRef> windows,
                    Optional<GpioLineRef> heartbeatOut, Optional<GpioLineRef> heartbeatIn,
                    Optional<GpioLineRef> resetOut, boolean resetIn) {
    }

    private HardwareKeys() {
    }

    static Hardware parse(ConfigFile f) {
        ScId sc = sc(f.require("sc", "say whose hardware this machine is (sc = sc0 or sc1)"));
        int slots = f.take("slots").map(e -> e.integer(1, BoardBay.MAX_SLOTS)).orElse(DEFAULT_SLOTS);
        BoardRegisterMap map = boardMap(f);
        List<SlotWiring> wiring = wiring(f, slots, map);
        I2cSettings i2c = i2c(f);
        Map<String, WindowRef> windows = windows(f);
        GchipLayout layout = layout(f, windows.get("gchip"));
        Optional<GpioLineRef> hbOut = f.take("heartbeat.out").map(Entries::gpioLine);
        Optional<GpioLineRef> hbIn = f.take("heartbeat.in").map(Entries::gpioLine);
        Optional<GpioLineRef> resetOut = f.take("reset.out").map(Entries::gpioLine);
        boolean resetIn = f.take("reset.in").map(ConfigEntry::bool).orElse(false);
        return new Hardware(sc, new BoardWiring(wiring, map), i2c, layout, windows, hbOut, hbIn, resetOut, resetIn);
    }

    private static ScId sc(ConfigEntry e) {
        return switch (e.value().toLowerCase(Locale.ROOT)) {
            case "sc0", "0" -> ScId.SC0;
            case "sc1", "1" -> ScId.SC1;
            default -> throw e.error(Values.quote(e.value()) + " is not sc0 or sc1");
        };
    }

    // ---- boards ----------------------------------------------------------------------------

    /** A value and the entry that set it (null: the default). */
    private record Setting(int value, ConfigEntry entry) {
    }

    private static Setting setting(ConfigFile f, String key, int dflt, int min, int max) {
        ConfigEntry e = f.take(key).orElse(null);
        return new Setting(e == null ? dflt : e.integer(min, max), e);
    }

    private static BoardRegisterMap boardMap(ConfigFile f) {
        BoardRegisterMap d = BoardRegisterMap.DEFAULT;
        ConfigEntry addressEntry = f.take("board.address").orElse(null);
        int address = addressEntry == null ? d.address() : Entries.boardAddress(addressEntry);
        Setting id = setting(f, "board.id_register", d.idRegister(), 0, 0xFF);
        ConfigEntry widthEntry = f.take("board.id_width").orElse(null);
        boolean word = widthEntry != null && widthEntry.oneOf(IdWidth.class) == IdWidth.WORD;
        Setting select = setting(f, "board.select_register", d.selectRegister(), 0, 0xFF);
        Setting status = setting(f, "board.status_register", d.statusRegister(), 0, 0xFF);
        Setting lock = setting(f, "board.lock_bit", d.lockBit(), 0, 7);
        Setting present = setting(f, "board.input_present_bit", d.inputPresentBit(), 0, 7);
        Setting enabled = setting(f, "board.output_enabled_bit", d.outputEnabledBit(), 0, 7);
        if (word && id.value() == 0xFF) {
            throw Entries.later(id.entry(), widthEntry).error("a 16-bit board ID at register 0xff would run past the last"
                    + " register: put board.id_register at 0xfe or lower, or use board.id_width = byte");
        }
        sameBit(lock, "board.lock_bit", present, "board.input_present_bit");
        sameBit(lock, "board.lock_bit", enabled, "board.output_enabled_bit");
        sameBit(present, "board.input_present_bit", enabled, "board.output_enabled_bit");
        if (select.value() == status.value()) {
            throw Entries.later(select.entry(), status.entry()).error(String.format("register 0x%02x is both the SPLL"
                    + " input-select and the SPLL status register: board.select_register and board.status_register must differ",
                    select.value()));
        }
        int idEnd = id.value() + (word ? 1 : 0);
        for (Setting r : List.of(select, status)) {
            if (r.value() >= id.value() && r.value() <= idEnd) {
                throw Entries.later(r.entry(), Entries.later(id.entry(), widthEntry)).error(String.format(
                        "register 0x%02x overlaps the board ID register%s at 0x%02x", r.value(), word ? " pair" : "", id.value()));
            }
        }
        try {
            return new BoardRegisterMap(address, id.value(), word, select.value(), status.value(), lock.value(),
                    present.value(), enabled.value());
        } catch (HalArgumentException e) {
            throw new ConfigException(f.source(), 0, "board", e.getMessage());
        }
    }

    /** How wide a board's ID register is: one byte, or an SMBus word (two registers). */
    enum IdWidth { BYTE, WORD }

    private static void sameBit(Setting a, String aKey, Setting b, String bKey) {
        if (a.value() == b.value()) {
            ConfigEntry at = Entries.later(a.entry(), b.entry());
            String other = at == a.entry() ? bKey : aKey;
            throw at.error("bit " + a.value() + " is also " + other + ": the SPLL status bits must be three different bits");
        }
    }

    private static List<SlotWiring> wiring(ConfigFile f, int slots, BoardRegisterMap map) {
        int[] bus = new int[slots];
        int[] address = new int[slots];
        for (int k = 0; k < slots; k++) {
            bus[k] = k;
            address[k] = map.address();
        }
        for (ConfigEntry e : Entries.takeMatching(f, SLOT_KEY)) {
            Matcher m = SLOT_KEY.matcher(e.key());
            m.matches();
            String n = m.group(1);
            if (n.length() > 3 || (n.length() > 1 && n.startsWith("0"))) {
                throw e.error("'" + n + "' is not a slot number: write slot.N." + m.group(2) + " with N in 0.."
                        + (slots - 1) + " (no leading zeros)");
            }
            int slot = Integer.parseInt(n);
            if (slot >= slots) {
                throw e.error("slot " + slot + " is beyond slots = " + slots + " (valid slots are 0.." + (slots - 1) + ")");
            }
            if (m.group(2).equals("bus")) {
                bus[slot] = e.integer(0, 1 << 20);
            } else {
                address[slot] = Entries.boardAddress(e);
            }
        }
        List<SlotWiring> out = new ArrayList<>(slots);
        for (int k = 0; k < slots; k++) {
            out.add(new SlotWiring(bus[k], address[k]));
        }
        return out;
    }

    private static I2cSettings i2c(ConfigFile f) {
        Duration timeout = I2cSettings.DEFAULT_TIMEOUT;
        Optional<ConfigEntry> t = f.take("i2c.timeout");
        if (t.isPresent()) {
            timeout = t.get().duration(null, Duration.ofMillis(10), Duration.ofSeconds(60));
            if (timeout.toNanos() % 10_000_000L != 0) {
                throw t.get().error(Values.quote(t.get().value()) + " is not a multiple of 10ms (Linux counts I2C timeouts in 10 ms units)");
            }
        }
        int retries = f.take("i2c.retries").map(e -> e.integer(0, 100)).orElse(I2cSettings.DEFAULT.retries());
        return new I2cSettings(timeout, retries);
    }

    // ---- register windows and the Gchip layout ------------------------------------------------

    private static Map<String, WindowRef> windows(ConfigFile f) {
        Map<String, ConfigEntry[]> parts = new LinkedHashMap<>();
        List<ConfigEntry> entries = new ArrayList<>(Entries.takeMatching(f, GCHIP_WINDOW_KEY));
        entries.addAll(Entries.takeMatching(f, WINDOW_KEY));
        for (ConfigEntry e : entries) {
            Matcher g = GCHIP_WINDOW_KEY.matcher(e.key());
            Matcher w = WINDOW_KEY.matcher(e.key());
            String name;
            String part;
            if (g.matches()) {
                name = "gchip";
                part = g.group(1);
            } else {
                w.matches();
                name = w.group(1);
                part = w.group(2);
                if (name.equals("gchip")) {
                    throw e.error("the Gchip's window is set with gchip.device, gchip.offset and gchip.size");
                }
            }
            ConfigEntry[] p = parts.computeIfAbsent(name, k -> new ConfigEntry[3]);
            p[switch (part) {
                case "device" -> 0;
                case "offset" -> 1;
                default -> 2;
            }] = e;
        }
        Map<String, WindowRef> out = new LinkedHashMap<>();
        if (parts.containsKey("gchip")) {
            out.put("gchip", window("gchip", parts.remove("gchip")));
        }
        parts.forEach((name, p) -> out.put(name, window(name, p)));
        return out;
    }

    private static WindowRef window(String name, ConfigEntry[] p) {
        String prefix = name.equals("gchip") ? "gchip" : "window." + name;
        ConfigEntry device = p[0];
        ConfigEntry offsetEntry = p[1];
        ConfigEntry sizeEntry = p[2];
        if (device == null) {
            ConfigEntry first = offsetEntry != null ? offsetEntry : sizeEntry;
            throw Entries.missingBeside(first, prefix + ".device", "is missing: " + first.key() + " describes a register"
                    + " window, which needs the device to map (/dev/mem, /dev/uioN, a PCI resourceN file or a plain file)");
        }
        if (sizeEntry == null) {
            throw Entries.missingBeside(device, prefix + ".size", "is missing: the window on " + Values.quote(device.value())
                    + " needs its length in bytes, a multiple of 4 (e.g. " + prefix + ".size = 0x1000)");
        }
        Path path = Entries.notDirectory(device, "a device: name the device node or file to map (/dev/mem, /dev/uioN,"
                + " /sys/bus/pci/devices/.../resourceN)");
        long size = sizeEntry.size(4, 1L << 32);
        if (size % 4 != 0) {
            throw sizeEntry.error(size + " bytes is not a multiple of 4: the window holds 32-bit registers");
        }
        long offset = 0;
        if (offsetEntry != null) {
            offset = offsetEntry.integer(0L, Long.MAX_VALUE);
            if (offset % 4 != 0) {
                throw offsetEntry.error(String.format("0x%x is not a multiple of 4: 32-bit registers need 4-byte alignment", offset));
            }
            if (offset > Long.MAX_VALUE - size) {
                throw offsetEntry.error(String.format("0x%x plus the size 0x%x overflows the 64-bit file offset that mmap takes",
                        offset, size));
            }
            if (path.equals(Path.of("/dev/mem")) && offset + size > PHYSICAL_LIMIT) {
                throw offsetEntry.error(String.format("0x%x is beyond the 52-bit physical address space that /dev/mem maps"
                        + " (the window must end at or below 0x%x)", offset, PHYSICAL_LIMIT));
            }
        }
        return new WindowRef(name, path, offset, size, device);
    }

    private static GchipLayout layout(ConfigFile f, WindowRef window) {
        GchipLayout d = GchipLayout.DEFAULT;
        ConfigEntry[] at = new ConfigEntry[3];
        BitField refSel = field(f, "gchip.refsel", "REF_SEL", d.refSel(), at, 0);
        BitField phaseLock = field(f, "gchip.phase_lock", "PHASE_LOCK", d.phaseLock(), at, 1);
        BitField peerClock = field(f, "gchip.peer_clock", "PEER_CLOCK", d.peerClock(), at, 2);
        BitField[] fields = {refSel, phaseLock, peerClock};
        String[] keys = {"gchip.refsel", "gchip.phase_lock", "gchip.peer_clock"};
        for (int i = 0; i < 3; i++) {
            for (int j = i + 1; j < 3; j++) {
                if (fields[i].offset() == fields[j].offset() && fields[i].shift() == fields[j].shift()) {
                    ConfigEntry e = Entries.later(at[i], at[j]);
                    String other = e == at[i] ? keys[j] : keys[i];
                    throw e.error("0x" + Long.toHexString(fields[i].offset()) + ":" + fields[i].shift() + " is also "
                            + other + ": REF_SEL, PHASE_LOCK and PEER_CLOCK are three different bits");
                }
            }
        }
        if (window != null) {
            for (int i = 0; i < 3; i++) {
                if (fields[i].offset() + 4 > window.size()) {
                    String where = "0x" + Long.toHexString(fields[i].offset()) + ":" + fields[i].shift();
                    if (at[i] != null) {
                        throw at[i].error("register 0x" + Long.toHexString(fields[i].offset()) + " lies beyond the Gchip"
                                + " window (gchip.size = 0x" + Long.toHexString(window.size()) + ")");
                    }
                    throw window.origin().error("the window is 0x" + Long.toHexString(window.size()) + " bytes but "
                            + keys[i] + " is " + where + " by default: map at least 0x"
                            + Long.toHexString(fields[i].offset() + 4) + " bytes (gchip.size) or move the bit");
                }
            }
        }
        try {
            return new GchipLayout(refSel, phaseLock, peerClock);
        } catch (HalArgumentException e) {
            throw new ConfigException(f.source(), 0, "gchip", e.getMessage());
        }
    }

    private static final Pattern FIELD = Pattern.compile("([^:]+):([^:]+)");

    /** {@code REGISTER:BIT}, e.g. {@code 0x4:1}: a register offset (a multiple of 4) and a bit 0..31 of it. */
    private static BitField field(ConfigFile f, String key, String name, BitField dflt, ConfigEntry[] at, int index) {
        Optional<ConfigEntry> o = f.take(key);
        if (o.isEmpty()) {
            return dflt;
        }
        ConfigEntry e = o.get();
        at[index] = e;
        Matcher m = FIELD.matcher(e.value());
        if (!m.matches()) {
            throw e.error(Values.quote(e.value()) + " is not REGISTER:BIT, e.g. 0x4:1 (bit 1 of the register at offset 0x4)");
        }
        long offset;
        int bit;
        try {
            offset = Values.integer(m.group(1).strip(), 0L, 0xFFFF_FFFCL);
            bit = Values.integer(m.group(2).strip(), 0, 31);
        } catch (dev.pairlock.config.ValueException x) {
            throw e.error(x.getMessage() + " (write REGISTER:BIT, e.g. 0x4:1)");
        }
        if (offset % 4 != 0) {
            throw e.error(String.format("register 0x%x is not a multiple of 4: the Gchip has 32-bit registers", offset));
        }
        return new BitField(name, offset, bit, 1);
    }
}

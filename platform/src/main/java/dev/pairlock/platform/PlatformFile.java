package dev.pairlock.platform;

import dev.pairlock.config.ConfigException;
import dev.pairlock.config.ConfigFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A platform file being read: the {@link ConfigFile} every part of pairlock takes its keys from,
 * and the {@link PlatformConfig} parsed from the keys this module owns.
 *
 * <p>How a program reads one (the unknown-key check must come last, once every owner has taken
 * its section):
 * <pre>{@code
 * PlatformFile pf = PlatformFile.read(path);           // platform's keys parsed and checked
 * SyncConfig sync = SyncConfig.parse(pf.file());        // sync.*   (datasync)
 * EventsConfig ev = EventsConfig.parse(pf.file());      // sel.*, snmp.*, notify.*, service.*
 * pf.requireAllUsed();                                  // a typo anywhere is an error now
 * PlatformConfig cfg = pf.config();
 * }</pre>
 * A tool that runs none of the other parts (scctl) uses {@link #load(Path)}, which passes over
 * their sections unread. Every error is a {@link ConfigException}: {@code file:line: key: what is
 * wrong}; tools exit 2 on it.
 */
public final class PlatformFile {
    /** The sections other modules own; {@link #skipOtherSections()} passes over them. */
    public static final List<String> OTHER_SECTIONS = List.of("sync", "sel", "snmp", "notify", "service");
    /** Where the commented sample lives in the source tree and the documentation. */
    public static final String SAMPLE = "etc/sample.conf";

    private static final String KNOWN = "sc, slots, slot.N.bus, slot.N.address, board.*, i2c.timeout, i2c.retries,"
            + " gchip.device|offset|size|refsel|phase_lock|peer_clock, window.NAME.device|offset|size, heartbeat.out,"
            + " heartbeat.in, reset.out, reset.in, fdt, failover.default, failover.disable_after_failover,"
            + " peer.primary|fallback.local|remote|interface, key.file, watchdog.device, watchdog.timeout, state.dir,"
            + " control.socket, control.rt_priority, control.admin_group, firmware.version, sync.*, sel.*, snmp.*, notify.*,"
            + " service.*";
    /** Per section, the keys it has: the unknown-key error of a typo lists its neighbours. */
    private static final Map<String, String> SECTION_KEYS = Map.ofEntries(
            Map.entry("slot", "slot.N.bus, slot.N.address (N = 0..slots-1)"),
            Map.entry("board", "board.address, board.id_register, board.id_width, board.select_register,"
                    + " board.status_register, board.lock_bit, board.input_present_bit, board.output_enabled_bit"),
            Map.entry("i2c", "i2c.timeout, i2c.retries"),
            Map.entry("gchip", "gchip.device, gchip.offset, gchip.size, gchip.refsel, gchip.phase_lock, gchip.peer_clock"),
            Map.entry("window", "window.NAME.device, window.NAME.offset, window.NAME.size (NAME: a-z, 0-9, _ and -)"),
            Map.entry("heartbeat", "heartbeat.out, heartbeat.in"),
            Map.entry("reset", "reset.out, reset.in"),
            Map.entry("failover", "failover.default, failover.disable_after_failover"),
            Map.entry("peer", "peer.primary.local, peer.primary.remote, peer.primary.interface, and the same for peer.fallback"),
            Map.entry("key", "key.file"),
            Map.entry("watchdog", "watchdog.device, watchdog.timeout"),
            Map.entry("state", "state.dir"),
            Map.entry("control", "control.socket, control.rt_priority, control.admin_group"),
            Map.entry("firmware", "firmware.version"));
    /** Keys of earlier releases, with what to write now. */
    private static final Map<String, String> RENAMED = Map.of(
            "i2c.timeout_ms", "was renamed: write i2c.timeout with a unit, e.g. i2c.timeout = 500ms");

    private final ConfigFile file;
    private final PlatformConfig config;

    private PlatformFile(ConfigFile file, PlatformConfig config) {
        this.file = file;
        this.config = config;
    }

    /**
     * Reads {@code path} and parses the platform's keys. A missing file is an error that points to
     * the commented sample.
     */
    public static PlatformFile read(Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.exists(path)) {
            throw new ConfigException(path, "does not exist: write the platform file for this SC, starting from the"
                    + " commented sample " + SAMPLE + " (every key is explained there)");
        }
        return of(ConfigFile.read(path));
    }

    /**
     * Parses the bytes of a platform file; {@code source} names it in messages. The entry point
     * for fuzzing: on any input it returns or throws {@link ConfigException}, nothing else.
     */
    public static PlatformFile parse(Path source, byte[] bytes) {
        return of(ConfigFile.parse(source, bytes));
    }

    /** Parses the platform's keys of an already-read file. */
    public static PlatformFile of(ConfigFile file) {
        HardwareKeys.Hardware hw = HardwareKeys.parse(file);
        DaemonKeys.Daemon d = DaemonKeys.parse(file);
        int endLine = file.missing("", "").line();
        return new PlatformFile(file, new PlatformConfig(file.source(), endLine, hw.sc(), hw.boards(), hw.i2c(), hw.layout(),
                hw.windows(), hw.heartbeatOut(), hw.heartbeatIn(), hw.resetOut(), hw.resetIn(), d.failover(), d.primary(),
                d.fallback(), d.keyFile(), d.watchdog(), d.stateDir(), d.controlSocket(), d.controlRtPriority(),
                d.controlAdminGroup(), d.firmwareVersion()));
    }

    /**
     * For a tool that needs only the hardware (scctl): reads, parses, passes over the other
     * modules' sections and refuses unknown keys.
     */
    public static PlatformConfig load(Path path) {
        PlatformFile pf = read(path);
        pf.skipOtherSections();
        pf.requireAllUsed();
        return pf.config();
    }

    /** The file, for the other modules to take their sections from. */
    public ConfigFile file() {
        return file;
    }

    public PlatformConfig config() {
        return config;
    }

    /** Marks the other modules' sections ({@link #OTHER_SECTIONS}) as used without reading them. */
    public PlatformFile skipOtherSections() {
        OTHER_SECTIONS.forEach(file::section);
        return this;
    }

    /**
     * Fails on the first key (in file order) that no part of pairlock took: a typo or a key of
     * another release. Call it after every module has taken its section.
     */
    public void requireAllUsed() {
        List<String> unused = file.unusedKeys();
        if (unused.isEmpty()) {
            return;
        }
        String key = unused.getFirst();
        var entry = file.take(key).orElseThrow();
        String renamed = RENAMED.get(key);
        if (renamed != null) {
            throw entry.error(renamed);
        }
        int dot = key.indexOf('.');
        String section = dot < 0 ? key : key.substring(0, dot);
        String neighbours = SECTION_KEYS.get(section);
        if (neighbours != null) {
            throw entry.error("is not a known key (" + section + " keys: " + neighbours + "; see " + SAMPLE + ")");
        }
        if (OTHER_SECTIONS.contains(section)) {
            throw entry.error("is not a known " + section + ".* key (see " + SAMPLE + ")");
        }
        throw entry.error("is not a known key (known: " + KNOWN + "; see " + SAMPLE + ")");
    }
}

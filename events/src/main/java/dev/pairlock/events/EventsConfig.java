package dev.pairlock.events;

import dev.pairlock.config.ConfigFile;
import dev.pairlock.hal.ScId;

/** The events keys of one platform file: {@code sel.*}, {@code snmp.*}, {@code notify.*}. */
public record EventsConfig(SelConfig sel, SnmpConfig snmp, NotifyConfig scripts) {
    /** The key namespaces this module reads, for {@link ConfigFile#requireAllUsed}'s message. */
    public static final String KEYS = "sel.*, snmp.*, notify.*";

    /** pairlockd's default {@code state.dir} (platform's {@code PlatformConfig.DEFAULT_STATE_DIR}): the defaults of the SEL and the SNMP boots file live below it. */
    public static final java.nio.file.Path DEFAULT_STATE_DIR = java.nio.file.Path.of("/var/lib/pairlock");

    public static EventsConfig parse(ConfigFile file, ScId sc) {
        return parse(file, sc, DEFAULT_STATE_DIR);
    }

    /** As {@link #parse(ConfigFile, ScId)}, with the SEL and the SNMP boots file defaulting into {@code stateDir}. */
    public static EventsConfig parse(ConfigFile file, ScId sc, java.nio.file.Path stateDir) {
        return new EventsConfig(SelConfig.parse(file, sc, stateDir), SnmpConfig.parse(file, sc, stateDir), NotifyConfig.parse(file));
    }

    /** What {@code pairlockd --check} prints about these keys. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        b.append("SEL: ").append(sel.dir()).append(" (at most ").append(sel.maxBytes() >> 10).append(" KiB in ")
                .append(sel.segments()).append(" segments)\n");
        b.append("traps: ").append(snmp.receivers().isEmpty() ? "none (no snmp.receiver.*)" : snmp.receivers().toString())
                .append(", hold-down ").append(snmp.holdDown().toMillis()).append(" ms, engine ID ").append(snmp.engineIdHex())
                .append('\n');
        b.append("notify: ").append(scripts.scripts().isEmpty() ? "none" : scripts.scripts().toString()).append(", timeout ")
                .append(scripts.timeout().toMillis()).append(" ms");
        return b.toString();
    }
}

package dev.pairlock.events;

import dev.pairlock.config.ConfigEntry;
import dev.pairlock.config.ConfigException;
import dev.pairlock.config.ConfigFile;
import dev.pairlock.config.Values;
import dev.pairlock.hal.ScId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code snmp.*} keys of the platform file: where traps go and how they are protected.
 * <pre>
 *   snmp.hold_down  = 30s        # a condition changing again within this is summarised (0: never)
 *   snmp.engine_id  = 0x80007ed9047061... # SNMPv3 engine ID of this SC (default: derived from sc)
 *   snmp.boots_file = /var/lib/pairlock/snmp-engine-boots  # snmpEngineBoots, counted up per start
 *   snmp.receiver.NAME.address  = 192.0.2.10:162   # host or IPv4 address, port 162 if not given
 *   snmp.receiver.NAME.version  = 2c | 3
 *   snmp.receiver.NAME.community       = ...        # version 2c
 *   snmp.receiver.NAME.user            = ...        # version 3: authPriv, SHA-256 + AES-128
 *   snmp.receiver.NAME.auth_passphrase = ...        #   at least 8 characters
 *   snmp.receiver.NAME.priv_passphrase = ...        #   at least 8 characters
 * </pre>
 * With no receiver, no trap is sent (the SEL still records everything). Passphrases sit in the
 * platform file: keep it readable by root only when it holds them.
 */
public record SnmpConfig(List<Receiver> receivers, byte[] engineId, Path bootsFile, Duration holdDown) {
    public static final Duration DEFAULT_HOLD_DOWN = Duration.ofSeconds(30);
    public static final Path DEFAULT_BOOTS_FILE = EventsConfig.DEFAULT_STATE_DIR.resolve("snmp-engine-boots");
    private static final Set<String> RECEIVER_KEYS = Set.of("address", "version", "community", "user", "auth_passphrase",
            "priv_passphrase");
    private static final String KNOWN = "snmp.hold_down, snmp.engine_id, snmp.boots_file, snmp.receiver.NAME.{address,"
            + " version, community, user, auth_passphrase, priv_passphrase}";

    public enum Version { V2C, V3 }

    /** One trap receiver; {@link #toString()} never shows a secret. */
    public record Receiver(String name, String host, int port, Version version, String community, String user,
                           String authPassphrase, String privPassphrase) {
        @Override
        public String toString() {
            return name + " (" + host + ":" + port + ", " + (version == Version.V2C ? "v2c" : "v3 user " + user + " authPriv")
                    + ")";
        }
    }

    /** The RFC 3411 text-format engine ID of {@code sc}: enterprise 32473 (RFC 5612), format 4, "pairlock-sc0". */
    public static byte[] defaultEngineId(ScId sc) {
        byte[] text = ("pairlock-" + sc.name().toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.US_ASCII);
        byte[] id = new byte[5 + text.length];
        id[0] = (byte) 0x80;
        id[1] = 0x00;
        id[2] = 0x7e;
        id[3] = (byte) 0xd9;
        id[4] = 0x04;
        System.arraycopy(text, 0, id, 5, text.length);
        return id;
    }

    public static SnmpConfig none(ScId sc) {
        return new SnmpConfig(List.of(), defaultEngineId(sc), DEFAULT_BOOTS_FILE, DEFAULT_HOLD_DOWN);
    }

    public String engineIdHex() {
        return "0x" + HexFormat.of().formatHex(engineId);
    }

    /** Reads the {@code snmp.*} keys with the default state directory /var/lib/pairlock. */
    public static SnmpConfig parse(ConfigFile file, ScId sc) {
        return parse(file, sc, EventsConfig.DEFAULT_STATE_DIR);
    }

    /** Reads the {@code snmp.*} keys for SC {@code sc}; every error names file:line: key. The boots file defaults into {@code stateDir}. */
    public static SnmpConfig parse(ConfigFile file, ScId sc, Path stateDir) {
        Duration holdDown = DEFAULT_HOLD_DOWN;
        byte[] engineId = defaultEngineId(sc);
        Path boots = stateDir.resolve(DEFAULT_BOOTS_FILE.getFileName());
        Map<String, Map<String, ConfigEntry>> byReceiver = new LinkedHashMap<>();
        for (ConfigEntry e : file.section("snmp")) {
            String k = e.key();
            switch (k) {
                case "snmp.hold_down" -> holdDown = e.duration(null, Duration.ZERO, Duration.ofHours(1));
                case "snmp.engine_id" -> engineId = engineId(e);
                case "snmp.boots_file" -> boots = e.path();
                default -> {
                    String rest = e.after("snmp.receiver").orElseThrow(() -> e.error("is not a known key (known: " + KNOWN + ")"));
                    int dot = rest.indexOf('.');
                    if (dot <= 0 || !RECEIVER_KEYS.contains(rest.substring(dot + 1))) {
                        throw e.error("is not a known key (known: " + KNOWN + ")");
                    }
                    String name = rest.substring(0, dot);
                    if (!name.matches("[a-z0-9_-]{1,32}")) {
                        throw e.error("the receiver name " + Values.quote(name) + " may use only a-z, 0-9, '_' and '-'");
                    }
                    byReceiver.computeIfAbsent(name, n -> new LinkedHashMap<>()).put(rest.substring(dot + 1), e);
                }
            }
        }
        List<Receiver> receivers = new ArrayList<>();
        for (var r : byReceiver.entrySet()) {
            receivers.add(receiver(file, r.getKey(), r.getValue()));
        }
        return new SnmpConfig(List.copyOf(receivers), engineId, boots, holdDown);
    }

    private static byte[] engineId(ConfigEntry e) {
        String v = e.value().strip();
        String hex = v.startsWith("0x") || v.startsWith("0X") ? v.substring(2) : v;
        byte[] id;
        try {
            id = HexFormat.of().parseHex(hex.replace(":", ""));
        } catch (IllegalArgumentException ex) {
            throw e.error(Values.quote(v) + " is not hex digits (e.g. 0x80007ed9047061697266)");
        }
        if (id.length < 5 || id.length > 32) {
            throw e.error("an SNMP engine ID is 5 to 32 bytes (RFC 3411); this one is " + id.length);
        }
        return id;
    }

    private static Receiver receiver(ConfigFile file, String name, Map<String, ConfigEntry> keys) {
        String prefix = "snmp.receiver." + name + ".";
        ConfigEntry address = keys.get("address");
        ConfigEntry anyKey = keys.values().iterator().next();
        if (address == null) {
            throw anyKey.error("receiver '" + name + "' has no " + prefix + "address (host[:port])");
        }
        ConfigEntry versionEntry = keys.get("version");
        if (versionEntry == null) {
            throw address.error("receiver '" + name + "' has no " + prefix + "version (2c or 3)");
        }
        Version version = switch (versionEntry.value().toLowerCase(Locale.ROOT)) {
            case "2c", "v2c" -> Version.V2C;
            case "3", "v3" -> Version.V3;
            default -> throw versionEntry.error(Values.quote(versionEntry.value()) + " is not an SNMP version pairlock sends:"
                    + " 2c or 3");
        };
        String host;
        int port = 162;
        String a = address.value();
        int colon = a.lastIndexOf(':');
        if (colon >= 0) {
            host = a.substring(0, colon);
            port = new ConfigEntry(address.file(), address.line(), address.key(), a.substring(colon + 1)).integer(1, 65535);
        } else {
            host = a;
        }
        if (host.isEmpty() || host.contains(":") || host.contains(" ")) {
            throw address.error(Values.quote(a) + " is not host[:port] (IPv4 address or host name)");
        }
        if (version == Version.V2C) {
            refuse(keys, "user", "a version 2c receiver has a community, not a user");
            refuse(keys, "auth_passphrase", "a version 2c receiver has a community, not passphrases");
            refuse(keys, "priv_passphrase", "a version 2c receiver has a community, not passphrases");
            ConfigEntry community = required(keys, "community", address, prefix, "the community string the receiver accepts");
            return new Receiver(name, host, port, version, community.value(), null, null, null);
        }
        refuse(keys, "community", "a version 3 receiver has a user and passphrases, not a community");
        ConfigEntry user = required(keys, "user", address, prefix, "the USM user name the receiver knows");
        ConfigEntry auth = required(keys, "auth_passphrase", address, prefix, "the user's SHA-256 passphrase");
        ConfigEntry priv = required(keys, "priv_passphrase", address, prefix, "the user's AES-128 passphrase");
        for (ConfigEntry p : List.of(auth, priv)) {
            if (p.value().length() < 8) {
                throw p.error("is " + p.value().length() + " characters; an SNMPv3 passphrase has at least 8 (RFC 3414)");
            }
        }
        return new Receiver(name, host, port, version, null, user.value(), auth.value(), priv.value());
    }

    private static void refuse(Map<String, ConfigEntry> keys, String key, String why) {
        ConfigEntry e = keys.get(key);
        if (e != null) {
            throw e.error(why);
        }
    }

    private static ConfigEntry required(Map<String, ConfigEntry> keys, String key, ConfigEntry near, String prefix,
                                        String what) throws ConfigException {
        ConfigEntry e = keys.get(key);
        if (e == null) {
            throw near.error("receiver needs " + prefix + key + " (" + what + ")");
        }
        return e;
    }
}

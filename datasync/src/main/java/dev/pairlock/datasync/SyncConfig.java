package dev.pairlock.datasync;

import dev.pairlock.config.ConfigEntry;
import dev.pairlock.config.ConfigException;
import dev.pairlock.config.ConfigFile;
import dev.pairlock.config.ValueException;
import dev.pairlock.config.Values;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code sync.*} section of the platform file, parsed and checked (README.md has a commented
 * example). Every problem is a {@link ConfigException} naming {@code file:line: key}.
 *
 * @param links         the primary link first, then the fallback if there is one
 * @param linkTimeout   a session that moves no byte for this long while waiting is dead (the link is down)
 * @param probeInterval while sync runs on the fallback, how often the primary is tried again
 * @param bandwidth     bytes per second the sender may use, 0 = unlimited
 */
public record SyncConfig(boolean enabled, int port, List<SyncLink> links, Duration linkTimeout, Duration probeInterval,
                         long bandwidth, List<SyncItem> items, Path root) {
    public static final int DEFAULT_PORT = 7780;
    static final String KNOWN = "sync.enabled, sync.port, sync.link.primary, sync.link.primary.listen, sync.link.fallback,"
            + " sync.link.fallback.listen, sync.link.timeout, sync.link.probe_interval, sync.bandwidth, sync.item.NAME.{path,"
            + " priority, type, period, retries, retry_interval, include, exclude, flag, origin}";
    private static final List<String> GLOBAL_KEYS = List.of("sync.enabled", "sync.port", "sync.link.primary",
            "sync.link.primary.listen", "sync.link.fallback", "sync.link.fallback.listen", "sync.link.timeout",
            "sync.link.probe_interval", "sync.bandwidth");
    private static final List<String> ITEM_KEYS = List.of("path", "priority", "type", "period", "retries", "retry_interval",
            "include", "exclude", "flag", "origin");

    public SyncConfig {
        links = List.copyOf(links);
        items = List.copyOf(items);
        if (!root.isAbsolute()) {
            throw new IllegalArgumentException("the root " + root + " is not absolute");
        }
    }

    /** A configuration whose item paths are where they say ({@code root} = /). */
    public SyncConfig(boolean enabled, int port, List<SyncLink> links, Duration linkTimeout, Duration probeInterval,
                      long bandwidth, List<SyncItem> items) {
        this(enabled, port, links, linkTimeout, probeInterval, bandwidth, items, Path.of("/"));
    }

    /**
     * The same, with every item path taken below {@code root}: two "SCs" on one machine (tests, a
     * container per SC) keep their files apart while both sides name the same paths.
     */
    public SyncConfig under(Path root) {
        return new SyncConfig(enabled, port, links, linkTimeout, probeInterval, bandwidth, items, root.toAbsolutePath());
    }

    /** Where {@code item}'s data lives on this SC: its path, below {@link #root}. */
    public Path location(SyncItem item) {
        return root.getNameCount() == 0 ? item.path() : root.resolve(item.path().toString().substring(1));
    }

    /** No items: nothing to sync, priority 1 counts as in sync (there is nothing it could lack). */
    public static SyncConfig none() {
        return new SyncConfig(false, DEFAULT_PORT, List.of(), Duration.ofSeconds(3), Duration.ofSeconds(5), 0, List.of());
    }

    /** {@link #parse(ConfigFile, Optional, Optional)} with no peer-link addresses to fall back on. */
    public static SyncConfig parse(ConfigFile file) {
        return parse(file, Optional.empty(), Optional.empty());
    }

    /**
     * Reads the {@code sync.*} keys. A link that is not set, or set to {@code peer}, uses the peer
     * link's address on that link ({@code peerPrimaryHost}/{@code peerFallbackHost}, given by whoever
     * owns the {@code peer.*} keys) with {@code sync.port}.
     */
    public static SyncConfig parse(ConfigFile file, Optional<String> peerPrimaryHost, Optional<String> peerFallbackHost) {
        Map<String, ConfigEntry> global = new LinkedHashMap<>();
        Map<String, Map<String, ConfigEntry>> itemKeys = new LinkedHashMap<>();
        for (ConfigEntry e : file.section("sync")) {
            Optional<String> itemPart = e.after("sync.item");
            if (itemPart.isPresent()) {
                String rest = itemPart.get();
                int dot = rest.indexOf('.');
                if (dot <= 0 || dot == rest.length() - 1) {
                    throw e.error("an item key is sync.item.NAME.ATTRIBUTE (attributes: " + String.join(", ", ITEM_KEYS) + ")");
                }
                String name = rest.substring(0, dot);
                String attr = rest.substring(dot + 1);
                if (!name.matches("[a-z0-9_-]+")) {
                    throw e.error("the item name " + Values.quote(name) + " may use only a-z, 0-9, '_' and '-'");
                }
                if (!ITEM_KEYS.contains(attr)) {
                    throw e.error("items have no attribute " + Values.quote(attr) + " (known: " + String.join(", ", ITEM_KEYS) + ")");
                }
                itemKeys.computeIfAbsent(name, k -> new LinkedHashMap<>()).put(attr, e);
            } else {
                global.put(e.key(), e);
            }
        }
        for (ConfigEntry e : global.values()) {
            if (!GLOBAL_KEYS.contains(e.key())) {
                throw e.error("is not a known key (known: " + KNOWN + ")");
            }
        }
        int port = opt(global, "sync.port").map(e -> e.integer(1, 65535)).orElse(DEFAULT_PORT);
        Duration timeout = opt(global, "sync.link.timeout")
                .map(e -> e.duration(null, Duration.ofMillis(100), Duration.ofMinutes(10))).orElse(Duration.ofSeconds(3));
        Duration probe = opt(global, "sync.link.probe_interval")
                .map(e -> e.duration(null, Duration.ofMillis(100), Duration.ofHours(1))).orElse(Duration.ofSeconds(5));
        long bandwidth = opt(global, "sync.bandwidth").map(e -> e.size(0, 1L << 40)).orElse(0L);
        if (bandwidth > 0 && bandwidth < 64 * 1024) {
            throw global.get("sync.bandwidth").error(Values.quote(global.get("sync.bandwidth").value())
                    + " is below the 64KiB a second sync needs to make progress (0 = unlimited)");
        }

        List<SyncItem> items = new ArrayList<>();
        for (var item : itemKeys.entrySet()) {
            items.add(item(file, item.getKey(), item.getValue()));
        }
        checkOverlaps(items, itemKeys);
        boolean enabled = opt(global, "sync.enabled").map(ConfigEntry::bool).orElse(!items.isEmpty());
        if (enabled && items.isEmpty()) {
            throw opt(global, "sync.enabled").get().error("sync is enabled but no item is listed: add"
                    + " sync.item.NAME.path and sync.item.NAME.priority, or set sync.enabled = no");
        }

        List<SyncLink> links = new ArrayList<>();
        if (enabled) {
            links.add(link(file, global, SyncLink.Name.PRIMARY, port, peerPrimaryHost, true));
            Optional.ofNullable(link(file, global, SyncLink.Name.FALLBACK, port, peerFallbackHost, false)).ifPresent(links::add);
        }
        return new SyncConfig(enabled, port, links, timeout, probe, bandwidth, items, Path.of("/"));
    }

    private static Optional<ConfigEntry> opt(Map<String, ConfigEntry> keys, String key) {
        return Optional.ofNullable(keys.get(key));
    }

    private static SyncLink link(ConfigFile file, Map<String, ConfigEntry> global, SyncLink.Name name, int port,
                                 Optional<String> peerHost, boolean required) {
        String key = "sync.link." + name;
        Optional<ConfigEntry> e = opt(global, key);
        Optional<ConfigEntry> listen = opt(global, key + ".listen");
        Endpoint peer;
        if (e.isEmpty() || e.get().value().equalsIgnoreCase("peer")) {
            if (peerHost.isEmpty()) {
                if (!required && e.isEmpty()) {
                    if (listen.isPresent()) {
                        throw listen.get().error("is set but " + key + " is not: set " + key + " = HOST[:PORT]"
                                + " (the other SC's address on that link)");
                    }
                    return null;
                }
                String why = "HOST[:PORT], the other SC's sync address on the " + name + " link"
                        + (name == SyncLink.Name.PRIMARY ? " (the CMM's eth1)" : " (the CMM's eth0)")
                        + "; 'peer' reuses the peer link's address, but the platform file gives none";
                throw e.map(x -> x.error("needs " + why)).orElseGet(() -> file.missing(key, "is required: " + why));
            }
            peer = new Endpoint(peerHost.get(), port);
        } else {
            try {
                peer = Endpoint.parse(e.get().value(), port);
            } catch (ValueException x) {
                throw e.get().error(x.getMessage());
            }
        }
        Optional<String> listenHost = listen.map(l -> {
            try {
                Endpoint ep = Endpoint.parse(l.value(), port);
                if (ep.port() != port) {
                    throw l.error("is an address to listen on; its port is sync.port (" + port + "): write the address alone");
                }
                return ep.host();
            } catch (ValueException x) {
                throw l.error(x.getMessage());
            }
        });
        return new SyncLink(name, peer, listenHost);
    }

    private static SyncItem item(ConfigFile file, String name, Map<String, ConfigEntry> k) {
        String prefix = "sync.item." + name + ".";
        ConfigEntry pathEntry = k.get("path");
        if (pathEntry == null) {
            throw file.missing(prefix + "path", "is required: the file or directory the item syncs (an absolute path)");
        }
        Path path;
        try {
            path = Path.of(pathEntry.value());
        } catch (java.nio.file.InvalidPathException x) {
            throw pathEntry.error(Values.quote(pathEntry.value()) + " is not a valid path");
        }
        if (!path.isAbsolute()) {
            throw pathEntry.error(Values.quote(pathEntry.value()) + " is not absolute: both SCs resolve it alike only"
                    + " from /, e.g. /etc/pairlock/scripts");
        }
        path = path.normalize();
        if (path.getNameCount() == 0) {
            throw pathEntry.error("'/' cannot be synced whole: list the directories that hold the data");
        }
        ConfigEntry prio = k.get("priority");
        if (prio == null) {
            throw file.missing(prefix + "priority", "is required: 1 (needed before a failover of a live MAIN), 2 or 3");
        }
        int priority = prio.integer(1, 3);
        SyncType type = Optional.ofNullable(k.get("type")).map(e -> e.oneOf(SyncType.class)).orElse(SyncType.IMMEDIATE);
        ConfigEntry periodEntry = k.get("period");
        Optional<Duration> period = Optional.empty();
        if (type == SyncType.PERIODIC) {
            if (periodEntry == null) {
                throw Optional.ofNullable(k.get("type")).get().error("a periodic item needs " + prefix + "period (e.g. 5m)");
            }
            period = Optional.of(periodEntry.duration(null, Duration.ofMillis(100), Duration.ofDays(7)));
        } else if (periodEntry != null) {
            throw periodEntry.error("only a periodic item has a period (this one is immediate: set " + prefix
                    + "type = periodic, or remove the period)");
        }
        int retries = Optional.ofNullable(k.get("retries")).map(e -> e.integer(0, 1000)).orElse(3);
        Duration retryInterval = Optional.ofNullable(k.get("retry_interval"))
                .map(e -> e.duration(null, Duration.ofMillis(100), Duration.ofHours(24))).orElse(Duration.ofSeconds(30));
        List<String> include = globs(k.get("include"));
        List<String> exclude = globs(k.get("exclude"));
        SyncFlag flag = Optional.ofNullable(k.get("flag")).map(e -> e.oneOf(SyncFlag.class)).orElse(SyncFlag.ALWAYS);
        Optional<dev.pairlock.hal.ScId> origin = Optional.ofNullable(k.get("origin")).map(e -> {
            try {
                return dev.pairlock.hal.ScId.parse(e.value());
            } catch (dev.pairlock.hal.HalArgumentException x) {
                throw e.error(Values.quote(e.value()) + " is not an SC: sc0 or sc1 (the SC whose data the item is)");
            }
        });
        return new SyncItem(name, path, priority, type, period, retries, retryInterval, include, exclude, flag, origin);
    }

    private static List<String> globs(ConfigEntry e) {
        if (e == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String g : e.value().split(",")) {
            String p = g.strip();
            if (p.isEmpty()) {
                throw e.error("has an empty pattern (patterns are separated by ',')");
            }
            if (p.startsWith("/")) {
                throw e.error("the pattern " + Values.quote(p) + " starts with '/': patterns are relative to the item's path");
            }
            try {
                PathFilter.check(p);
            } catch (IllegalArgumentException x) {
                throw e.error("the pattern " + Values.quote(p) + " is not a glob: " + x.getMessage().lines().findFirst().orElse(""));
            }
            out.add(p);
        }
        return out;
    }

    private static void checkOverlaps(List<SyncItem> items, Map<String, Map<String, ConfigEntry>> keys) {
        for (int i = 0; i < items.size(); i++) {
            for (int j = 0; j < items.size(); j++) {
                SyncItem a = items.get(i);
                SyncItem b = items.get(j);
                if (i != j && a.path().startsWith(b.path())) {
                    throw keys.get(a.name()).get("path").error(a.path() + (a.path().equals(b.path()) ? " is also" : " lies inside")
                            + " sync.item." + b.name() + ".path (" + b.path() + "): an item is synced by one entry only");
                }
            }
        }
    }

    /** The item called {@code name}. */
    public Optional<SyncItem> item(String name) {
        return items.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /** The addresses to listen on: one per link with a {@code listen} address, plus all addresses if a link has none. */
    public List<Endpoint> listenEndpoints() {
        List<Endpoint> out = new ArrayList<>();
        boolean wildcard = links.isEmpty();
        for (SyncLink l : links) {
            l.listenHost().ifPresentOrElse(h -> out.add(new Endpoint(h, port)), () -> { });
            wildcard |= l.listenHost().isEmpty();
        }
        if (wildcard) {
            out.add(new Endpoint("0.0.0.0", port));
        }
        return out;
    }

    /** The priorities that have at least one item, ascending. */
    public int[] priorities() {
        return items.stream().mapToInt(SyncItem::priority).distinct().sorted().toArray();
    }

    @Override
    public String toString() {
        return "SyncConfig[enabled=" + enabled + " port=" + port + " links=" + links + " items="
                + Arrays.toString(items.stream().map(SyncItem::name).toArray()) + "]";
    }
}

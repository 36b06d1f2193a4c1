package dev.pairlock.platform;

import dev.pairlock.config.ConfigEntry;
import dev.pairlock.config.ConfigFile;
import dev.pairlock.config.Values;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The daemon's keys of a platform file: {@code fdt}, {@code failover.*}, {@code peer.*},
 * {@code key.file}, {@code watchdog.*}, {@code state.dir}, {@code control.socket}, {@code control.rt_priority},
 * {@code control.admin_group}, {@code firmware.version}. Only the keys it knows are taken, so pairlockd may take more keys of
 * these sections itself before the final {@link PlatformFile#requireAllUsed()}.
 */
final class DaemonKeys {
    /** sun_path holds 108 bytes including the terminating NUL. */
    private static final int MAX_SOCKET_PATH = 107;
    private static final Pattern HOST_PORT = Pattern.compile("(?:\\[([^\\]]*)]|([^:\\[\\]]*)):([^:]*)");
    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9_.:-]{1,15}");
    private static final Pattern VERSION = Pattern.compile("[0-9]{1,9}(?:\\.[0-9]{1,9}){0,3}");
    /**
     * A group name as groupadd takes it (Linux: at most 32 bytes). Never all digits: the JDK would take
     * "1005" as a gid whether or not such a group exists.
     */
    private static final Pattern GROUP = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,31}");

    record Daemon(FailoverSettings failover, Optional<PeerLinkConfig> primary, Optional<PeerLinkConfig> fallback,
                  Path keyFile, Optional<WatchdogConfig> watchdog, Path stateDir, Path controlSocket,
                  int controlRtPriority, String controlAdminGroup, Optional<FirmwareVersion> firmwareVersion) {
    }

    private DaemonKeys() {
    }

    static Daemon parse(ConfigFile f) {
        Duration fdt = f.take("fdt").map(e -> e.duration(null, FailoverSettings.MIN_FDT, FailoverSettings.MAX_FDT))
                .orElse(FailoverSettings.DEFAULT_FDT);
        boolean on = f.take("failover.default").map(ConfigEntry::bool).orElse(true);
        boolean disableAfter = f.take("failover.disable_after_failover").map(ConfigEntry::bool).orElse(true);
        Optional<PeerLinkConfig> primary = link(f, "primary");
        Optional<PeerLinkConfig> fallback = link(f, "fallback");
        if (fallback.isPresent()) {
            ConfigEntry first = firstOf(f, "fallback");
            if (primary.isEmpty()) {
                throw first.error("a fallback link needs a primary one: set peer.primary.local and peer.primary.remote"
                        + " (the fallback carries traffic only when the primary is down)");
            }
            if (primary.get().local().equals(fallback.get().local())) {
                throw f.take("peer.fallback.local").orElseThrow().error("is also peer.primary.local: each link binds its own"
                        + " address or port");
            }
        }
        Path keyFile = f.take("key.file").map(e -> Entries.notDirectory(e, "a key file (made by 'scctl peer-key generate FILE')"))
                .orElse(PlatformConfig.DEFAULT_KEY_FILE);
        Optional<WatchdogConfig> watchdog = watchdog(f);
        Path stateDir = f.take("state.dir").map(DaemonKeys::stateDir).orElse(PlatformConfig.DEFAULT_STATE_DIR);
        Path socket = f.take("control.socket").map(DaemonKeys::socket).orElse(PlatformConfig.DEFAULT_CONTROL_SOCKET);
        // 0: the control loop shares the CPU like any process; 1..99: SCHED_FIFO (below the kernel's own threads at 50
        // and up, a typical choice is 10-40)
        int rt = f.take("control.rt_priority").map(e -> e.integer(0, 99)).orElse(0);
        String admins = f.take("control.admin_group").map(DaemonKeys::group).orElse(PlatformConfig.DEFAULT_CONTROL_ADMIN_GROUP);
        Optional<FirmwareVersion> version = f.take("firmware.version").map(DaemonKeys::version);
        return new Daemon(new FailoverSettings(fdt, on, disableAfter), primary, fallback, keyFile, watchdog, stateDir,
                socket, rt, admins, version);
    }

    private static ConfigEntry firstOf(ConfigFile f, String link) {
        ConfigEntry first = null;
        for (String part : List.of("local", "remote", "interface")) {
            ConfigEntry e = f.take("peer." + link + "." + part).orElse(null);
            if (e != null && (first == null || e.line() < first.line())) {
                first = e;
            }
        }
        return first;
    }

    private static Optional<PeerLinkConfig> link(ConfigFile f, String name) {
        String prefix = "peer." + name + ".";
        Optional<ConfigEntry> local = f.take(prefix + "local");
        Optional<ConfigEntry> remote = f.take(prefix + "remote");
        Optional<ConfigEntry> iface = f.take(prefix + "interface");
        if (local.isEmpty() && remote.isEmpty() && iface.isEmpty()) {
            return Optional.empty();
        }
        ConfigEntry first = firstOf(f, name);
        if (local.isEmpty()) {
            throw Entries.missingBeside(first, prefix + "local", "is missing: the " + name + " peer link needs the address"
                    + " and UDP port this SC binds (e.g. " + prefix + "local = 10.0.1.1:7301)");
        }
        if (remote.isEmpty()) {
            throw Entries.missingBeside(first, prefix + "remote", "is missing: the " + name + " peer link needs the peer's"
                    + " address and UDP port (e.g. " + prefix + "remote = 10.0.1.2:7301)");
        }
        HostPort l = hostPort(local.get(), true);
        HostPort r = hostPort(remote.get(), false);
        if (l.equals(r)) {
            throw remote.get().error("is the same as " + prefix + "local: the peer is another machine");
        }
        Optional<String> ifName = iface.map(e -> {
            String v = e.value();
            if (!INTERFACE.matcher(v).matches() || v.equals(".") || v.equals("..")) {
                throw e.error(Values.quote(v) + " is not a network interface name (1 to 15 characters, e.g. eth1)");
            }
            return v;
        });
        return Optional.of(new PeerLinkConfig(name, l, r, ifName));
    }

    /** {@code host:port}, {@code [v6]:port}; the host an IP literal or a DNS name, never resolved here. */
    static HostPort hostPort(ConfigEntry e, boolean local) {
        Matcher m = HOST_PORT.matcher(e.value());
        if (!m.matches()) {
            throw e.error(Values.quote(e.value()) + " is not ADDRESS:PORT (e.g. 10.0.1.2:7301, or [fd00::2]:7301 for IPv6)");
        }
        String host = m.group(1) != null ? m.group(1) : m.group(2);
        int port;
        try {
            port = Values.integer(m.group(3), 1, 65535);
        } catch (dev.pairlock.config.ValueException x) {
            throw e.error("the port " + Values.quote(m.group(3)) + " is not a UDP port (1..65535)");
        }
        InetAddress literal = null;
        if (m.group(1) != null) {
            literal = literal(e, host, "an IPv6 address");
        } else if (host.matches("[0-9.]+")) {
            if (!host.matches("[0-9]{1,3}(?:\\.[0-9]{1,3}){3}")) {
                throw e.error(Values.quote(host) + " is not an IPv4 address (four numbers 0..255, e.g. 10.0.1.2)");
            }
            literal = literal(e, host, "an IPv4 address");
        } else if (!HOST_NAME.matcher(host).matches()) {
            throw e.error(Values.quote(host) + " is not an IP address or a host name");
        }
        if (!local && literal != null && literal.isAnyLocalAddress()) {
            throw e.error(Values.quote(host) + " is the wildcard address: give the address the peer is reached at");
        }
        return new HostPort(literal == null ? host : literal.getHostAddress(), port);
    }

    private static InetAddress literal(ConfigEntry e, String host, String what) {
        try {
            return what.contains("IPv6") ? java.net.Inet6Address.ofLiteral(host) : java.net.Inet4Address.ofLiteral(host);
        } catch (IllegalArgumentException x) {
            throw e.error(Values.quote(host) + " is not " + what);
        }
    }

    private static Optional<WatchdogConfig> watchdog(ConfigFile f) {
        Optional<ConfigEntry> device = f.take("watchdog.device");
        Optional<ConfigEntry> timeout = f.take("watchdog.timeout");
        if (device.isEmpty()) {
            timeout.ifPresent(t -> {
                throw t.error("is set but watchdog.device is not: name the watchdog (e.g. watchdog.device = /dev/watchdog0)");
            });
            return Optional.empty();
        }
        Path p = Entries.notDirectory(device.get(), "a watchdog device (e.g. /dev/watchdog0)");
        Duration t = WatchdogConfig.DEFAULT_TIMEOUT;
        if (timeout.isPresent()) {
            t = timeout.get().duration(null, Duration.ofSeconds(1), Duration.ofSeconds(65535));
            if (t.toNanos() % 1_000_000_000L != 0) {
                throw timeout.get().error(Values.quote(timeout.get().value()) + " is not a whole number of seconds"
                        + " (the kernel sets watchdog timeouts in seconds)");
            }
        }
        return Optional.of(new WatchdogConfig(p, t));
    }

    private static Path stateDir(ConfigEntry e) {
        Path p = e.path();
        if (Files.exists(p) && !Files.isDirectory(p)) {
            throw e.error(Values.quote(e.value()) + " exists and is not a directory: state.dir is the directory pairlockd keeps its state in");
        }
        return p;
    }

    private static Path socket(ConfigEntry e) {
        Path p = Entries.notDirectory(e, "a socket path (e.g. /run/pairlock/control.sock)");
        int bytes = p.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_SOCKET_PATH) {
            throw e.error("the path is " + bytes + " bytes long; a Unix socket path is at most " + MAX_SOCKET_PATH + " bytes");
        }
        return p;
    }

    private static String group(ConfigEntry e) {
        if (!GROUP.matcher(e.value()).matches()) {
            throw e.error(Values.quote(e.value()) + " is not a group name (a letter or _ then up to 31 letters, digits, _, . or -;"
                    + " e.g. pairlock-admin)");
        }
        return e.value();
    }

    private static FirmwareVersion version(ConfigEntry e) {
        if (!VERSION.matcher(e.value()).matches()) {
            throw e.error(Values.quote(e.value()) + " is not a version: 1 to 4 dot-separated numbers, e.g. 5.20.1");
        }
        List<Long> parts = new ArrayList<>();
        for (String p : e.value().split("\\.")) {
            parts.add(Long.parseLong(p));
        }
        return new FirmwareVersion(parts);
    }
}

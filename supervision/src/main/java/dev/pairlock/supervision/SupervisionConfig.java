package dev.pairlock.supervision;

import dev.pairlock.config.ConfigEntry;
import dev.pairlock.config.ConfigFile;
import dev.pairlock.config.Values;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code service.*} keys: the supervised services of this SC.
 * <pre>
 *   service.NAME.command         = /usr/sbin/httpd        # an executable, absolute or beside the file
 *   service.NAME.args            = -f "/etc/httpd a.conf" # words, quoted as in a shell, nothing expanded
 *   service.NAME.env             = MODE=prod LEVEL=3      # added to pairlockd's environment
 *   service.NAME.restart_count   = 3                      # local restarts before a planned failover (0)
 *   service.NAME.failfast        = no                     # yes: a failure halts the SC at once
 *   service.NAME.runs            = main-only              # or both
 *   service.NAME.health          = /usr/bin/check-httpd -q  # optional health command
 *   service.NAME.health_interval = 10s
 *   service.NAME.health_timeout  = 5s
 *   service.NAME.stop_grace      = 5s                     # SIGTERM, then SIGKILL after this
 *   service.NAME.restart_delay   = 1s
 * </pre>
 */
public record SupervisionConfig(List<ServiceSpec> services) {
    public static final Duration DEFAULT_HEALTH_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(5);
    public static final Duration DEFAULT_RESTART_DELAY = Duration.ofSeconds(1);
    private static final Set<String> KEYS = Set.of("command", "args", "env", "restart_count", "failfast", "runs", "health",
            "health_interval", "health_timeout", "stop_grace", "restart_delay");
    private static final String KNOWN = "service.NAME.{command, args, env, restart_count, failfast, runs, health,"
            + " health_interval, health_timeout, stop_grace, restart_delay}";

    public SupervisionConfig {
        services = List.copyOf(services);
    }

    public static SupervisionConfig parse(ConfigFile file) {
        Map<String, Map<String, ConfigEntry>> byName = new LinkedHashMap<>();
        for (ConfigEntry e : file.section("service")) {
            String rest = e.after("service").orElseThrow();
            int dot = rest.indexOf('.');
            if (dot <= 0 || !KEYS.contains(rest.substring(dot + 1))) {
                throw e.error("is not a known key (known: " + KNOWN + ")");
            }
            String name = rest.substring(0, dot);
            if (!name.matches("[a-z0-9_-]{1,32}")) {
                throw e.error("the service name " + Values.quote(name) + " may use only a-z, 0-9, '_' and '-' (at most 32)");
            }
            byName.computeIfAbsent(name, n -> new LinkedHashMap<>()).put(rest.substring(dot + 1), e);
        }
        List<ServiceSpec> out = new ArrayList<>();
        byName.forEach((name, keys) -> out.add(service(name, keys)));
        return new SupervisionConfig(out);
    }

    private static ServiceSpec service(String name, Map<String, ConfigEntry> keys) {
        ConfigEntry cmd = keys.get("command");
        if (cmd == null) {
            throw keys.values().iterator().next().error("service '" + name + "' has no service." + name
                    + ".command (the executable to run)");
        }
        Path command = cmd.path();
        if (!Files.isRegularFile(command) || !Files.isExecutable(command)) {
            throw cmd.error(command + (Files.exists(command) ? " is not an executable file" : " does not exist"));
        }
        List<String> args = keys.containsKey("args") ? words(keys.get("args")) : List.of();
        Map<String, String> env = new LinkedHashMap<>();
        if (keys.containsKey("env")) {
            ConfigEntry e = keys.get("env");
            for (String w : words(e)) {
                int eq = w.indexOf('=');
                if (eq <= 0 || !w.substring(0, eq).matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw e.error(Values.quote(w) + " is not NAME=value");
                }
                if (w.substring(0, eq).equals("RESTART_COUNT")) {
                    throw e.error("RESTART_COUNT is set by pairlock (0 on the first start, then 1, 2, ...)");
                }
                env.put(w.substring(0, eq), w.substring(eq + 1));
            }
        }
        int restarts = keys.containsKey("restart_count") ? keys.get("restart_count").integer(0, 1000) : 0;
        boolean failfast = keys.containsKey("failfast") && keys.get("failfast").bool();
        if (failfast && restarts > 0) {
            throw keys.get("restart_count").error("a failfast service is never restarted: its failure halts the SC at once;"
                    + " set failfast = no to restart it, or drop restart_count");
        }
        ServiceSpec.Runs runs = ServiceSpec.Runs.MAIN_ONLY;
        if (keys.containsKey("runs")) {
            ConfigEntry r = keys.get("runs");
            runs = switch (r.value()) {
                case "main-only" -> ServiceSpec.Runs.MAIN_ONLY;
                case "both" -> ServiceSpec.Runs.BOTH;
                default -> throw r.error(Values.quote(r.value()) + " is not main-only or both");
            };
        }
        List<String> health = keys.containsKey("health") ? words(keys.get("health")) : List.of();
        if (!health.isEmpty()) {
            Path h = Path.of(health.getFirst());
            if (!h.isAbsolute()) {
                throw keys.get("health").error("the health command " + Values.quote(health.getFirst()) + " must be an absolute path");
            }
        }
        for (String k : List.of("health_interval", "health_timeout")) {
            if (keys.containsKey(k) && health.isEmpty()) {
                throw keys.get(k).error("is set but service." + name + ".health is not");
            }
        }
        return new ServiceSpec(name, command, args, env, restarts, failfast, runs, health,
                duration(keys, "health_interval", DEFAULT_HEALTH_INTERVAL, Duration.ofMillis(10)),
                duration(keys, "health_timeout", DEFAULT_HEALTH_TIMEOUT, Duration.ofMillis(10)),
                duration(keys, "stop_grace", DEFAULT_STOP_GRACE, Duration.ZERO),
                duration(keys, "restart_delay", DEFAULT_RESTART_DELAY, Duration.ZERO));
    }

    private static Duration duration(Map<String, ConfigEntry> keys, String key, Duration dflt, Duration min) {
        ConfigEntry e = keys.get(key);
        return e == null ? dflt : e.duration(null, min, Duration.ofHours(1));
    }

    private static List<String> words(ConfigEntry e) {
        try {
            return Words.split(e.value());
        } catch (IllegalArgumentException ex) {
            throw e.error(ex.getMessage());
        }
    }
}

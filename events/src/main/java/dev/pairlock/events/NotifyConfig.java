package dev.pairlock.events;

import dev.pairlock.config.ConfigEntry;
import dev.pairlock.config.ConfigFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The {@code notify.*} keys: keepalived-style scripts run on transitions.
 * <pre>
 *   notify.main    = /etc/pairlock/notify-main     # this SC became MAIN
 *   notify.spare   = /etc/pairlock/notify-spare    # this SC became SPARE
 *   notify.fault   = /etc/pairlock/notify-fault    # local fault, or the SC halts itself (failfast)
 *   notify.stop    = /etc/pairlock/notify-stop     # pairlockd stops
 *   notify.timeout = 10s                           # a script still running then is killed
 * </pre>
 * Each script must exist and be executable when the file is read.
 */
public record NotifyConfig(Map<Transition, Path> scripts, Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** keepalived's MASTER / BACKUP / FAULT / STOP, in pairlock's words. */
    public enum Transition { MAIN, SPARE, FAULT, STOP }

    public NotifyConfig {
        scripts = Map.copyOf(scripts);
    }

    public static NotifyConfig none() {
        return new NotifyConfig(Map.of(), DEFAULT_TIMEOUT);
    }

    public static NotifyConfig parse(ConfigFile file) {
        Map<Transition, Path> scripts = new EnumMap<>(Transition.class);
        Duration timeout = DEFAULT_TIMEOUT;
        for (ConfigEntry e : file.section("notify")) {
            switch (e.key()) {
                case "notify.main" -> scripts.put(Transition.MAIN, script(e));
                case "notify.spare" -> scripts.put(Transition.SPARE, script(e));
                case "notify.fault" -> scripts.put(Transition.FAULT, script(e));
                case "notify.stop" -> scripts.put(Transition.STOP, script(e));
                case "notify.timeout" -> timeout = e.duration(null, Duration.ofMillis(10), Duration.ofHours(1));
                default -> throw e.error("is not a known key (known: notify.main, notify.spare, notify.fault, notify.stop,"
                        + " notify.timeout)");
            }
        }
        return new NotifyConfig(scripts, timeout);
    }

    private static Path script(ConfigEntry e) {
        Path p = e.path();
        if (!Files.isRegularFile(p)) {
            throw e.error(p + " is not a file: give the path of an executable script");
        }
        if (!Files.isExecutable(p)) {
            throw e.error(p + " is not executable: chmod +x it");
        }
        return p;
    }
}

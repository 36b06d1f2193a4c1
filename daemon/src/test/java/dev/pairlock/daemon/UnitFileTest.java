package dev.pairlock.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** etc/pairlockd.service (installed by the .deb as /lib/systemd/system/pairlockd.service) against the daemon's clean stop. */
class UnitFileTest {
    static final Path UNIT = Path.of("..", "etc", "pairlockd.service");

    static Map<String, String> service() throws IOException {
        return section("[Service]");
    }

    static Map<String, String> section(String name) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        String section = "";
        for (String raw : Files.readAllLines(UNIT)) {
            String l = raw.strip();
            if (l.startsWith("[")) {
                section = l;
            } else if (section.equals(name) && !l.isEmpty() && !l.startsWith("#") && l.contains("=")) {
                out.put(l.substring(0, l.indexOf('=')).strip(), l.substring(l.indexOf('=') + 1).strip());
            }
        }
        return out;
    }

    /**
     * The clean stop stops the supervised services itself, while the SC still holds its role and after the
     * planned switchover (Daemon.stop: giveUpMain, then EventsPlugin.stopServices). With systemd's default
     * KillMode=control-group, `systemctl stop` sends SIGTERM to every process of the cgroup at once — the
     * services run under setsid but stay in pairlockd's cgroup — so the Supervisor sees each service die
     * before its stop began: a failfast service halts the MAIN in the middle of the handover, others are
     * restarted or exhausted (SEL records and traps on every routine stop). KillMode=mixed sends SIGTERM to
     * pairlockd only and SIGKILLs whatever is left once it has exited (and after a crash).
     */
    @Test
    void systemdSignalsOnlyPairlockdWhichStopsItsServicesItself() throws IOException {
        assertEquals("mixed", service().getOrDefault("KillMode", "control-group (the default)"), UNIT + ": KillMode");
    }

    /**
     * A configuration error exits 2 (Pairlockd.exitCode, daemon README) and no restart mends it: without
     * RestartPreventExitStatus, Restart=on-failure every RestartSec=3s never reaches systemd's default
     * limit (5 starts in 10 s), and a JVM starts every ~3.5 s for ever. Other failures are given up
     * after StartLimitBurst starts in StartLimitIntervalSec.
     */
    @Test
    void aConfigurationErrorIsNotRestartedAndOtherFailuresAreGivenUp() throws IOException {
        assertEquals("2", service().get("RestartPreventExitStatus"), UNIT + ": RestartPreventExitStatus");
        Map<String, String> unit = section("[Unit]");
        long interval = Long.parseLong(unit.getOrDefault("StartLimitIntervalSec", "10"));
        long burst = Long.parseLong(unit.getOrDefault("StartLimitBurst", "5"));
        long restartSec = Long.parseLong(service().get("RestartSec").replace("s", ""));
        assertEquals(true, burst * restartSec < interval, "StartLimitBurst " + burst + " x RestartSec " + restartSec
                + " s must fit in StartLimitIntervalSec " + interval + " s, or the limit never trips");
    }
}

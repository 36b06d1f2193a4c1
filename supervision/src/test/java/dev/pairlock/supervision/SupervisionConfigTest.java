package dev.pairlock.supervision;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pairlock.config.ConfigException;
import dev.pairlock.config.ConfigFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SupervisionConfigTest {
    @TempDir
    Path dir;

    ConfigFile file(String text) {
        return ConfigFile.parse(dir.resolve("sc0.conf"), text.getBytes(StandardCharsets.UTF_8));
    }

    String error(String text) {
        return assertThrows(ConfigException.class, () -> SupervisionConfig.parse(file(text))).getMessage()
                .replace(dir.resolve("sc0.conf").toString(), "F");
    }

    @Test
    void aFullServiceReadsBack() {
        SupervisionConfig c = SupervisionConfig.parse(file("""
                service.web.command = /bin/sh
                service.web.args = -c "echo \\"hi there\\"" 'a b'
                service.web.env = MODE=prod EMPTY=
                service.web.restart_count = 3
                service.web.runs = both
                service.web.health = /bin/true --quick
                service.web.health_interval = 2s
                service.web.health_timeout = 500ms
                service.web.stop_grace = 3s
                service.web.restart_delay = 0s
                service.guard.command = /bin/true
                service.guard.failfast = yes
                """));
        ServiceSpec web = c.services().getFirst();
        assertEquals("web", web.name());
        assertEquals(Path.of("/bin/sh"), web.command());
        assertEquals(List.of("-c", "echo \"hi there\"", "a b"), web.args());
        assertEquals(Map.of("MODE", "prod", "EMPTY", ""), web.env());
        assertEquals(3, web.restartCount());
        assertEquals(ServiceSpec.Runs.BOTH, web.runs());
        assertEquals(List.of("/bin/true", "--quick"), web.health());
        assertEquals(Duration.ofMillis(500), web.healthTimeout());
        assertEquals(Duration.ZERO, web.restartDelay());
        ServiceSpec guard = c.services().get(1);
        assertEquals(true, guard.failfast());
        assertEquals(ServiceSpec.Runs.MAIN_ONLY, guard.runs());
        assertEquals(0, guard.restartCount());
    }

    @Test
    void mistakesNameFileLineAndKey() {
        assertEquals("F:2: service.g.restart_count: a failfast service is never restarted: its failure halts the SC at once;"
                + " set failfast = no to restart it, or drop restart_count",
                error("service.g.command = /bin/true\nservice.g.restart_count = 2\nservice.g.failfast = yes\n"));
        assertEquals("F:1: service.x.args: the \" at column 4 is not closed",
                error("service.x.args = -c \"oops\nservice.x.command = /bin/true\n"));
        assertEquals("F:1: service.x.restart_count: service 'x' has no service.x.command (the executable to run)",
                error("service.x.restart_count = 1\n"));
        assertEquals("F:1: service.x.command: /no/such/daemon does not exist", error("service.x.command = /no/such/daemon\n"));
        assertEquals("F:2: service.x.runs: 'spare-only' is not main-only or both",
                error("service.x.command = /bin/true\nservice.x.runs = spare-only\n"));
        assertEquals("F:2: service.x.env: RESTART_COUNT is set by pairlock (0 on the first start, then 1, 2, ...)",
                error("service.x.command = /bin/true\nservice.x.env = RESTART_COUNT=4\n"));
        assertEquals("F:1: service.x.restarts: is not a known key (known: service.NAME.{command, args, env, restart_count,"
                + " failfast, runs, health, health_interval, health_timeout, stop_grace, restart_delay})",
                error("service.x.restarts = 4\n"));
        assertEquals("F:2: service.x.health_interval: is set but service.x.health is not",
                error("service.x.command = /bin/true\nservice.x.health_interval = 1s\n"));
    }

    @Test
    void wordsSplitLikeAShellWithoutExpanding() {
        assertEquals(List.of("a", "b c", "d'e", "$HOME", "x\\y"), Words.split(" a  \"b c\" \"d'e\" '$HOME' x\\y "));
        assertEquals(List.of("ab"), Words.split("a\"\"b"));
        assertEquals(List.of(), Words.split("   "));
    }
}

package dev.pairlock.supervision;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One supervised service, as the platform file configures it (seed 004: ServiceGuard's services).
 *
 * @param restartCount how many times a failed service is restarted locally (the child sees
 *                     {@code RESTART_COUNT}, 0 on its first start); after that the SC asks for a
 *                     planned failover
 * @param failfast     a failure halts the SC at once (no restart)
 * @param health       a command run every {@code healthInterval}; a non-zero status or no answer
 *                     within {@code healthTimeout} is a failure (empty: no health command)
 * @param stopGrace    between SIGTERM and SIGKILL when pairlock stops the service
 * @param restartDelay between a failure and the restart
 */
public record ServiceSpec(String name, Path command, List<String> args, Map<String, String> env, int restartCount,
                          boolean failfast, Runs runs, List<String> health, Duration healthInterval, Duration healthTimeout,
                          Duration stopGrace, Duration restartDelay) {

    /** Where a service runs: on the MAIN only (the default), or on both SCs whatever their role. */
    public enum Runs { MAIN_ONLY, BOTH }

    public ServiceSpec {
        args = List.copyOf(args);
        env = Map.copyOf(env);
        health = List.copyOf(health);
    }

    /** A main-only service with the defaults: no restarts, not failfast, no health command. */
    public static ServiceSpec of(String name, Path command, String... args) {
        return new ServiceSpec(name, command, List.of(args), Map.of(), 0, false, Runs.MAIN_ONLY, List.of(),
                SupervisionConfig.DEFAULT_HEALTH_INTERVAL, SupervisionConfig.DEFAULT_HEALTH_TIMEOUT,
                SupervisionConfig.DEFAULT_STOP_GRACE, SupervisionConfig.DEFAULT_RESTART_DELAY);
    }

    public ServiceSpec withRestarts(int n) {
        return new ServiceSpec(name, command, args, env, n, failfast, runs, health, healthInterval, healthTimeout, stopGrace,
                restartDelay);
    }

    public ServiceSpec withFailfast() {
        return new ServiceSpec(name, command, args, env, restartCount, true, runs, health, healthInterval, healthTimeout,
                stopGrace, restartDelay);
    }

    public ServiceSpec withRuns(Runs r) {
        return new ServiceSpec(name, command, args, env, restartCount, failfast, r, health, healthInterval, healthTimeout,
                stopGrace, restartDelay);
    }

    public ServiceSpec withHealth(List<String> healthCommand, Duration interval, Duration timeout) {
        return new ServiceSpec(name, command, args, env, restartCount, failfast, runs, healthCommand, interval, timeout, stopGrace,
                restartDelay);
    }

    public ServiceSpec withStopGrace(Duration grace) {
        return new ServiceSpec(name, command, args, env, restartCount, failfast, runs, health, healthInterval, healthTimeout,
                grace, restartDelay);
    }

    public ServiceSpec withEnv(Map<String, String> e) {
        return new ServiceSpec(name, command, args, e, restartCount, failfast, runs, health, healthInterval, healthTimeout,
                stopGrace, restartDelay);
    }
}

package dev.pairlock.supervision;

import dev.pairlock.hal.time.Scheduler;
import java.io.File;
import java.io.IOException;

/**
 * One run of a service's health command (its {@code health} words; no shell): stdin from /dev/null,
 * output discarded, {@code PAIRLOCK_SERVICE} and {@code PAIRLOCK_SERVICE_PID} in its environment;
 * killed (with its descendants) at the health timeout, which is the supervisor's scheduler time.
 */
final class HealthCommand {
    /** The outcome, on the scheduler: {@code failure} null when the check passed. */
    interface Result {
        void done(String failure, int status);
    }

    private HealthCommand() {
    }

    /** Runs {@code spec}'s health command against the service's process {@code pid}. */
    static void run(Scheduler scheduler, ServiceSpec spec, long pid, Result result) {
        ProcessBuilder pb = new ProcessBuilder(spec.health()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("PAIRLOCK_SERVICE", spec.name());
        pb.environment().put("PAIRLOCK_SERVICE_PID", String.valueOf(pid));
        Process h;
        try {
            h = pb.start();
        } catch (IOException e) {
            result.done("the health command could not start: " + e.getMessage(), -1);
            return;
        }
        boolean[] timedOut = {false}; // scheduler thread only
        Scheduler.Timer kill = scheduler.schedule(spec.healthTimeout().toNanos(), () -> {
            if (h.isAlive()) {
                timedOut[0] = true;
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
            }
        });
        h.onExit().thenAccept(ph -> scheduler.schedule(0, () -> {
            kill.cancel();
            int status = h.exitValue();
            if (timedOut[0]) {
                result.done("no answer within " + spec.healthTimeout().toMillis() + "ms", status);
            } else if (status != 0) {
                result.done("the health command exited with status " + status, status);
            } else {
                result.done(null, status);
            }
        }));
    }
}

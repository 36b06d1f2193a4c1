package dev.pairlock.daemon;

import dev.pairlock.hal.ScId;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One release sequence of the daemon — the clean stop, the crash, the release after a failed start —
 * run step by step, in the caller's order, each step whatever the ones before it did. A step that
 * throws is logged at once with the step's name, what it leaves behind and what to do, and kept; the
 * next step runs. {@link #finish} then throws the first failure, each later one suppressed on it.
 *
 * <p>Why: the stop used to be a straight list of calls, and the first that threw skipped the rest —
 * the SEL never closed, the control socket left, the peer link's ports and the reset and heartbeat
 * lines held — for a process that exits all the same. Release everything it can, then say what failed.
 *
 * <p>Not thread-safe: one sequence, one thread.
 */
final class Teardown {
    private static final Logger LOG = LoggerFactory.getLogger("pairlockd");
    /** What a step that owns nothing the process' exit does not give back leaves behind. */
    static final String LEFT_TO_EXIT = "what it holds is released as the process exits";

    /** One step: releases one part. */
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    /** A step that threw: its name ({@link #step}), why (the cause), what it left (the message); later ones suppressed on the first. */
    static final class StepFailed extends RuntimeException {
        private final String what;
        private final String step;
        private final String ifFailed;

        StepFailed(String what, String step, String ifFailed, Throwable cause) {
            super(what + " step '" + step + "' failed: " + describe(cause) + "; " + ifFailed, cause);
            this.what = what;
            this.step = step;
            this.ifFailed = ifFailed;
        }

        /** The sequence the step belongs to: "stop", "crash", "start cleanup". */
        String what() {
            return what;
        }

        String step() {
            return step;
        }

        /** What the failure leaves behind and what to do. */
        String ifFailed() {
            return ifFailed;
        }

        /** The cause, in words: its class and message. */
        String error() {
            return describe(getCause());
        }
    }

    private final ScId sc;
    private final String what;
    /** Told of each failure once it is logged (the stop's: the SEL, or the stop-failures file once it closed). */
    private final Consumer<StepFailed> onFailure;
    /** Tests: the steps that throw once their action ran ({@link Daemon.Builder#failStepsForTests}). */
    private final Set<String> failAfter;
    private StepFailed first;

    /** @param what the sequence, as the log and the failures name it: "stop", "crash", "start cleanup" */
    Teardown(ScId sc, String what) {
        this(sc, what, f -> { }, Set.of());
    }

    /**
     * @param onFailure told of each failed step after it is logged; if it throws, that is logged and the
     *                  next step runs all the same
     * @param failAfter tests: names of steps that throw after their action ran (so what they hold is released)
     */
    Teardown(ScId sc, String what, Consumer<StepFailed> onFailure, Set<String> failAfter) {
        this.sc = sc;
        this.what = what;
        this.onFailure = onFailure;
        this.failAfter = failAfter;
    }

    /** Runs {@code action} now as step {@code name}; if it throws, the process' exit releases what it held. */
    void step(String name, Step action) {
        step(name, LEFT_TO_EXIT, action);
    }

    /**
     * Runs {@code action} now as step {@code name}; if it throws, logs and keeps the failure, with
     * {@code ifFailed} (what the failure leaves and what to do), and returns for the next step.
     */
    void step(String name, String ifFailed, Step action) {
        try {
            action.run();
            if (failAfter.contains(name)) {
                throw new IllegalStateException("injected failure of step '" + name + "' (test)");
            }
        } catch (VirtualMachineError e) {
            throw e; // out of memory, stack, or the JVM broken: no later step can be trusted to run
        } catch (Throwable t) { // RuntimeException, a checked one, any other Error (a linkage error of a native call)
            if (t instanceof InterruptedException) {
                Thread.currentThread().interrupt(); // kept for the caller; the later steps still run
            }
            StepFailed f = new StepFailed(what, name, ifFailed, t);
            LOG.error("{} {}; the steps after it run all the same", sc, f.getMessage(), t);
            if (first == null) {
                first = f;
            } else {
                first.addSuppressed(f);
            }
            try {
                onFailure.accept(f);
            } catch (RuntimeException e) {
                LOG.error("{} the failure of {} step '{}' could not be recorded beyond this log: {}", sc, what, name, e.toString(), e);
            }
        }
    }

    /** The first step that failed so far, each later failure suppressed on it; empty if none did. */
    Optional<StepFailed> failure() {
        return Optional.ofNullable(first);
    }

    /** After the last step: throws the first failure, if a step failed. */
    void finish() {
        if (first != null) {
            throw first;
        }
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}

package dev.pairlock.kernelit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs the independent command-line clients (i2c-tools, libgpiod tools, busybox devmem) in the VM. */
public final class Cmd {
    private Cmd() {}

    /** Default limit for one command. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** What a finished command did. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        /** Returns this if the command exited 0, else fails with everything it printed. */
        public Result ok() {
            if (exitCode != 0) throw new AssertionError("command failed: " + this);
            return this;
        }

        /** stdout without surrounding white space. */
        public String out() { return stdout.strip(); }

        @Override
        public String toString() {
            return String.join(" ", command) + " -> exit " + exitCode
                    + (stdout.isBlank() ? "" : "\n--- stdout:\n" + stdout.stripTrailing())
                    + (stderr.isBlank() ? "" : "\n--- stderr:\n" + stderr.stripTrailing());
        }
    }

    /** Runs a command to completion (at most {@link #TIMEOUT}); never throws for a non-zero exit. */
    public static Result run(String... command) { return run(TIMEOUT, command); }

    public static Result run(Duration timeout, String... command) {
        Process p = start(command);
        return await(p, timeout, command);
    }

    /** Runs a command and requires exit status 0. */
    public static Result ok(String... command) { return run(command).ok(); }

    /** Starts a command (e.g. a {@code gpiomon} that waits for an event); collect it with {@link #await}. */
    public static Process start(String... command) {
        try {
            return new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command)
                    + " (is the tool installed on the host? kernel-it/run installs i2c-tools, gpiod, busybox-static)", e);
        }
    }

    /** Waits for a started command; on timeout kills it and fails with what it printed so far. */
    public static Result await(Process p, Duration timeout, String... command) {
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("timed out after " + timeout + ": " + String.join(" ", command)
                        + "\n--- stdout:\n" + out.get() + "\n--- stderr:\n" + err.get());
            }
            return new Result(List.of(command), p.exitValue(), out.get(), err.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        } catch (ExecutionException e) {
            throw new AssertionError("cannot read the output of " + String.join(" ", command), e);
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Thread::startVirtualThread);
    }
}

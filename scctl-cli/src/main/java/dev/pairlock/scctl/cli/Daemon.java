package dev.pairlock.scctl.cli;

import dev.pairlock.scctl.Session;
import dev.pairlock.scctl.text.UsageException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * gpioset's {@code -z}: the JVM cannot fork with its line request, so the same command runs again
 * as a detached child ({@code setsid}, no terminal, stdin from /dev/null) that requests the lines
 * and says "ready" on its stdout; the parent returns once it has, so the lines are driven when
 * {@code scctl gpio set -z} returns, with no moment in between when nobody holds them.
 */
final class Daemon {
    private static final String CHILD = "SCCTL_DAEMON_CHILD";
    private static final String READY = "scctl-daemon-ready";

    private Daemon() {
    }

    static boolean inChild() {
        return System.getenv(CHILD) != null;
    }

    /** In the child: tells the parent the lines are held, then goes quiet. */
    static void ready() {
        if (inChild()) {
            System.out.println(READY);
            System.out.flush();
            System.out.close();
        }
    }

    /**
     * Reads the child's stdout until it says it holds the lines; what it printed before (under --json the
     * set document, which is this call's one document) goes on to {@code out}, not into the pipe's void.
     * True once the child is ready, false if its stdout ended first.
     */
    static boolean relay(BufferedReader child, Consumer<String> out) throws IOException {
        String line;
        while ((line = child.readLine()) != null) {
            if (line.equals(READY)) {
                return true;
            }
            out.accept(line);
        }
        return false;
    }

    static int detach(Session s) {
        ProcessHandle.Info me = ProcessHandle.current().info();
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            cmd.add("/usr/bin/setsid");
        }
        cmd.add(me.command().orElseThrow(() -> new UsageException("-z: cannot find this process's java command")));
        for (String a : me.arguments().orElseThrow(() -> new UsageException("-z: cannot read this process's arguments"))) {
            cmd.add(a);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put(CHILD, "1");
        try {
            Process p = pb.start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                if (relay(r, line -> s.live(line + "\n"))) {
                    s.err().println("scctl: holding the lines in the background, pid " + p.pid()
                            + " (kill " + p.pid() + " releases them)");
                    return 0;
                }
            }
            int rc = p.waitFor();
            throw new UsageException("-z: the background scctl exited with status " + rc + " before holding the lines"
                    + " (run without -z to see why)");
        } catch (IOException e) {
            throw new UsageException("-z: cannot start the background scctl: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UsageException("-z: interrupted while starting the background scctl");
        }
    }
}

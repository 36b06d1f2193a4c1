package dev.pairlock.kernelit.scctl;

import dev.pairlock.scctl.Scctl;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;

/**
 * scctl run in-process against --backend linux with a platform file the test writes, its output
 * captured; a run can go on in the background while the test drives the device.
 */
final class ScctlCli {
    private final Path config;

    private ScctlCli(Path config) {
        this.config = config;
    }

    /** Writes {@code lines} as the platform file {@code /tmp/<name>.conf}. */
    static ScctlCli withConfig(String name, String... lines) {
        Path file = Path.of("/tmp", name + ".conf");
        try {
            Files.writeString(file, String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ScctlCli(file);
    }

    /** One invocation, started at once; {@link Running#out()} shows its output so far. */
    static final class Running {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CompletableFuture<Integer> code = new CompletableFuture<>();

        String out() {
            return out.toString();
        }

        /** Waits for the exit status and fails with everything printed if it is not {@code expected}. */
        String expect(int expected) {
            int c = code.join();
            if (c != expected) {
                throw new AssertionError("scctl exited " + c + ", expected " + expected + "\n--- out\n" + out + "--- err\n" + err);
            }
            return out.toString();
        }
    }

    Running start(String... args) {
        Running r = new Running();
        List<String> all = new ArrayList<>(List.of("--backend", "linux", "--config", config.toString()));
        all.addAll(List.of(args));
        CommandLine cl = Scctl.newCommandLine(new Scctl());
        cl.setOut(new PrintWriter(r.out, true));
        cl.setErr(new PrintWriter(r.err, true));
        Thread.startVirtualThread(() -> {
            try {
                r.code.complete(cl.execute(all.toArray(String[]::new)));
            } catch (Throwable t) {
                r.code.completeExceptionally(t);
            }
        });
        return r;
    }

    /** Runs to completion and returns stdout, failing unless the exit status is 0. */
    String ok(String... args) {
        return start(args).expect(0);
    }
}

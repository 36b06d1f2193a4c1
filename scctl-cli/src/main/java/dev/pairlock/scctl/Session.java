package dev.pairlock.scctl;

import dev.pairlock.control.Json;
import dev.pairlock.hal.ControllerHardware;
import dev.pairlock.hal.ScId;
import dev.pairlock.scctl.target.Target;
import dev.pairlock.scctl.target.Targets;
import dev.pairlock.scctl.text.Declined;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
import java.util.function.Supplier;

/** One invocation's context: the opened target, whose view, and how to talk to the user. */
public final class Session implements AutoCloseable {
    /** How often {@link #watch} looks whether to stop: an edge count reached, stdout gone. */
    private static final Duration STEP = Duration.ofMillis(10);

    private final TargetOptions options;
    private final ScId sc;
    private final boolean json;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Supplier<BufferedReader> stdin;
    private final BooleanSupplier interactive;
    private Target target;
    /** Something went to stdout under --json: the outcome's document (or a stream's first line) is out. */
    private volatile boolean documentWritten;
    /** A write to stdout failed (the reader of a pipe exited): there is no one left to print to. */
    private volatile boolean stdoutClosed;

    Session(TargetOptions options, ScId sc, boolean json, PrintWriter out, PrintWriter err, Supplier<BufferedReader> stdin,
            BooleanSupplier interactive) {
        this.options = options;
        this.sc = sc;
        this.json = json;
        this.out = out;
        this.err = err;
        this.stdin = stdin;
        this.interactive = interactive;
    }

    public Target target() {
        if (target == null) {
            target = Targets.open(options);
        }
        return target;
    }

    public ScId sc() {
        return sc;
    }

    /** The global options: which backend, which platform file. */
    public TargetOptions options() {
        return options;
    }

    public ControllerHardware hw() {
        return target().controller(sc);
    }

    public boolean json() {
        return json;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    /** The user's input (gpio set -i reads its commands from it). */
    public BufferedReader stdin() {
        return stdin.get();
    }

    /** Whether a person is watching (progress bars are for terminals, not for logs or pipes). */
    public boolean terminal() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }

    /** Whether a person at a terminal can answer a question (stdin and stdout are a terminal). */
    public boolean interactive() {
        return interactive.getAsBoolean();
    }

    /** Prints {@code jsonValue} as JSON under --json, else {@code text} as is. */
    public void emit(Object jsonValue, String text) {
        if (json) {
            documentWritten = true;
            out.println(Json.write(jsonValue));
        } else {
            out.print(text.endsWith("\n") ? text : text + "\n");
        }
        out.flush();
    }

    /** Whether stdout already holds JSON (a failure then adds no second document). */
    boolean documentWritten() {
        return documentWritten;
    }

    /**
     * Prints {@code text} now, for a command that shows things as they happen (gpio monitor's edges,
     * heartbeat watch's beats, events --follow); from any thread. Returns false once stdout is closed:
     * main writes to fd 1 itself, so a write into a pipe whose reader exited (EPIPE) fails here instead
     * of vanishing in System.out, and the command ends quietly as gpiomon does on SIGPIPE.
     */
    public boolean live(String text) {
        if (stdoutClosed) {
            return false;
        }
        if (json) {
            documentWritten = true; // under --json a live stream is JSON lines
        }
        synchronized (out) {
            out.print(text);
            out.flush();
            if (out.checkError()) {
                stdoutClosed = true;
            }
        }
        return !stdoutClosed;
    }

    /**
     * stdout as a PrintStream, for code that prints to one (the SEL's list and follow): each flush
     * (every println) goes out through {@link #live}, so it counts as JSON under --json and a closed
     * stdout shows in {@link #stdoutClosed}.
     */
    public PrintStream outStream() {
        return over(this::live);
    }

    /** stderr as a PrintStream, for the same code's warnings. */
    public PrintStream errStream() {
        return over(text -> {
            err.print(text);
            err.flush();
        });
    }

    /** Collects bytes and hands them on decoded at each flush: whole lines, so never half a UTF-8 sequence. */
    private static PrintStream over(Consumer<String> sink) {
        return new PrintStream(new OutputStream() {
            private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

            @Override
            public void write(int b) {
                pending.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                pending.write(b, off, len);
            }

            @Override
            public void flush() {
                if (pending.size() > 0) {
                    sink.accept(pending.toString(StandardCharsets.UTF_8));
                    pending.reset();
                }
            }
        }, true, StandardCharsets.UTF_8);
    }

    /** Whether a write to stdout failed: the command should stop and print nothing more. */
    public boolean stdoutClosed() {
        if (!stdoutClosed && out.checkError()) {
            stdoutClosed = true; // written to through another path (a PrintStream over out)
        }
        return stdoutClosed;
    }

    /**
     * Lets up to {@code limit} pass on the target (virtual time on the simulator, real time on
     * hardware) in short steps, while {@code more} (given the time waited so far, in ns) says so and
     * stdout is open. Returns the time waited, in ns.
     */
    public long watch(Duration limit, LongPredicate more) {
        long max = limit.toNanos();
        long waited = 0;
        while (waited < max && !stdoutClosed() && more.test(waited)) {
            long step = Math.min(STEP.toNanos(), max - waited);
            target().await(Duration.ofNanos(step));
            waited += step;
        }
        return waited;
    }

    /**
     * Asks before a write, as i2cset does, unless {@code yes}. No answer (no stdin, EOF) is a no:
     * a script that forgot -y must not write to the hardware. A no is exit status 0, as i2cset's
     * "Aborting on user request." (the default answer is no, where i2cset's is yes outside EEPROMs).
     */
    public void confirm(boolean yes, String action) {
        if (!yes) {
            ask("WARNING! " + action + ".\nContinue? [y/N] ", action, "nothing written", "pass -y to write without asking");
        }
    }

    /**
     * Asks {@code question} on stderr and reads the answer from stdin; returns on y or yes, else
     * throws {@link Declined} for {@code action}, saying {@code outcome} and {@code hint} on stderr.
     */
    public void ask(String question, String action, String outcome, String hint) {
        err.print(question);
        err.flush();
        String answer;
        try {
            answer = stdin.get().readLine();
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null) {
            err.println();
            throw new Declined(action, "no confirmation on stdin", outcome, hint);
        }
        String a = answer.trim().toLowerCase(Locale.ROOT);
        if (!a.equals("y") && !a.equals("yes")) {
            throw new Declined(action, "aborted on user request", outcome, hint);
        }
    }

    @Override
    public void close() {
        if (target != null) {
            target.close();
            target = null;
        }
        out.flush();
        err.flush();
    }
}

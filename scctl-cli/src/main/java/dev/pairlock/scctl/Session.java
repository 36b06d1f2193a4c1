package dev.pairlock.scctl;

import dev.pairlock.control.Json;
import dev.pairlock.hal.ControllerHardware;
import dev.pairlock.hal.ScId;
import dev.pairlock.scctl.target.Target;
import dev.pairlock.scctl.target.Targets;
import dev.pairlock.scctl.text.Declined;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Supplier;

/** One invocation's context: the opened target, whose view, and how to talk to the user. */
public final class Session implements AutoCloseable {
    private final TargetOptions options;
    private final ScId sc;
    private final boolean json;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Supplier<BufferedReader> stdin;
    private Target target;

    Session(TargetOptions options, ScId sc, boolean json, PrintWriter out, PrintWriter err, Supplier<BufferedReader> stdin) {
        this.options = options;
        this.sc = sc;
        this.json = json;
        this.out = out;
        this.err = err;
        this.stdin = stdin;
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

    /** Prints {@code jsonValue} as JSON under --json, else {@code text} as is. */
    public void emit(Object jsonValue, String text) {
        if (json) {
            out.println(Json.write(jsonValue));
        } else {
            out.print(text.endsWith("\n") ? text : text + "\n");
        }
        out.flush();
    }

    /**
     * Asks before a write, as i2cset does, unless {@code yes}. No answer (no stdin, EOF) is a no:
     * a script that forgot -y must not write to the hardware. A no is exit status 0, as i2cset's
     * "Aborting on user request." (the default answer is no, where i2cset's is yes outside EEPROMs).
     */
    public void confirm(boolean yes, String action) {
        if (yes) {
            return;
        }
        err.print("WARNING! " + action + ".\nContinue? [y/N] ");
        err.flush();
        String answer;
        try {
            answer = stdin.get().readLine();
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null) {
            err.println();
            throw new Declined("no confirmation on stdin: nothing written (pass -y to write without asking)");
        }
        String a = answer.trim().toLowerCase(Locale.ROOT);
        if (!a.equals("y") && !a.equals("yes")) {
            throw new Declined("aborted on user request: nothing written (pass -y to write without asking)");
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

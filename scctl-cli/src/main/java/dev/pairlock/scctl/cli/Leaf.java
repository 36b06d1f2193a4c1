package dev.pairlock.scctl.cli;

import dev.pairlock.scctl.Scctl;
import dev.pairlock.scctl.Session;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that does the work: finds the session through the root command. */
abstract class Leaf implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    Session session() {
        return ((Scctl) spec.root().userObject()).session(spec.commandLine());
    }

    @Override
    public final Integer call() {
        return run(session());
    }

    abstract int run(Session s);
}

package dev.pairlock.scctl.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scctl completion bash}: picocli's generated completion script. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print a bash completion script for scctl.",
        footer = {"", "Examples:", "  source <(scctl completion bash)", "  scctl completion bash > /etc/bash_completion.d/scctl"})
public final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "bash", description = "the shell (bash; zsh can load it with bashcompinit)")
    String shell;

    @Override
    public Integer call() {
        if (!shell.equals("bash")) {
            spec.commandLine().getErr().println("scctl: completion for '" + shell + "' is not available: use bash");
            return 2;
        }
        // the root was built with the whole tree for this word (Scctl.newCommandLine)
        spec.commandLine().getOut().print(AutoComplete.bash("scctl", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}

package dev.pairlock.scctl;

import java.nio.file.Path;
import java.util.List;

/** What the global options say about the machine to open. */
public record TargetOptions(String backend, Path config, List<String> simFaults, long simSeed) {
    public TargetOptions {
        simFaults = List.copyOf(simFaults);
    }
}

package dev.pairlock.scctl.target;

import dev.pairlock.platform.PlatformFile;
import dev.pairlock.scctl.TargetOptions;
import dev.pairlock.scctl.text.UsageException;

/** Opens the target the global options name; platform reads the file and assembles the hardware. */
public final class Targets {
    private Targets() {
    }

    public static Target open(TargetOptions o) {
        return switch (o.backend()) {
            case "sim" -> {
                if (o.config() != null) {
                    throw new UsageException("--config applies to --backend linux; the sim backend is configured with --sim-fault");
                }
                yield SimTarget.create(o.simFaults(), o.simSeed());
            }
            case "linux" -> {
                if (o.config() == null) {
                    throw new UsageException("--backend linux needs --config FILE describing the machine (the platform file;"
                            + " every key is explained in " + PlatformFile.SAMPLE + ")");
                }
                if (!o.simFaults().isEmpty()) {
                    throw new UsageException("--sim-fault applies to --backend sim only");
                }
                yield LinuxTarget.open(PlatformFile.load(o.config()));
            }
            default -> throw new UsageException("unknown backend '" + o.backend() + "': use sim or linux");
        };
    }
}

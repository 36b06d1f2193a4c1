package dev.pairlock.scctl.cli;

import dev.pairlock.config.PairKey;
import dev.pairlock.hal.HalException;
import dev.pairlock.scctl.Session;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code scctl peer-key generate FILE}: a new pair key for the peer link. */
@Command(name = "peer-key", mixinStandardHelpOptions = true, description = "The pair key that authenticates the peer link.",
        subcommands = PeerKeyCommand.Generate.class)
public final class PeerKeyCommand {
    private PeerKeyCommand() {
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = {"Write a new random pair key (32 bytes as 64 hex digits) to FILE, mode 0600, written durably;",
                "an existing file is never overwritten. Copy it to the other SC (e.g. scp -p) and name it in both",
                "platform files (key.file). pairlockd refuses a key file that others can read."},
            footer = {"", "Examples:", "  scctl peer-key generate /etc/pairlock/pair.key"})
    static final class Generate extends Leaf {
        @Parameters(paramLabel = "FILE", description = "where to write the key")
        Path file;

        @Override
        int run(Session s) {
            try {
                PairKey.generate(file);
            } catch (IOException e) {
                throw new HalException(e.getMessage());
            }
            s.emit(Map.of("key_file", file.toString(), "mode", "0600"), "wrote a new pair key to " + file
                    + " (mode 0600): copy it to the other SC and set key.file in both platform files");
            return 0;
        }
    }
}

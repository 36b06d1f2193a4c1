package dev.pairlock.datasync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/** The CMM flag end to end: the versions each SC states in the handshake decide which items move. */
class FlagSyncTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "MAIN {0}, SPARE {1}")
    @CsvSource({"5.2, 5.1, older", "5.2, 5.2.0, equal", "5.2, 5.10, newer"})
    void eachFlagAgainstThisVersionOrdering(String mainFw, String spareFw, String ordering) throws Exception {
        Pair.Options o = new Pair.Options();
        o.fw0 = mainFw;
        o.fw1 = spareFw;
        SyncFlag[] flags = SyncFlag.values();
        try (Pair pair = new Pair(tmp, root -> java.util.Arrays.stream(flags)
                .map(f -> SyncItem.immediate(f.name().toLowerCase(), root.resolve(f.name().toLowerCase()), 1).withFlag(f))
                .toList(), o)) {
            for (SyncFlag f : flags) {
                Files.createDirectories(pair.sc0.path(f.name().toLowerCase()));
                Files.writeString(pair.sc0.path(f.name().toLowerCase()).resolve("script.sh"), "echo " + f);
            }
            pair.mainIs0(1);
            // priority 1 settles in sync (some items synced, the others disabled by their flag)
            Pair.await(Duration.ofSeconds(20), () -> pair.sc0.engine.status().priority(1).state() == SyncState.IN_SYNC,
                    () -> pair.sc0.engine.status().describe());
            for (SyncFlag f : flags) {
                boolean expected = switch (f) {
                    case EQUAL -> ordering.equals("equal");
                    case UPGRADE -> ordering.equals("newer");
                    case DOWNGRADE -> ordering.equals("older");
                    case ALWAYS -> true;
                };
                Path onSpare = pair.sc1.path(f.name().toLowerCase()).resolve("script.sh");
                assertEquals(expected, Files.exists(onSpare), f + " with the SPARE " + ordering + " (" + spareFw + " vs " + mainFw + ")");
            }
            Pair.await(Duration.ofSeconds(20), () -> pair.sc1.engine.status().priority1InSync(),
                    () -> "the SPARE's view: " + pair.sc1.engine.status().describe());
        }
    }
}

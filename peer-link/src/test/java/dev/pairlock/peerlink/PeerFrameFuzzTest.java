package dev.pairlock.peerlink;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the frame decoder a remote peer reaches ({@link FrameOpener}) against
 * the model in {@link FrameScenario}. In {@code ./mvnw verify} Jazzer runs in regression mode: every
 * input under {@code src/test/resources/dev/pairlock/peerlink/PeerFrameFuzzTestInputs/} (the seeds
 * and every finding ever made) once. {@code JAZZER_FUZZ=1} fuzzes for real (see the README).
 */
class PeerFrameFuzzTest {
    private static final AtomicInteger RUNS = new AtomicInteger();

    @FuzzTest(maxDuration = "10m")
    void openerAgreesWithTheModel(byte[] script) {
        RUNS.incrementAndGet();
        FrameScenario.run(script, FrameScenario.real());
    }

    /** The regression run really ran: at least every stored input of the fuzz test above. */
    @AfterAll
    static void everyStoredInputRan() throws IOException {
        if (System.getenv("JAZZER_FUZZ") != null) {
            return; // fuzzing one method: the regression inputs of the others are not run
        }
        Path dir = Path.of("src/test/resources/dev/pairlock/peerlink/PeerFrameFuzzTestInputs/openerAgreesWithTheModel");
        long stored;
        try (Stream<Path> files = Files.list(dir)) {
            stored = files.filter(Files::isRegularFile).count();
        }
        assertTrue(stored >= 3, "the seed inputs are missing from " + dir);
        assertTrue(RUNS.get() >= stored, "the fuzz test ran " + RUNS.get() + " inputs of the " + stored + " stored");
    }

    /** The model can fail: an opener that forgets the sequence numbers is caught on a replay. */
    @Test
    void aReplayAcceptingOpenerIsCaught() throws IOException {
        byte[] replay = Files.readAllBytes(Path.of(
                "src/test/resources/dev/pairlock/peerlink/PeerFrameFuzzTestInputs/openerAgreesWithTheModel/seed-replay"));
        FrameScenario.run(replay, FrameScenario.real());
        assertThrows(AssertionError.class, () -> FrameScenario.run(replay, new Forgetful()));
    }

    /** Forgets every frame it saw: a fresh real decoder per frame. */
    private static final class Forgetful implements FrameScenario.Opening {
        private FrameScenario.Opening last;

        @Override
        public FrameOpener.Verdict open(ByteBuffer frame, int link) {
            last = FrameScenario.real();
            return last.open(frame, link);
        }

        @Override
        public int payloadOffset() {
            return last.payloadOffset();
        }

        @Override
        public int payloadLength() {
            return last.payloadLength();
        }
    }
}

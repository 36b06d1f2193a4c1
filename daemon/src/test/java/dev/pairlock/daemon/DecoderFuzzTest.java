package dev.pairlock.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pairlock.config.ConfigException;
import dev.pairlock.failover.PeerCodec;
import dev.pairlock.failover.PeerMessage;
import dev.pairlock.platform.PlatformFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzzing of two more decoders pairlockd runs on input it does not control: the platform file
 * parser as the daemon reads a file (the platform's {@code PlatformFile.parse}, then the other
 * sections passed over and unknown keys refused) — any bytes give a configuration or a
 * {@link ConfigException} naming the file, nothing else — and the protocol payload decoder behind
 * the peer link ({@link PeerCodec#decode}): a message that re-encodes to the same bytes, or
 * {@link IllegalArgumentException}, nothing else. Regression inputs under
 * {@code src/test/resources/dev/pairlock/daemon/DecoderFuzzTestInputs/}.
 */
class DecoderFuzzTest {
    private static final Path SOURCE = Path.of("fuzz.conf");
    private static final AtomicInteger PLATFORM_RUNS = new AtomicInteger();
    private static final AtomicInteger PAYLOAD_RUNS = new AtomicInteger();

    @FuzzTest(maxDuration = "10m")
    void platformFileGivesAConfigOrAFileLineError(byte[] file) {
        PLATFORM_RUNS.incrementAndGet();
        try {
            PlatformFile pf = PlatformFile.parse(SOURCE, file);
            pf.skipOtherSections();
            pf.requireAllUsed();
            pf.config().describe();
        } catch (ConfigException e) {
            assertTrue(e.getMessage().startsWith(SOURCE + ":"), e.getMessage());
        }
    }

    @FuzzTest(maxDuration = "10m")
    void peerPayloadDecodesToWhatItEncodesOrIsRefused(byte[] payload) {
        PAYLOAD_RUNS.incrementAndGet();
        PeerMessage m;
        try {
            m = PeerCodec.decode(payload);
        } catch (IllegalArgumentException refused) {
            return;
        }
        assertArrayEquals(payload, PeerCodec.encode(m), "a decoded frame re-encodes differently: " + m);
    }

    @AfterAll
    static void everyStoredInputRan() throws IOException {
        check("platformFileGivesAConfigOrAFileLineError", PLATFORM_RUNS);
        check("peerPayloadDecodesToWhatItEncodesOrIsRefused", PAYLOAD_RUNS);
    }

    private static void check(String method, AtomicInteger runs) throws IOException {
        if (System.getenv("JAZZER_FUZZ") != null) {
            return; // fuzzing one method: the regression inputs of the others are not run
        }
        Path dir = Path.of("src/test/resources/dev/pairlock/daemon/DecoderFuzzTestInputs", method);
        long stored;
        try (Stream<Path> files = Files.list(dir)) {
            stored = files.filter(Files::isRegularFile).count();
        }
        assertTrue(stored >= 2, "the seed inputs are missing from " + dir);
        assertTrue(runs.get() >= stored, method + " ran " + runs.get() + " inputs of the " + stored + " stored");
    }
}

package dev.pairlock.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The core is a pure function of its inputs: replaying a recorded stream must give the recorded commands. */
class CoreReplayBenchTest {

    @Test
    void replayReproducesEveryRecordedStreamsCommands() {
        List<CoreReplayBench.Stream> streams = CoreReplayBench.recordAll();
        assertTrue(streams.size() >= 2 * CoreReplayBench.SEEDS, () -> "streams: " + streams.size());
        for (CoreReplayBench.Stream s : streams) {
            assertTrue(s.size() > 0, s.source());
            assertEquals(s.commands(), CoreReplayBench.replay(s), () -> "replay of " + s.source());
            assertEquals(s.commandTotal(), s.commands().size(), s.source());
        }
    }

    @Test
    void benchmarkReplaysTheStreamsBackToBackAndCountsTheirCommands() {
        CoreReplayBench bench = new CoreReplayBench();
        bench.recordStreams();
        assertTrue(bench.recordedEvents > CoreReplayBench.BATCH, "more events than one batch");
        // a whole cycle of batches covers every stream; the command total of the events replayed
        // must equal the recorded counts of those same events
        long invocations = bench.recordedEvents / CoreReplayBench.BATCH + 1;
        long replayed = 0;
        for (long i = 0; i < invocations; i++) {
            replayed += bench.replay();
        }
        long expected = 0;
        long left = invocations * CoreReplayBench.BATCH;
        int k = 0;
        while (left > 0) {
            CoreReplayBench.Stream s = bench.streams[k % bench.streams.length];
            for (int i = 0; i < s.size() && left > 0; i++, left--) {
                expected += s.commandCounts()[i];
            }
            k++;
        }
        assertEquals(expected, replayed);
        assertTrue(replayed > 0, "the core answers with commands");
    }
}

package dev.pairlock.gpio.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.gpio.GpioLineNotFoundException;
import dev.pairlock.hal.heartbeat.HeartbeatListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeartbeatTest {
    static final long MS = 1_000_000L;
    final FakeGpioChip chip = new FakeGpioChip("SBBC_HB_OUT", "SBBC_HB_IN", "spare");
    final ManualTime time = new ManualTime();

    @Test
    void outputTogglesTheLineOncePerBeat() {
        try (GpioHeartbeatOutput out = GpioHeartbeatOutput.open(chip, "SBBC_HB_OUT", "hb")) {
            assertFalse(chip.value(0));
            out.beat();
            assertTrue(chip.value(0));
            out.beat();
            assertFalse(chip.value(0));
            assertEquals(2, out.beats());
        }
        assertFalse(chip.held(0), "closing the output releases the line");
    }

    @Test
    void generatorBeatsEveryPeriodOnTheSchedulerAndStops() {
        try (GpioHeartbeatOutput out = GpioHeartbeatOutput.open(chip, 0, "hb")) {
            HeartbeatGenerator gen = new HeartbeatGenerator(out, time, time, 100 * MS);
            gen.start();
            time.runUntil(950 * MS);
            assertEquals(10, gen.beats(), "beats at 0, 100, ..., 900 ms");
            gen.stop();
            time.runUntil(2000 * MS);
            assertEquals(10, gen.beats());
            assertEquals(0, time.pending(), "no timer left behind");
        }
    }

    @Test
    void generatorKeepsItsGridAndSkipsRatherThanBurstsAfterAStall() {
        try (GpioHeartbeatOutput out = GpioHeartbeatOutput.open(chip, 0, "hb")) {
            HeartbeatGenerator gen = new HeartbeatGenerator(out, time, time, 100 * MS);
            gen.start();
            time.runUntil(0);
            time.stall(450 * MS);
            time.runUntil(450 * MS);
            // the beat due at 100 ran at 450: 200 and 300 are skipped, 400 is due now, the grid resumes at 500
            assertEquals(2, gen.skipped());
            time.runUntil(650 * MS);
            assertEquals(2, gen.skipped(), "no more skips once back on the grid");
            assertEquals(5, gen.beats(), "0, 100 (late), 400, 500, 600");
        }
    }

    @Test
    void generatorCountsFailedWritesAndKeepsBeating() {
        try (GpioHeartbeatOutput out = GpioHeartbeatOutput.open(chip, 0, "hb")) {
            HeartbeatGenerator gen = new HeartbeatGenerator(out, time, time, 10 * MS);
            chip.failWrites = true;
            gen.start();
            time.runUntil(25 * MS);
            chip.failWrites = false;
            time.runUntil(45 * MS);
            assertEquals(3, gen.failures());
            assertEquals(2, gen.beats());
            assertNotNull(gen.lastFailure());
        }
    }

    @Test
    void inputCountsEdgesIncludingMissedOnesAndTellsListeners() throws Exception {
        try (GpioHeartbeatInput in = GpioHeartbeatInput.open(chip, "SBBC_HB_IN", "hb-mon")) {
            List<String> heard = new ArrayList<>();
            AutoCloseable handle = in.listen(new HeartbeatListener() {
                @Override
                public void onBeat(long ts, long seq) {
                    heard.add("beat " + seq + " @" + ts);
                }

                @Override
                public void onMissed(long count, long seq) {
                    heard.add("missed " + count + " before " + seq);
                }
            });
            chip.edge(1, 1000, true, 0);
            chip.edge(1, 2000, false, 0);
            chip.edge(1, 9000, true, 5);
            assertEquals(8, in.edgeCount());
            assertEquals(5, in.missedCount());
            assertEquals(List.of("beat 1 @1000", "beat 2 @2000", "missed 5 before 8", "beat 8 @9000"), heard);
            handle.close();
            chip.edge(1, 10000, false, 0);
            assertEquals(9, in.edgeCount(), "counting goes on without listeners");
            assertEquals(4, heard.size());
        }
        assertFalse(chip.held(1));
    }

    @Test
    void generatorAndMonitorOverALoopback() {
        // the fake wires nothing: forward the output's level changes as edges, like a cable would
        try (GpioHeartbeatOutput out = GpioHeartbeatOutput.open(chip, 0, "hb");
                GpioHeartbeatInput in = GpioHeartbeatInput.open(chip, 1, "mon", Duration.ZERO, 0)) {
            HeartbeatGenerator gen = new HeartbeatGenerator(() -> {
                out.beat();
                chip.edge(1, time.nanos(), chip.value(0), 0);
            }, time, time, 50 * MS);
            gen.start();
            time.runUntil(1000 * MS);
            assertEquals(21, in.edgeCount());
            assertEquals(gen.beats(), in.edgeCount());
        }
    }

    @Test
    void unknownLineNameNamesTheChipAndTheName() {
        GpioLineNotFoundException e = assertThrows(GpioLineNotFoundException.class,
                () -> GpioHeartbeatOutput.open(chip, "HB_TYPO", "hb"));
        assertTrue(e.getMessage().contains("HB_TYPO") && e.getMessage().contains("fake:gpiochip9"), e.getMessage());
    }
}

package dev.pairlock.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pairlock.hal.ScId;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * pairlockd's SIGTERM hook: a stop whose step failed exits 1 with the step named on stderr (the JVM's
 * own status after the signal, 143, is what the unit counts as a clean stop), a clean one keeps it.
 */
class PairlockdStopTest {
    private final StringWriter err = new StringWriter();
    private final List<Integer> halted = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);

    @Test
    void aStopStepThatFailedIsNamedOnStderrAndTheExitStatusIs1() {
        Teardown t = new Teardown(ScId.SC0, "stop");
        t.step("close data sync", () -> {
            throw new IllegalStateException("boom");
        });
        t.step("release the hardware", "its lines are released as the process exits", () -> {
            throw new java.io.IOException("/dev/gpiochip0: EIO");
        });

        Pairlockd.onSignal(() -> {
            t.finish();
            return "stopped";
        }, new PrintWriter(err), stopped, halted::add).run();

        assertEquals("pairlockd: stop step 'close data sync' failed: IllegalStateException: boom; " + Teardown.LEFT_TO_EXIT + "\n"
                + "pairlockd: and stop step 'release the hardware' failed: IOException: /dev/gpiochip0: EIO; its lines are released"
                + " as the process exits\n", err.toString());
        assertEquals(List.of(1), halted);
        assertEquals(0, stopped.getCount(), "the main thread is let go");
    }

    @Test
    void aCleanStopKeepsTheJvmsStatus() {
        Pairlockd.onSignal(() -> "handed MAIN to SC1", new PrintWriter(err), stopped, halted::add).run();

        assertEquals("", err.toString());
        assertEquals(List.of(), halted);
        assertEquals(0, stopped.getCount());
    }
}

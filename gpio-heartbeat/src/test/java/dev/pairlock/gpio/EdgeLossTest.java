package dev.pairlock.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pairlock.hal.gpio.EdgeEvent;
import java.text.MessageFormat;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The count and the rate limit of the lost-edge warnings both adapters log, on the edges' own (kernel)
 * time; the adapters' {@code LostEdgesTest}s drive it through their inputs over an overflowing chip.
 * The warnings are read from a {@code System.Logger} of the test's, as an adapter hands its own in.
 */
class EdgeLossTest {
    private static final EdgeLoss.Wording WORDS = new EdgeLoss.Wording("the next event counts them", "the kernel's debounce",
            "it is closed");
    private final Captured log = new Captured();

    /** A System.Logger that keeps what is logged at WARNING. */
    private static final class Captured implements System.Logger {
        final List<String> warnings = new CopyOnWriteArrayList<>();

        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            if (level == Level.WARNING) {
                warnings.add(msg);
            }
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            log(level, bundle, params == null ? format : MessageFormat.format(format, params), (Throwable) null);
        }
    }

    private static EdgeEvent edge(long timestampNanos, long lineSeqno) {
        return new EdgeEvent(EdgeEvent.Type.RISING, timestampNanos, 7, lineSeqno, lineSeqno);
    }

    @Test
    void aLossIsWarnedOfAtMostOncePerIntervalOfTheEdgesOwnTimeAndTheLogAddsUpToTheCount() {
        EdgeLoss loss = new EdgeLoss(log, "input x (gpiochip3 line 7)", WORDS);
        long t = 1_000_000_000L;
        loss.lost(2, edge(t, 10));
        loss.lost(3, edge(t + EdgeLoss.LOG_INTERVAL_NANOS - 1, 20)); // within the interval: counted, held back
        assertEquals(5, loss.total());
        assertEquals(List.of("input x (gpiochip3 line 7): 2 edge(s) lost in the kernel's event buffer (it overflowed) before"
                + " edge 10 of the line, 2 since the input was created: no listener hears them, and the next event counts them."
                + " The line changes faster than its edges are read: the kernel's debounce filters a bouncing contact."
                + " At most one such warning per 5 s"), log.warnings);

        loss.lost(1, edge(t + EdgeLoss.LOG_INTERVAL_NANOS, 30)); // a whole interval after the warning: the held-back 3 folded in
        assertEquals(2, log.warnings.size());
        assertEquals("input x (gpiochip3 line 7): 4 edge(s) lost in the kernel's event buffer (it overflowed) since the last"
                + " warning, the last ones before edge 30 of the line, 6 since the input was created: no listener hears them,"
                + " and the next event counts them. The line changes faster than its edges are read: the kernel's debounce"
                + " filters a bouncing contact. At most one such warning per 5 s", log.warnings.getLast());

        loss.close();
        assertEquals(2, log.warnings.size(), "nothing held back, nothing more to say");
        loss.lost(7, edge(t + EdgeLoss.LOG_INTERVAL_NANOS + 1, 40));
        loss.close();
        loss.close();
        assertEquals(3, log.warnings.size(), log.warnings::toString);
        assertEquals("input x (gpiochip3 line 7): 7 more edge(s) lost in the kernel's event buffer since the last warning,"
                + " 13 since the input was created (it is closed)", log.warnings.getLast());
        assertEquals(13, loss.total());
    }

    @Test
    void theIntervalIsTheEdgesTimeNotTheCallsSoAQuietLineWarnsOfItsNextLossAtOnce() {
        EdgeLoss loss = new EdgeLoss(log, "input y (gpiochip0 line 1)", WORDS);
        loss.lost(1, edge(0, 5));
        loss.lost(1, edge(3 * EdgeLoss.LOG_INTERVAL_NANOS, 500));
        loss.lost(1, edge(3 * EdgeLoss.LOG_INTERVAL_NANOS + 1, 600));
        assertEquals(2, log.warnings.size(), "one per interval of edge time, each loss after a quiet interval said at once: "
                + log.warnings);
        assertEquals(3, loss.total());
    }

    @Test
    void everyPartIsNamed() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> new EdgeLoss(log, "input z", null));
        assertEquals("wording", e.getMessage());
        e = assertThrows(NullPointerException.class, () -> new EdgeLoss.Wording("counted", null, "ended"));
        assertEquals("debounce", e.getMessage());
    }
}

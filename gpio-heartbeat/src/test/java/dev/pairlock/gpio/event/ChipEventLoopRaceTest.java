package dev.pairlock.gpio.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.libc.ErrnoException;
import dev.pairlock.libc.NativeErrno;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The loop's caller-side errno capture is one segment: a register on one thread and a deregister's
 * wake-up on another must not use it at once (one wrote under the wake value's monitor, the other
 * under the call state's, so a failing epoll_ctl was reported with the errno of the other thread's
 * eventfd write).
 */
class ChipEventLoopRaceTest {
    @Test
    void aFailingRegisterReportsItsOwnErrnoWhileAnotherThreadDeregisters() throws Exception {
        int[] p = Pipes.open();
        AtomicBoolean stop = new AtomicBoolean();
        Map<Integer, Integer> wrong = new TreeMap<>();
        int attempts = 0;
        try (ChipEventLoop loop = new ChipEventLoop("race", Throwable::printStackTrace)) {
            Thread churn = Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    long token = loop.register(p[0], () -> true);
                    loop.deregister(token); // wakes the loop for its barrier: an eventfd write
                }
            });
            long end = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < end) {
                attempts++;
                try {
                    loop.register(-1, () -> true); // epoll_ctl(ADD, -1): EBADF
                } catch (ErrnoException e) {
                    if (e.number() != NativeErrno.EBADF) {
                        wrong.merge(e.number(), 1, Integer::sum);
                    }
                }
            }
            stop.set(true);
            churn.join();
        } finally {
            Pipes.close(p);
        }
        assertTrue(attempts > 1000, "attempts: " + attempts);
        assertEquals(Map.of(), wrong, "errno other than EBADF (errno -> count) in " + attempts + " failing registers");
    }
}

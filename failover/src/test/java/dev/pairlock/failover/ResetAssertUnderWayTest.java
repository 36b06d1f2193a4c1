package dev.pairlock.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.ControllerHardware;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.clock.Gchip;
import dev.pairlock.hal.peer.ResetLine;
import dev.pairlock.hal.time.Scheduler;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A claimant's reset assertion checks its authority on the local lane and then writes: on a real
 * lane thread the two are one operation but not one instant, so the incarnation may fail safe in
 * between and be started again before the write lands (a register access slower than the
 * back-off). The new incarnation's start releases the line at once, but finds it not yet
 * asserted; the old assertion then lands and, unreleased, would hold the peer in reset for good
 * (the new core knows nothing of it). The start's release must be the last word: made once more
 * on the local lane, behind the assertion still under way.
 *
 * <p>Real lanes ({@link ThreadLanes}); the test thread is the control loop and runs the restart
 * itself. The assertion is held inside the reset line (after its check passed) until the test
 * lets it land, so the order is fixed by latches, not by timing.
 */
@Timeout(60)
class ResetAssertUnderWayTest {
    private static final long WAIT_SECONDS = 30;

    private volatile boolean asserted;
    private final CountDownLatch assertChecked = new CountDownLatch(1);
    private final CountDownLatch assertMayLand = new CountDownLatch(1);
    /** The tick, lane completions, the restart: never run; the test drives the loop. */
    private final Scheduler scheduler = (delay, task) -> () -> { };
    private final ThreadLanes lanes = new ThreadLanes(scheduler, 1);

    @AfterEach
    void closeLanes() {
        assertMayLand.countDown();
        lanes.close();
    }

    /** The first incarnation claims and fences the peer at boot, then fails on the next event. */
    private static StubLogic claimant() {
        // a claimant: its assertion passes the runtime's authority check
        return new StubLogic(Role.BECOMING_MAIN, 1, Long.MIN_VALUE, (self, event, now, out) -> {
            if (event instanceof Event.Boot) {
                out.add(new Command.AssertReset());
                return;
            }
            throw new IllegalStateException("injected: the core failed");
        });
    }


    @Test
    void aRestartReleasesTheLineBehindAnAssertionOfTheOldIncarnationStillUnderWay() throws InterruptedException {
        int[] starts = {0};
        CoreConfig cfg = CoreConfig.defaults(ScId.SC0, 1);
        // every incarnation after the claimant: undecided, asks for nothing
        ControllerRuntime rt = new ControllerRuntime(hardware(), cfg, scheduler, lanes,
                c -> starts[0]++ == 0 ? claimant() : StubLogic.idle(1), new ControllerRuntime.Listener() { }, 0);
        rt.start();
        assertTrue(assertChecked.await(WAIT_SECONDS, TimeUnit.SECONDS), "the assertion passed its check");

        rt.deliver(new Event.Wake());
        assertFalse(rt.running(), "failed safe while the assertion was under way");
        assertEquals(1, rt.faults());
        rt.start(); // what the back-off's restart does
        assertTrue(rt.running());
        assertFalse(asserted, "not landed yet: the start found nothing to release");

        assertMayLand.countDown();
        CountDownLatch drained = new CountDownLatch(1);
        lanes.submit(Lanes.LOCAL, () -> {
            drained.countDown();
            return null;
        }, e -> { });
        assertTrue(drained.await(WAIT_SECONDS, TimeUnit.SECONDS), "the local lane drained");
        assertFalse(asserted, "the old incarnation's assertion landed last: the peer is held in reset for good");
        assertEquals(1, rt.faults());
        assertEquals(0, lanes.failures());
    }

    private ControllerHardware hardware() {
        ResetLine line = new ResetLine() {
            public void assertReset() {
                assertChecked.countDown(); // the runtime checked the authority just before this call
                try {
                    assertMayLand.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                asserted = true;
            }

            public void release() {
                asserted = false;
            }

            public boolean asserted() {
                return asserted;
            }
        };
        Gchip gchip = InertParts.followerGchip();
        return InertParts.sc0(gchip, Optional.of(line), () -> 0L, scheduler);
    }
}

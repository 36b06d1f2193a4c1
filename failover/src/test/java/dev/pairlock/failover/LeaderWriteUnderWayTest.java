package dev.pairlock.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.ControllerHardware;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.clock.Gchip;
import dev.pairlock.hal.clock.RefSel;
import dev.pairlock.hal.time.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A LEADER write checks the authority on the local lane and then writes: on a real lane thread the
 * two are one operation but not one instant, so the control loop may give up authority in between
 * (its lease lapsed at the tick, a lane reported the lapse, an exception). Then the LEADER lands
 * after the loop's own FOLLOWER write, and an SC that holds no authority would lead — beside the
 * peer that takes over from it. However the runtime gives up authority, FOLLOWER must be the
 * last word: written once more on the local lane, behind the write already under way.
 *
 * <p>Real lanes ({@link ThreadLanes}); the test thread is the control loop. The LEADER write is
 * held inside the Gchip (after its check passed) until the test lets it land, so the order is
 * fixed by latches, not by timing.
 */
@Timeout(60)
class LeaderWriteUnderWayTest {
    private static final long WAIT_SECONDS = 30;

    private volatile long now;
    private volatile RefSel refSel = RefSel.FOLLOWER;
    private final CountDownLatch leaderChecked = new CountDownLatch(1);
    private final CountDownLatch leaderMayLand = new CountDownLatch(1);
    /** What the runtime schedules (the tick, lane completions); never run: the test drives the loop. */
    private final ConcurrentLinkedQueue<Runnable> scheduled = new ConcurrentLinkedQueue<>();
    private final Scheduler scheduler = (delay, task) -> {
        scheduled.add(task);
        return () -> { };
    };
    private final ThreadLanes lanes = new ThreadLanes(scheduler, 1);

    @AfterEach
    void closeLanes() {
        leaderMayLand.countDown();
        lanes.close();
    }

    /** MAIN with a lease until t=100: asks for LEADER at boot, then whatever the test queues. */
    private static final class Scripted extends StubLogic {
        final List<Command> next = new ArrayList<>();
        /** If set, what handling the next event throws (an unexpected exception in the core). */
        RuntimeException fails;

        Scripted() {
            super(Role.MAIN, 1, 100, (self, event, now, out) -> { });
        }

        @Override
        public void handle(Event event, long nowNanos, List<Command> out) {
            if (event instanceof Event.Boot) {
                out.add(new Command.WriteRefSel(RefSel.LEADER));
                return;
            }
            if (fails != null) {
                throw fails;
            }
            if (next.stream().anyMatch(c -> c instanceof Command.Halt)) {
                role = Role.HALTED;
            }
            out.addAll(next);
            next.clear();
        }
    }

    @Test
    void aHaltLeavesFollowerBehindALeaderWriteAlreadyUnderWay() throws InterruptedException {
        Scripted logic = new Scripted();
        ControllerRuntime rt = leaderWriteUnderWay(logic);
        now = 150; // the lease lapsed while the lane thread was between its check and its write
        logic.next.add(new Command.Halt());
        rt.deliver(new Event.Wake());
        assertFalse(rt.running(), "halted");
        assertEquals(0, rt.faults());
        assertEquals(RefSel.FOLLOWER, afterTheLeaderLands(), "a halted SC leads: the in-flight LEADER landed last");
    }

    @Test
    void aFaultLeavesFollowerBehindALeaderWriteAlreadyUnderWay() throws InterruptedException {
        Scripted logic = new Scripted();
        ControllerRuntime rt = leaderWriteUnderWay(logic);
        logic.fails = new IllegalStateException("injected: the core failed");
        rt.deliver(new Event.Wake());
        assertFalse(rt.running(), "failed safe");
        assertEquals(1, rt.faults());
        assertEquals(RefSel.FOLLOWER, afterTheLeaderLands(), "an SC that failed safe leads: the in-flight LEADER landed last");
    }

    /** Starts a MAIN whose LEADER write has passed its authority check and not yet landed. */
    private ControllerRuntime leaderWriteUnderWay(Scripted logic) throws InterruptedException {
        CoreConfig cfg = CoreConfig.defaults(ScId.SC0, 1);
        ControllerRuntime rt = new ControllerRuntime(hardware(), cfg, scheduler, lanes, c -> logic,
                new ControllerRuntime.Listener() { }, 0);
        now = 10;
        rt.start();
        assertTrue(leaderChecked.await(WAIT_SECONDS, TimeUnit.SECONDS), "the LEADER write passed its check");
        assertEquals(RefSel.FOLLOWER, refSel, "not landed yet");
        return rt;
    }

    /** Lets the held LEADER write land and waits until the local lane has run everything queued behind it. */
    private RefSel afterTheLeaderLands() throws InterruptedException {
        assertEquals(RefSel.FOLLOWER, refSel, "the control loop wrote FOLLOWER at once");
        leaderMayLand.countDown();
        CountDownLatch drained = new CountDownLatch(1);
        lanes.submit(Lanes.LOCAL, () -> {
            drained.countDown();
            return null;
        }, e -> { });
        assertTrue(drained.await(WAIT_SECONDS, TimeUnit.SECONDS), "the local lane drained");
        return refSel;
    }

    private ControllerHardware hardware() {
        Gchip gchip = new Gchip() {
            public RefSel refSel() {
                return refSel;
            }

            public void setRefSel(RefSel mode) {
                if (mode == RefSel.LEADER) {
                    leaderChecked.countDown(); // the runtime checked the authority just before this call
                    try {
                        leaderMayLand.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                refSel = mode;
            }

            public boolean phaseLocked() {
                return true;
            }

            public boolean peerClockPresent() {
                return true;
            }
        };
        return InertParts.sc0(gchip, Optional.empty(), () -> now, scheduler);
    }
}

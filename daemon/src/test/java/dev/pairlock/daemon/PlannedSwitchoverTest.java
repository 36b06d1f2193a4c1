package dev.pairlock.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.failover.ControllerRuntime;
import dev.pairlock.failover.Event;
import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.time.Scheduler;
import dev.pairlock.supervision.FailoverRequester;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor's planned failover on two real daemons, answered by the core: the race the two-SC
 * campaign lost once in CI (`service-failover`: the MAIN stayed MAIN for 60 s). The request passed
 * the status check, the SEL record written right after it turned priority-1 "syncing", that sync
 * word overtook the queued FAILOVER_FORCE (as S5 wants), the core refused, and the supervisor,
 * told "accepted", never asked again.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PlannedSwitchoverTest {
    @TempDir
    Path dir;

    /** Starts both daemons and waits for one MAIN and one SPARE; returns the MAIN. */
    static ScId settledPair(DaemonPair pair) throws java.io.IOException {
        pair.startBoth();
        DaemonPair.await("one MAIN, one SPARE", pair::settled);
        return pair.main();
    }

    static int ticksPerFdt(ControlLoop loop) {
        return (int) (DaemonPair.FDT_MILLIS * 1_000_000 / loop.tickNanos());
    }

    @Test
    void aSyncLossThatOvertakesTheRequestIsTheAnswerNotAnAcceptance() throws Exception {
        try (DaemonPair pair = new DaemonPair(dir)) {
            ScId main = settledPair(pair);
            ControlLoop loop = pair.daemons[main.index()].loop();
            int ticksPerFdt = ticksPerFdt(loop);
            for (Daemon d : pair.daemons) {
                d.loop().post(new Event.SyncStatus(true));
            }
            DaemonPair.await("priority-1 in sync on the MAIN", () -> loop.call(rt -> rt.status().priority1InSync()));

            // the loop the request goes through hears the sync engine's "syncing" right after the
            // status check passed, before the FAILOVER_FORCE is delivered: the order the SEL record
            // and the data sync produced in the VM, made certain here (the second task the request
            // runs on the loop: the post itself, or what it reads first)
            ControllerRuntime rt = loop.runtime();
            AtomicInteger immediate = new AtomicInteger();
            Scheduler racing = (delay, task) -> loop.scheduler().schedule(delay, delay == 0 && immediate.incrementAndGet() == 2
                    ? () -> {
                        task.run();
                        rt.post(new Event.SyncStatus(false));
                    }
                    : task);
            ControlLoop raced = new ControlLoop(racing, rt, loop.tickNanos());
            FailoverRequester.Answer a = EventsPlugin.requestFailover(raced, ticksPerFdt);
            assertTrue(immediate.get() >= 2, "the status check, then the request");
            assertFalse(a.started(), "the core refused; the answer must say so: " + a);
            assertTrue(a.refusal().contains("not in sync"), a.refusal());
            assertEquals(Role.MAIN, loop.call(r -> r.status().role()), "still MAIN: the supervisor must ask again");

            // sync again: the same request is started by the core, and the SPARE takes MAIN
            rt.post(new Event.SyncStatus(true));
            DaemonPair.await("in sync again", () -> loop.call(r -> r.status().priority1InSync()));
            FailoverRequester.Answer b = EventsPlugin.requestFailover(loop, ticksPerFdt);
            assertTrue(b.started(), b::toString);
            assertEquals(Role.SPARE, loop.call(r -> r.status().role()), "started means the core left MAIN");
            DaemonPair.await("the SPARE took MAIN", () -> "MAIN".equals(pair.role(main.peer())));
        }
    }

    @Test
    void aRequestWhileTheServicesOwnRecordsSyncWaitsForTheSyncInsteadOfTheNextTry() throws Exception {
        // in the VM the service's last exit record was still syncing when the supervisor asked, so
        // every service failover waited for the supervisor's 10 s retry
        try (DaemonPair pair = new DaemonPair(dir)) {
            ScId main = settledPair(pair);
            ControlLoop loop = pair.daemons[main.index()].loop();
            int ticksPerFdt = ticksPerFdt(loop);
            pair.daemons[main.peer().index()].loop().post(new Event.SyncStatus(true));
            loop.post(new Event.SyncStatus(false));
            java.util.concurrent.CompletableFuture<FailoverRequester.Answer> asked =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> EventsPlugin.requestFailover(loop, ticksPerFdt));
            DaemonPair.pause(DaemonPair.FDT_MILLIS / 2);
            assertFalse(asked.isDone(), "waits while the sync is in flight");
            loop.post(new Event.SyncStatus(true));
            FailoverRequester.Answer a = asked.get(30, TimeUnit.SECONDS);
            assertTrue(a.started(), a::toString);
            DaemonPair.await("the SPARE took MAIN", () -> "MAIN".equals(pair.role(main.peer())));

            // a sync that does not come back within 2 FDT is a refusal (the supervisor asks again later)
            ControlLoop now = pair.daemons[main.peer().index()].loop();
            DaemonPair.await("the old MAIN is SPARE of the new epoch", pair::settled);
            now.post(new Event.SyncStatus(false));
            FailoverRequester.Answer b = EventsPlugin.requestFailover(now, ticksPerFdt);
            assertFalse(b.started());
            assertEquals("priority-1 data not in sync", b.refusal());
        }
    }

    @Test
    void aHopelessRequestIsRefusedBeforeTheCoreIsAsked() throws Exception {
        try (DaemonPair pair = new DaemonPair(dir)) {
            pair.start(ScId.SC0);
            DaemonPair.await("SC0 MAIN alone", () -> "MAIN".equals(pair.role(ScId.SC0)));
            ControlLoop loop = pair.daemons[0].loop();
            loop.post(new Event.SyncStatus(true));
            FailoverRequester.Answer a = EventsPlugin.requestFailover(loop, 10);
            assertFalse(a.started());
            assertTrue(a.refusal().startsWith("the peer is not a healthy SPARE (peer "), a.refusal());
            boolean noRefusal = loop.call(r -> r.status().lastEvents().stream()
                    .noneMatch(e -> e.kind() == dev.pairlock.failover.HealthEvent.Kind.SWITCHOVER_REFUSED));
            assertTrue(noRefusal, "the core was not asked: no refusal record for a request that could not start");
        }
    }
}

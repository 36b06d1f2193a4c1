package dev.pairlock.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.failover.Event;
import dev.pairlock.failover.Event.Operator.Op;
import dev.pairlock.failover.Event.SyncStatus.For;
import dev.pairlock.failover.HealthEvent;
import dev.pairlock.failover.Role;
import dev.pairlock.failover.SwitchoverRefusal;
import dev.pairlock.hal.ScId;
import dev.pairlock.mock.ChassisConfig;
import dev.pairlock.mock.TraceEvent;
import dev.pairlock.mock.VirtualTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulator's data sync speaks for a role only once its engine applied it, as pairlockd's does:
 * a role change is handed over at once and published {@link Schedule#syncPublishNanos} later, an
 * epoch change alone at the bridge's next poll (FDT/4), a change of the fact at once for the role
 * applied then; a stop ends what was under way.
 */
class DatasyncStandInTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;
    private static final long FDT = S;

    /** Software whose role the test sets; keeps every word with the virtual time it came at. */
    private static final class Recording extends StubSoftware {
        private final VirtualTime time;
        private long version;
        /** Told of every move of the version, as a runtime tells its listener. */
        DatasyncStandIn sync;
        final List<String> words = new ArrayList<>();

        Recording(VirtualTime time) {
            this.time = time;
        }

        void set(Role r, long e) {
            role = r;
            epoch = e;
            version++;
            sync.stateMoved();
        }

        @Override
        public long stateVersion() {
            return version;
        }

        @Override
        public void syncStatus(Event.SyncStatus w) {
            words.add(time.now() / MS + " ms " + w.speaksFor() + " " + w.epoch() + " " + (w.priority1InSync() ? "in" : "out"));
        }
    }

    @Test
    void aRoleIsSpokenForOnlyOnceTheEngineAppliedIt() {
        VirtualTime time = new VirtualTime();
        Recording sw = new Recording(time);
        DatasyncStandIn sync = new DatasyncStandIn(time, sw, FDT, 30 * MS);
        sw.sync = sync;
        time.afterEachEvent(sync::afterEvent);
        sw.start();
        sync.started(); // at 0: the bridge hands NONE over at once, polls every 250 ms from here
        time.scheduleAt(100 * MS, () -> {
            sw.set(Role.SPARE, 1);
            sync.roleChanged(Role.SPARE, 1);
        });
        time.scheduleAt(110 * MS, () -> sync.fact(false)); // said at once, for the role applied then
        time.scheduleAt(300 * MS, () -> sw.set(Role.SPARE, 2)); // an epoch alone: seen at the 500 ms poll
        time.scheduleAt(700 * MS, () -> {
            sw.set(Role.MAIN, 3);
            sync.roleChanged(Role.MAIN, 3);
        });
        time.scheduleAt(710 * MS, () -> {
            sw.stop();
            sync.stopped(); // power off: the MAIN word under way never comes
        });
        time.runUntil(2 * S);
        assertEquals(List.of("30 ms NEITHER 0 in", "110 ms NEITHER 0 out", "130 ms SPARE 1 out", "530 ms SPARE 2 out"),
                sw.words);
    }

    /** Both start at once (SC0 MAIN, SC1 SPARE); SC0 hands over at 5 s; the new MAIN SC1 is asked at 5.5 s and at 7.5 s. */
    private static RunResult switchoverAndBack(long publishNanos) {
        Schedule s = new Schedule("stand-in", 1, ChassisConfig.defaults().withSeed(1), FDT, List.of(
                new Action.StartSoftware(0, ScId.SC0), new Action.StartSoftware(0, ScId.SC1),
                new Action.OperatorCommand(5 * S, ScId.SC0, Op.FAILOVER_FORCE),
                new Action.OperatorCommand(5_500 * MS, ScId.SC1, Op.FAILOVER_FORCE),
                new Action.OperatorCommand(7_500 * MS, ScId.SC1, Op.FAILOVER_FORCE)), 15 * S, 30 * S, true, publishNanos);
        RunResult r = new PairSimulation(s, true).run();
        assertTrue(r.ok(), r.violations()::toString);
        return r;
    }

    private static List<Long> mainsOf(RunResult r, ScId sc) {
        return r.trace().stream().filter(e -> e.kind() == TraceEvent.Kind.PROTOCOL && e.sc() == sc
                && e.a() == Role.MAIN.ordinal()).map(TraceEvent::time).toList();
    }

    @Test
    void aNewMainIsNotInSyncUntilItsDataSyncSpeaksForItsRole() {
        // data sync slow to speak (1.5 s): SC1, MAIN by the handover at 5 s, refuses at 5.5 s (its
        // SPARE holds nothing of its own yet) and hands back at 7.5 s
        RunResult slow = switchoverAndBack(1_500 * MS);
        assertTrue(slow.health().stream().anyMatch(h -> h.sc() == ScId.SC1
                && h.event().kind() == HealthEvent.Kind.SWITCHOVER_REFUSED && h.event().detail() == SwitchoverRefusal.NOT_IN_SYNC
                && h.event().timeNanos() == 5_500 * MS), slow.health()::toString);
        assertEquals(1, mainsOf(slow, ScId.SC1).size());
        assertTrue(mainsOf(slow, ScId.SC0).stream().anyMatch(t -> t >= 7_500 * MS), "handed back at 7.5 s");

        // an idle data sync speaks within a millisecond: the same request at 5.5 s goes
        RunResult idle = switchoverAndBack(Schedule.DEFAULT_SYNC_PUBLISH_NANOS);
        assertTrue(mainsOf(idle, ScId.SC0).stream().anyMatch(t -> t >= 5_500 * MS && t < 5_600 * MS), idle.health()::toString);
    }
}

package dev.pairlock.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.failover.HealthEvent;
import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import dev.pairlock.mock.ChassisConfig;
import dev.pairlock.mock.Fault;
import dev.pairlock.mock.LinkDirection;
import dev.pairlock.mock.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Data sync's engine starts with the software and says nothing until it applied its first role
 * (DatasyncStandIn, as pairlockd's): until then the core counts as not in sync
 * (CoreConfig.syncEngine). A SPARE whose live MAIN goes silent before that waits (S5); a cold
 * start still makes a MAIN.
 */
class EngineFirstWordSimTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;
    /** A slow engine: 4 s from a role handed over to its first word for it. */
    private static final long PUBLISH = 4 * S;

    private static List<Long> rolesOf(RunResult r, ScId sc, Role role) {
        return r.trace().stream().filter(e -> e.kind() == TraceEvent.Kind.PROTOCOL && e.sc() == sc
                && e.a() == role.ordinal()).map(TraceEvent::time).toList();
    }

    @Test
    void aSpareWhoseEngineHasNotSpokenWaitsForItsFirstInSyncWordBeforeReplacingASilentLiveMain() {
        // priority 1 out of sync from before the software starts (the engine, not up, says nothing);
        // both start at once: SC0 MAIN, SC1 SPARE within the first second. At 1.5 s SC0's heartbeat
        // and frames stop reaching SC1, SC0 alive and MAIN. Sync comes at 8 s.
        List<Action> actions = new ArrayList<>(List.of(new Action.Sync(0, false),
                new Action.StartSoftware(0, ScId.SC0), new Action.StartSoftware(0, ScId.SC1),
                new Action.InjectFault(1_500 * MS, new Fault.CutHeartbeat(ScId.SC0)),
                new Action.InjectFault(1_500 * MS, new Fault.Partition(LinkDirection.SC0_TO_SC1)),
                new Action.Sync(8 * S, true)));
        Schedule s = new Schedule("first-word", 1, ChassisConfig.defaults().withSeed(1), S, actions, 12 * S, 30 * S,
                true, PUBLISH);
        RunResult r = new PairSimulation(s, true).run();
        assertTrue(r.ok(), r.violations()::toString);
        long spare = rolesOf(r, ScId.SC1, Role.SPARE).getFirst();
        assertTrue(spare < 1_500 * MS, "SC1 SPARE before the MAIN goes silent, at " + spare);
        List<Long> claims = rolesOf(r, ScId.SC1, Role.BECOMING_MAIN);
        assertTrue(!claims.isEmpty() && claims.getFirst() >= 8 * S && claims.getFirst() < 9 * S,
                "SC1 claims at the first in-sync word (8 s), not at the loss (~2.5 s): " + claims);
        assertTrue(r.health().stream().anyMatch(h -> h.sc() == ScId.SC1
                && h.event().kind() == HealthEvent.Kind.TAKEOVER_DEFERRED && h.event().timeNanos() < 4 * S),
                "deferred before its engine first spoke");
        assertEquals(ScId.SC1, r.finalMain());
    }

    @Test
    void aColdStartWithThePeersSoftwareNotStartedMakesAMainOnceTheEngineFirstSpeaks() {
        // SC1 powered, its software never started: SC0 cannot tell it from a MAIN it cannot see, so
        // its claim asks S5, which its engine's first word (in sync) answers
        Schedule s = new Schedule("first-word-cold", 1, ChassisConfig.defaults().withSeed(1), S,
                List.of(new Action.StartSoftware(0, ScId.SC0)), 12 * S, 30 * S, true, 2_500 * MS);
        RunResult r = new PairSimulation(s, true).run();
        assertTrue(r.ok(), r.violations()::toString);
        List<Long> mains = rolesOf(r, ScId.SC0, Role.MAIN);
        assertTrue(!mains.isEmpty() && mains.getFirst() >= 2_500 * MS && mains.getFirst() < 5 * S,
                "MAIN after the engine's first word at 2.5 s: " + mains);
        assertEquals(ScId.SC0, r.finalMain());
    }
}

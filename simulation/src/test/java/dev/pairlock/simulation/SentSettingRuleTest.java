package dev.pairlock.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.failover.Event.Operator.Op;
import dev.pairlock.failover.FailoverSetting;
import dev.pairlock.failover.PeerCodec;
import dev.pairlock.failover.PeerMessage;
import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.clock.RefSel;
import dev.pairlock.mock.Chassis;
import dev.pairlock.mock.ChassisConfig;
import dev.pairlock.mock.DurationRange;
import dev.pairlock.mock.Fault;
import dev.pairlock.mock.InitialState;
import dev.pairlock.mock.VirtualTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * FAILOVER_OFF_SENT alone ({@link SentSettingRule} over {@link FailoverSettingFacts}), on a bare
 * chassis whose link carries hand-made frames after exactly 10 ms: which frames an SC that surely
 * holds an off may send, judged at the instant each leaves.
 */
class SentSettingRuleTest {
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    private final CheckerChassisFactsTest.Fake[] sw = {new CheckerChassisFactsTest.Fake(), new CheckerChassisFactsTest.Fake()};
    private final Chassis chassis = new Chassis(ChassisConfig.defaults().withSeed(1)
            .withInitialState(InitialState.RUNNING_SC0_LEADS), new VirtualTime());
    private final ViolationLog log = new ViolationLog();
    private final FailoverSettingFacts facts = new FailoverSettingFacts(chassis, sw, log);

    @BeforeEach
    void link() {
        for (CheckerChassisFactsTest.Fake f : sw) {
            f.start();
            f.role = Role.SPARE;
        }
        for (ScId sc : ScId.values()) {
            chassis.peerLink(sc).onFrame(f -> { }); // the chassis delivers only to a receiver
        }
        chassis.inject(new Fault.LinkLatency(null, DurationRange.ofMillis(10, 10)));
    }

    private static byte[] frame(boolean on, long generation, long seq) {
        return PeerCodec.encode(new PeerMessage(PeerMessage.Kind.PING, Role.SPARE, 1, RefSel.FOLLOWER, seq,
                new FailoverSetting(on, generation, FailoverSetting.Reason.OPERATOR), 18));
    }

    private void at(long t, Runnable r) {
        chassis.time().scheduleAt(t, r);
    }

    private void send(long t, ScId from, byte[] frame) {
        at(t, () -> chassis.peerLink(from).send(frame));
    }

    private void command(long t, ScId sc, Op op) {
        at(t, () -> facts.delivered(sc, op, sw[sc.index()]));
    }

    private List<String> run() {
        chassis.time().runUntil(10 * S);
        return log.kept().stream().map(v -> v.timeNanos() / MS + " ms " + v.property()).toList();
    }

    @Test
    void aFrameIsJudgedAsItLeavesSoOneStillOnItsWayWhenTheOffIsTakenIsRight() {
        send(S - 5 * MS, ScId.SC0, frame(true, 0, 1)); // still on its way at S: arrives after the off was taken
        command(S, ScId.SC0, Op.FAILOVER_OFF);
        send(S, ScId.SC0, frame(true, 0, 2)); // the off's own instant: it may have run before the off
        send(S + MS, ScId.SC0, frame(false, 1, 3));
        send(2 * S, ScId.SC0, frame(true, 0, 4)); // the old on, long after: the peer never learns the off
        send(2 * S + MS, ScId.SC0, frame(true, 0, 5)); // the same lapse: not a second violation
        assertEquals(List.of("2000 ms FAILOVER_OFF_SENT"), run());
        String detail = log.kept().getFirst().detail();
        assertTrue(detail.startsWith("SC0 sent PING seq 4 (epoch 1) carrying failover on of generation 0 while it"
                + " surely held failover off of generation 1 or above"), detail);
        assertEquals(1, log.count());
    }

    @Test
    void anOffTheLinkDeliveredMustBeEchoedAtItsGenerationOrAbove() {
        send(S, ScId.SC0, frame(false, 3, 1)); // SC1 takes it at S + 10 ms
        send(S + 10 * MS, ScId.SC1, frame(true, 0, 1)); // in the instant it was delivered: not judged
        send(2 * S, ScId.SC1, frame(false, 3, 2));
        send(3 * S, ScId.SC1, frame(false, 5, 3)); // above it: its own later change
        send(4 * S, ScId.SC1, frame(false, 2, 4)); // an older off
        assertEquals(List.of("4000 ms FAILOVER_OFF_SENT"), run());
        assertTrue(log.kept().getFirst().detail().contains("failover off of generation 2 while it surely held failover"
                + " off of generation 3 or above"), log.kept()::toString);
    }

    @Test
    void anOnThatMayOutrankTheOffEndsTheFact() {
        command(S, ScId.SC0, Op.FAILOVER_OFF); // generation 1 at least
        send(2 * S, ScId.SC0, frame(true, 0, 1));
        command(3 * S, ScId.SC1, Op.FAILOVER_ON); // an on after the off, to either SC: it may win
        send(4 * S, ScId.SC0, frame(true, 2, 2));
        send(5 * S, ScId.SC0, frame(false, 5, 3)); // SC1 takes it at 5.01 s: above its own on (ceiling 1)
        send(6 * S, ScId.SC1, frame(false, 5, 1)); // SC1 echoes it, and SC0 takes its own off back
        command(6500 * MS, ScId.SC0, Op.FAILOVER_ON); // SC0's own on ends what SC0 holds
        send(7 * S, ScId.SC0, frame(true, 6, 4)); // an on above SC1's off in a frame to it: it may have won
        send(8 * S, ScId.SC1, frame(true, 6, 2));
        assertEquals(List.of("2000 ms FAILOVER_OFF_SENT"), run());
    }

    @Test
    void anOffHeldOverARestartStillHoldsItsFrames() {
        // persisted: the SC boots from it, so its first frame after the restart carries it
        command(S, ScId.SC1, Op.FAILOVER_OFF);
        at(2 * S, () -> {
            sw[1].stop();
            facts.interrupted(ScId.SC1);
        });
        send(2 * S + MS, ScId.SC1, frame(true, 0, 1)); // software stopped: nothing it sends is judged
        at(3 * S, () -> {
            sw[1].start();
            facts.interrupted(ScId.SC1);
        });
        send(4 * S, ScId.SC1, frame(true, 0, 2));
        assertEquals(List.of("4000 ms FAILOVER_OFF_SENT"), run());
    }

    @Test
    void haltedSoftwareAndFramesTheReceiverWouldRejectAreNotJudged() {
        command(S, ScId.SC0, Op.FAILOVER_OFF);
        byte[] otherVersion = frame(true, 0, 1);
        otherVersion[0] = (byte) (PeerCodec.VERSION + 1);
        send(2 * S, ScId.SC0, otherVersion);
        send(2 * S, ScId.SC0, new byte[] {1, 2, 3});
        at(3 * S, () -> sw[0].role = Role.HALTED);
        send(4 * S, ScId.SC0, frame(true, 0, 2));
        assertEquals(List.of(), run());
    }
}

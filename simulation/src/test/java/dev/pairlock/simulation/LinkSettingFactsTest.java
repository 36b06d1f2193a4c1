package dev.pairlock.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LinkSettingFacts} alone, on a bare chassis whose link delivers hand-made frames from SC0 to
 * SC1 after exactly 10 ms: which OFF SC1's core surely took, at which instant, and what outranks it.
 */
class LinkSettingFactsTest {
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final long LATENCY = 10 * MS;

    private final CheckerChassisFactsTest.Fake[] sw = {new CheckerChassisFactsTest.Fake(), new CheckerChassisFactsTest.Fake()};
    private final Chassis chassis = new Chassis(ChassisConfig.defaults().withSeed(1)
            .withInitialState(InitialState.RUNNING_SC0_LEADS), new VirtualTime());
    private final LinkSettingFacts facts = new LinkSettingFacts(chassis, sw, i -> { });
    /** What each check found, in the order the checks ran. */
    private final List<Boolean> found = new ArrayList<>();

    @BeforeEach
    void link() {
        for (CheckerChassisFactsTest.Fake f : sw) {
            f.start();
        }
        for (ScId sc : ScId.values()) {
            chassis.peerLink(sc).onFrame(f -> { }); // the chassis delivers only to a receiver
        }
        chassis.inject(new Fault.LinkLatency(null, DurationRange.ofMillis(10, 10)));
    }

    private static byte[] frame(boolean on, long generation) {
        return PeerCodec.encode(new PeerMessage(PeerMessage.Kind.PING, Role.MAIN, 1, RefSel.LEADER, 7,
                new FailoverSetting(on, generation, FailoverSetting.Reason.OPERATOR), 18));
    }

    private void at(long t, Runnable r) {
        chassis.time().scheduleAt(t, r);
    }

    /** SC0 sends {@code frame} at {@code t}; {@code inItsInstant} runs as it is delivered, just after it. */
    private void send(long t, byte[] frame, Runnable inItsInstant) {
        at(t, () -> {
            chassis.peerLink(ScId.SC0).send(frame);
            chassis.time().scheduleAt(t + LATENCY, inItsInstant); // queued after the delivery: runs after it
        });
    }

    /** At {@code t}: is SC1 off by the link, its own latest ON having {@code ownOnCeiling}? */
    private void check(long t, long ownOnCeiling) {
        at(t, () -> found.add(facts.off(1, ownOnCeiling)));
    }

    private List<Boolean> run() {
        chassis.time().runUntil(10 * S);
        return found;
    }

    @Test
    void anOffCountsOnceTheInstantItWasDeliveredInHasPassed() {
        send(S, frame(false, 3), () -> found.add(facts.off(1, 0)));
        check(S + LATENCY + 1, 0);
        assertEquals(List.of(false, true), run(), "a claim in the frame's instant may come before the frame's turn");
    }

    @Test
    void aFrameToFrozenOrStoppedSoftwareIsNoFact() {
        at(S / 2, () -> chassis.inject(new Fault.Stall(ScId.SC1, Duration.ofSeconds(1))));
        send(S, frame(false, 3), () -> { });
        check(2 * S, 0);
        at(3 * S, () -> sw[1].stop());
        send(4 * S, frame(false, 4), () -> { });
        check(5 * S, 0);
        assertEquals(List.of(false, false), run(), "stale at the stall's end; no core to take it");
    }

    @Test
    void aStallOrARestartInTheFramesInstantMayComeBeforeIt() {
        send(S, frame(false, 3), () -> chassis.inject(new Fault.Stall(ScId.SC1, Duration.ofMillis(300))));
        check(2 * S, 0);
        send(3 * S, frame(false, 4), () -> facts.interrupted(1));
        check(4 * S, 0);
        send(5 * S, frame(false, 5), () -> { });
        check(6 * S, 0);
        assertEquals(List.of(false, false, true), run());
    }

    @Test
    void anOnInAFrameEndsTheFactOnlyByAHigherGeneration() {
        send(S, frame(false, 3), () -> { });
        send(2 * S, frame(true, 2), () -> { }); // sent before the off, arriving after it: lower, it loses
        check(3 * S, 0);
        send(4 * S, frame(true, 3), () -> { }); // equal generation: off wins
        check(5 * S, 0);
        send(6 * S, frame(true, 4), () -> { }); // higher: on wins, whether or not the core took it
        check(7 * S, 0);
        assertEquals(List.of(true, true, false), run());
    }

    @Test
    void anOnGivenToTheScItselfOutranksWhatCameBeforeItAndBeforeThatOnlyByItsCeiling() {
        send(S, frame(false, 3), () -> { });
        at(2 * S, () -> facts.onCommand(1));
        check(3 * S, 3); // taken after the off: it outranks it whatever its ceiling
        send(4 * S, frame(false, 5), () -> { });
        check(5 * S, 5); // made before the off, generation at most 5: the off (5) wins at equal ones
        check(5 * S, 6);
        check(5 * S, Long.MAX_VALUE); // not surely made yet: no ceiling
        assertEquals(List.of(false, true, false, false), run());
    }

    @Test
    void aFrameTheReceiverWouldRejectChangesNothing() {
        byte[] otherVersion = frame(false, 3);
        otherVersion[0] = (byte) (PeerCodec.VERSION + 1);
        send(S, otherVersion, () -> { });
        send(S, new byte[] {1, 2, 3}, () -> { });
        check(2 * S, 0);
        assertEquals(List.of(false), run());
    }
}

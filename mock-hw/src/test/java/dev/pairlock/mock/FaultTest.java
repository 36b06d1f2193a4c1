package dev.pairlock.mock;

import dev.pairlock.hal.ScId;
import dev.pairlock.hal.board.Presence;
import dev.pairlock.hal.clock.RefSel;
import dev.pairlock.hal.i2c.*;
import dev.pairlock.mock.TraceEvent.Kind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.pairlock.hal.ScId.SC0;
import static dev.pairlock.hal.ScId.SC1;
import static org.junit.jupiter.api.Assertions.*;

class FaultTest {
    private static final long MS = 1_000_000L;
    private final Chassis c = new Chassis(ChassisConfig.builder().slots(4).initialState(InitialState.RUNNING_SC0_LEADS).build());
    private final Parts sc0 = Parts.of(c, SC0);
    private final Parts sc1 = Parts.of(c, SC1);

    @Test
    void hungBusTimesOutAfterTheTimeoutChargedToThatScOnly() {
        c.inject(new Fault.HangBus(SC0, 3));
        I2cTimeoutException e = assertThrows(I2cTimeoutException.class, () -> sc0.boards().board(3).presence());
        assertEquals(3, e.bus());
        assertEquals(0x23, e.address());
        assertEquals(500 * MS, c.drainBusyNanos(SC0));
        assertEquals(0, c.drainBusyNanos(SC0), "draining resets the account");
        assertTrue(sc1.boards().board(3).presence().present(), "SC1's bus 3 is a different bus");
        assertEquals(1, c.trace().events(Kind.I2C_TIMEOUT).size());
        c.inject(new Fault.UnhangBus(SC0, 3));
        assertTrue(sc0.boards().board(3).presence().present());
    }

    @Test
    void reconfiguredTimeoutIsWhatIsCharged() {
        c.inject(new Fault.HangBus(SC1, 0));
        sc1.buses().bus(0).configure(new I2cSettings(Duration.ofMillis(30), 0));
        assertThrows(I2cTimeoutException.class, () -> sc1.buses().bus(0).device(0x23).readByteData(0));
        assertEquals(30 * MS, c.drainBusyNanos(SC1));
    }

    @Test
    void nackedDeviceIsAbsentOnBothScs() {
        c.inject(new Fault.NackDevice(1));
        assertEquals(Presence.ABSENT, sc0.boards().board(1).presence());
        assertEquals(Presence.ABSENT, sc1.boards().board(1).presence());
        assertThrows(I2cNoAcknowledgeException.class, () -> sc0.buses().bus(1).device(0x23).readByteData(0x10));
        assertTrue(c.physics().boardPresent(1), "the board is still seated");
        c.inject(new Fault.StopNack(1));
        assertTrue(sc0.boards().board(1).presence().present());
    }

    @Test
    void intermittentErrorsWithProbabilityOneAndZero() {
        c.inject(new Fault.IntermittentBus(SC0, 2, 1.0, I2cErrorKind.BUS_BUSY));
        for (int i = 0; i < 20; i++) {
            assertThrows(I2cBusBusyException.class, () -> sc0.boards().board(2).presence());
        }
        c.inject(new Fault.IntermittentBus(SC0, 2, 1.0, I2cErrorKind.TIMEOUT));
        c.drainBusyNanos(SC0);
        assertThrows(I2cTimeoutException.class, () -> sc0.boards().board(2).spll().status());
        assertEquals(500 * MS, c.drainBusyNanos(SC0));
        c.inject(new Fault.IntermittentBus(SC0, 2, 1.0, I2cErrorKind.ARBITRATION_LOST));
        assertThrows(I2cArbitrationLostException.class, () -> sc0.boards().board(2).presence());
        c.inject(new Fault.IntermittentBus(SC0, 2, 1.0, I2cErrorKind.BUS_ERROR));
        assertThrows(I2cBusErrorException.class, () -> sc0.boards().board(2).presence());
        c.inject(new Fault.IntermittentBus(SC0, 2, 1.0, I2cErrorKind.NACK));
        assertFalse(sc0.boards().board(2).presence().present());
        assertEquals(I2cDevice.NO_ACKNOWLEDGE, sc0.buses().bus(2).device(0x23).probeByteData(0x10),
                "an injected NACK is an absent target to a probe too");
        assertThrows(I2cNoAcknowledgeException.class, () -> sc0.buses().bus(2).device(0x23).readByteData(0x10));
        c.inject(new Fault.IntermittentBus(SC0, 2, 0.0, I2cErrorKind.NACK));
        for (int i = 0; i < 20; i++) {
            assertTrue(sc0.boards().board(2).presence().present());
        }
    }

    @Test
    void heartbeatEdgesArriveUntilTheLineIsCut() {
        List<Long> seen = new ArrayList<>();
        sc1.heartbeatIn().listen((ts, seq) -> seen.add(seq));
        sc0.heartbeatOut().beat();
        assertEquals(0, sc1.heartbeatIn().edgeCount(), "delivered through virtual time, not inline");
        c.time().runFor(1);
        assertEquals(1, sc1.heartbeatIn().edgeCount());
        c.inject(new Fault.CutHeartbeat(SC0));
        sc0.heartbeatOut().beat();
        c.time().runFor(1);
        assertEquals(1, sc1.heartbeatIn().edgeCount());
        sc1.heartbeatOut().beat();
        c.time().runFor(1);
        assertEquals(1, sc0.heartbeatIn().edgeCount(), "only SC0's line is cut");
        c.inject(new Fault.RestoreHeartbeat(SC0));
        sc0.heartbeatOut().beat();
        c.time().runFor(1);
        assertEquals(List.of(1L, 2L), seen);
    }

    @Test
    void partitionDropsFramesOneWayOrBoth() {
        List<byte[]> at1 = new ArrayList<>();
        List<byte[]> at0 = new ArrayList<>();
        sc1.peerLink().onFrame(at1::add);
        sc0.peerLink().onFrame(at0::add);
        sc0.peerLink().send(new byte[] {1});
        c.time().runFor(MS);
        assertEquals(1, at1.size(), "delivered within the 1 ms latency bound");
        c.inject(new Fault.Partition(LinkDirection.SC0_TO_SC1));
        sc0.peerLink().send(new byte[] {2});
        sc1.peerLink().send(new byte[] {3});
        c.time().runFor(MS);
        assertEquals(1, at1.size());
        assertEquals(1, at0.size());
        c.inject(new Fault.Partition(LinkDirection.BOTH));
        sc1.peerLink().send(new byte[] {4});
        c.time().runFor(MS);
        assertEquals(1, at0.size());
        c.inject(new Fault.HealPartition(LinkDirection.BOTH));
        sc0.peerLink().send(new byte[] {5});
        c.time().runFor(MS);
        assertEquals(5, at1.getLast()[0]);
        assertArrayEquals(new long[] {5, 3, 2}, c.linkCounters(), "sent, delivered, dropped");
    }

    @Test
    void frameObserversSeeEveryDeliveredFrameAndNoDroppedOne() {
        List<String> seen = new ArrayList<>();
        c.observeFrames((from, to, frame) -> seen.add(from + ">" + to + " " + frame[0] + " now " + c.time().now() / MS));
        List<byte[]> at1 = new ArrayList<>();
        sc1.peerLink().onFrame(f -> {
            assertEquals(1, seen.size(), "the observer sees a frame before its receiver does");
            at1.add(f);
        });
        c.inject(new Fault.LinkLatency(SC0, DurationRange.ofMillis(5, 5)));
        sc0.peerLink().send(new byte[] {1});
        c.time().runFor(2 * MS);
        sc1.peerLink().send(new byte[] {2}); // SC0 has no receiver: dropped, not observed
        c.time().runFor(4 * MS);
        assertEquals(List.of("SC0>SC1 1 now 5"), seen);
        c.inject(new Fault.Partition(LinkDirection.SC0_TO_SC1));
        sc0.peerLink().send(new byte[] {3});
        c.time().runFor(10 * MS);
        assertEquals(1, seen.size(), "a partitioned frame is not delivered, so not observed");
        assertEquals(1, at1.size());
    }

    @Test
    void sentFrameObserversSeeEveryFrameAsItLeavesDroppedOrNot() {
        List<String> seen = new ArrayList<>();
        c.observeSentFrames((from, frame) -> seen.add(from + " " + frame[0] + " now " + c.time().now() / MS));
        c.inject(new Fault.LinkLatency(SC0, DurationRange.ofMillis(5, 5)));
        sc1.peerLink().onFrame(f -> assertEquals(1, seen.size(), "seen when sent, not when it arrives 5 ms later"));
        sc0.peerLink().send(new byte[] {1});
        assertEquals(List.of("SC0 1 now 0"), seen, "at the instant it is sent");
        c.time().runFor(6 * MS);
        sc1.peerLink().send(new byte[] {2}); // SC0 has no receiver: dropped on arrival, seen as it left
        c.inject(new Fault.Partition(LinkDirection.SC0_TO_SC1));
        sc0.peerLink().send(new byte[] {3}); // dropped as it leaves
        sc0.peerLink().send(new byte[SimController.MAX_FRAME + 1]); // over the size limit
        c.time().runFor(10 * MS);
        assertEquals(List.of("SC0 1 now 0", "SC1 2 now 6", "SC0 3 now 6", "SC0 0 now 6"), seen);
        assertArrayEquals(new long[] {4, 1, 3}, c.linkCounters(), "sent, delivered, dropped");
    }

    @Test
    void observingFramesChangesNothingInTheRun() {
        assertEquals(exercisedHash(false), exercisedHash(true));
    }

    private static long exercisedHash(boolean observed) {
        Chassis chassis = new Chassis(ChassisConfig.builder().seed(9).initialState(InitialState.RUNNING_SC0_LEADS).build());
        long[] frames = new long[1];
        for (ScId sc : ScId.values()) {
            chassis.peerLink(sc).onFrame(f -> { }); // frames are delivered only to a receiver
        }
        long[] sent = new long[1];
        if (observed) {
            chassis.observeFrames((from, to, frame) -> frames[0]++);
            chassis.observeSentFrames((from, frame) -> sent[0]++);
        }
        new Exerciser(chassis, MS, 200 * MS).start();
        chassis.time().runUntil(20_000 * MS);
        assertEquals(observed, frames[0] > 100, "frames observed: " + frames[0]);
        assertEquals(observed ? chassis.linkCounters()[1] : 0, frames[0], "every delivered frame, once");
        assertEquals(observed ? chassis.linkCounters()[0] : 0, sent[0], "every frame sent, once");
        return chassis.trace().hash();
    }

    @Test
    void linkLatencyDelaysFramesOneWayAndTheDefaultRestoresIt() {
        List<Long> at1 = new ArrayList<>();
        List<Long> at0 = new ArrayList<>();
        sc1.peerLink().onFrame(f -> at1.add(c.time().now()));
        sc0.peerLink().onFrame(f -> at0.add(c.time().now()));
        c.inject(new Fault.LinkLatency(SC0, DurationRange.ofMillis(300, 300)));
        long sent = c.time().now();
        sc0.peerLink().send(new byte[] {1});
        sc1.peerLink().send(new byte[] {2});
        c.time().runFor(400 * MS);
        assertEquals(List.of(sent + 300 * MS), at1, "SC0 -> SC1 takes the fixed 300 ms");
        assertTrue(at0.getFirst() - sent <= MS, "SC1 -> SC0 keeps the default");
        assertTrue(c.physics().linkUp(SC0) && c.physics().linkLatencyMaxNanos(SC0) == 300 * MS);
        c.inject(new Fault.LinkLatency(null, c.config().peerLinkLatency()));
        assertEquals(MS, c.physics().linkLatencyMaxNanos(SC0));
        assertTrue(c.trace().events().stream().anyMatch(e -> e.kind() == Kind.FAULT_LINK_LATENCY
                && e.describe().contains("from SC0 300.000 ms")));
    }

    @Test
    void nicDownDropsCarrierAndFrames() {
        List<byte[]> at1 = new ArrayList<>();
        sc1.peerLink().onFrame(at1::add);
        c.inject(new Fault.NicDown(SC0));
        assertFalse(sc0.peerLink().carrier());
        assertTrue(sc1.peerLink().carrier(), "a fault on SC0's side does not drop SC1's carrier");
        sc0.peerLink().send(new byte[] {1});
        c.time().runFor(MS);
        assertTrue(at1.isEmpty());
        c.inject(new Fault.NicUp(SC0));
        assertTrue(sc0.peerLink().carrier());
    }

    @Test
    void powerOffStopsClockBoardsAndSoftware() {
        List<String> life = new ArrayList<>();
        c.addLifecycleListener(recorder(life));
        c.inject(new Fault.PowerOff(SC0));
        assertFalse(c.powered(SC0));
        assertFalse(c.running(SC0));
        assertEquals(4, c.physics().physicalLosses().size());
        assertFalse(sc1.gchip().phaseLocked());
        c.inject(new Fault.PowerOn(SC0));
        assertEquals(List.of("off SC0", "boot SC0"), life);
        assertEquals(RefSel.FOLLOWER, sc0.gchip().refSel());
    }

    @Test
    void resetHoldsTheScAsFollowerThenBoots() {
        List<String> life = new ArrayList<>();
        c.addLifecycleListener(recorder(life));
        c.inject(new Fault.Reset(SC0, Duration.ofMillis(100)));
        assertTrue(c.heldInReset(SC0));
        assertFalse(c.running(SC0));
        assertEquals(RefSel.FOLLOWER, c.physics().refSel(SC0));
        assertTrue(c.powered(SC0), "the clock keeps running");
        assertTrue(c.physics().boardRunning(0), "boards on a reset SC's clock keep running");
        c.time().runFor(100 * MS);
        assertFalse(c.heldInReset(SC0));
        assertEquals(List.of("held SC0", "boot SC0"), life);
    }

    @Test
    void resetLineFencesThePeer() {
        List<String> life = new ArrayList<>();
        c.addLifecycleListener(recorder(life));
        List<byte[]> at1 = new ArrayList<>();
        sc1.peerLink().onFrame(at1::add);
        sc0.resetToPeer().orElseThrow().assertReset();
        assertTrue(sc0.resetToPeer().orElseThrow().asserted());
        assertTrue(c.heldInReset(SC1));
        sc0.peerLink().send(new byte[] {1});
        sc1.heartbeatOut().beat();
        c.time().runFor(MS);
        assertTrue(at1.isEmpty(), "frames to a held SC are dropped");
        assertEquals(0, sc0.heartbeatIn().edgeCount(), "a held SC does not beat");
        sc0.resetToPeer().orElseThrow().release();
        assertEquals(List.of("held SC1", "boot SC1"), life);
        assertEquals(Kind.RESET_ASSERT, c.trace().events(Kind.RESET_ASSERT).getFirst().kind());
        assertEquals(0, c.trace().events(Kind.RESET_ASSERT).getFirst().a());
    }

    @Test
    void aPeersResetIntoAnScHeldByAFaultIsRecordedAndOutlivesTheFault() {
        c.inject(new Fault.Reset(SC1, Duration.ofMillis(100)));
        sc0.resetToPeer().orElseThrow().assertReset();
        List<TraceEvent> asserts = c.trace().events(Kind.RESET_ASSERT);
        assertEquals(List.of(-1L, 0L), asserts.stream().map(TraceEvent::a).toList(), "the fault's, then SC0's");
        c.time().runFor(200 * MS);
        assertTrue(c.heldInReset(SC1), "SC0's line still holds it after the fault's hold ended");
        sc0.resetToPeer().orElseThrow().release();
        assertFalse(c.heldInReset(SC1));
    }

    @Test
    void unwiredResetLineIsAbsent() {
        Chassis one = new Chassis(ChassisConfig.builder().resetWired(SC1, false).build());
        assertTrue(one.resetLine(SC0).isPresent());
        assertTrue(one.resetLine(SC1).isEmpty());
    }

    @Test
    void stallIsReportedWithItsEnd() {
        List<String> life = new ArrayList<>();
        c.addLifecycleListener(recorder(life));
        c.time().runUntil(10 * MS);
        c.inject(new Fault.Stall(SC1, Duration.ofMillis(250)));
        assertEquals(List.of("stall SC1 until " + 260 * MS), life);
        assertEquals(260 * MS, c.stalledUntil(SC1));
        assertTrue(c.stalled(SC1));
        c.time().runUntil(260 * MS);
        assertFalse(c.stalled(SC1));
    }

    @Test
    void removedBoardIsAbsentAndInsertedBoardPresent() {
        c.inject(new Fault.RemoveBoard(2));
        assertFalse(sc0.boards().board(2).presence().present());
        assertFalse(c.physics().boardPresent(2));
        assertFalse(c.physics().boardRunning(2));
        c.inject(new Fault.InsertBoard(2));
        assertEquals(Presence.of(ChassisConfig.DEFAULT_BOARD_ID), sc1.boards().board(2).presence());
        c.time().runFor(20 * MS);
        assertEquals(new BoardState(2, true, SC0, true, false), c.physics().board(2));
    }

    @Test
    void scheduledFaultsHappenAtTheirTime() {
        c.schedule(new Fault.NicDown(SC1), 40 * MS);
        c.time().runUntil(40 * MS - 1);
        assertTrue(sc1.peerLink().carrier());
        c.time().runUntil(40 * MS);
        assertFalse(sc1.peerLink().carrier());
        TraceEvent e = c.trace().events(Kind.FAULT_NIC_DOWN).getFirst();
        assertEquals(40 * MS, e.time());
        assertEquals(SC1, e.sc());
    }

    private static ControllerLifecycleListener recorder(List<String> life) {
        return new ControllerLifecycleListener() {
            @Override public void onPowerOff(ScId sc) { life.add("off " + sc); }
            @Override public void onBoot(ScId sc) { life.add("boot " + sc); }
            @Override public void onHeldInReset(ScId sc) { life.add("held " + sc); }
            @Override public void onStall(ScId sc, long until) { life.add("stall " + sc + " until " + until); }
        };
    }
}

package dev.pairlock.mock;

import dev.pairlock.hal.ScId;
import dev.pairlock.hal.clock.RefSel;
import dev.pairlock.mock.TraceEvent.Kind;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import static dev.pairlock.hal.ScId.SC0;
import static dev.pairlock.hal.ScId.SC1;
import static org.junit.jupiter.api.Assertions.*;

class PhysicsTest {
    private static final long MS = 1_000_000L;

    private static Chassis chassis(InitialState state, long seed) {
        return new Chassis(ChassisConfig.builder().slots(4).seed(seed).initialState(state).build());
    }

    @Test
    void coldStartIsUnlockedWithStoppedBoardsOnSc0() {
        Chassis c = chassis(InitialState.COLD, 1);
        Physics p = c.physics();
        assertFalse(p.phaseLocked());
        assertEquals(RefSel.FOLLOWER, p.refSel(SC0));
        assertEquals(RefSel.FOLLOWER, p.refSel(SC1));
        assertEquals(new BoardState(2, true, SC0, true, false), p.board(2));
        c.time().runUntil(10_000 * MS);
        assertFalse(p.phaseLocked(), "two followers never acquire lock");
    }

    @Test
    void runningStartIsLockedWithRunningBoards() {
        Chassis c = chassis(InitialState.RUNNING_SC0_LEADS, 1);
        assertTrue(c.physics().phaseLocked());
        assertEquals(RefSel.LEADER, c.physics().refSel(SC0));
        assertTrue(c.physics().boardRunning(3));
        assertTrue(Parts.of(c, SC1).gchip().phaseLocked());
    }

    @Test
    void exactlyOneLeaderLocksAfterLockTime() {
        Chassis c = chassis(InitialState.COLD, 1);
        Parts.of(c, SC1).gchip().setRefSel(RefSel.LEADER);
        c.time().runUntil(50 * MS - 1);
        assertFalse(c.physics().phaseLocked());
        c.time().runUntil(50 * MS);
        assertTrue(c.physics().phaseLocked());
        assertTrue(Parts.of(c, SC0).gchip().phaseLocked());
        assertEquals(1, c.trace().events(Kind.PHASE_LOCK_ACQUIRED).size());
    }

    @RepeatedTest(20)
    void bothLeadersLoseLockWithinTheirBound(org.junit.jupiter.api.RepetitionInfo info) {
        Chassis c = chassis(InitialState.RUNNING_SC0_LEADS, info.getCurrentRepetition());
        Parts.of(c, SC1).gchip().setRefSel(RefSel.LEADER);
        c.time().runUntil(10 * MS - 1);
        assertTrue(c.physics().phaseLocked(), "lock survives at least the minimum");
        c.time().runUntil(100 * MS);
        assertFalse(c.physics().phaseLocked());
        TraceEvent lost = c.trace().events(Kind.PHASE_LOCK_LOST).getFirst();
        assertEquals(TraceEvent.LockLossCause.BOTH_LEADERS, lost.a());
    }

    @RepeatedTest(20)
    void bothFollowersDriftApartWithinTheirLongerBound(org.junit.jupiter.api.RepetitionInfo info) {
        Chassis c = chassis(InitialState.RUNNING_SC0_LEADS, info.getCurrentRepetition());
        Parts.of(c, SC0).gchip().setRefSel(RefSel.FOLLOWER);
        c.time().runUntil(300 * MS - 1);
        assertTrue(c.physics().phaseLocked(), "drift takes at least 300 ms");
        c.time().runUntil(3000 * MS);
        assertFalse(c.physics().phaseLocked());
        assertEquals(TraceEvent.LockLossCause.BOTH_FOLLOWERS, c.trace().events(Kind.PHASE_LOCK_LOST).getFirst().a());
    }

    @Test
    void handoverThroughBothFollowersKeepsLockWhenQuick() {
        Chassis c = chassis(InitialState.RUNNING_SC0_LEADS, 5);
        Parts.of(c, SC0).gchip().setRefSel(RefSel.FOLLOWER);
        c.time().runFor(100 * MS);
        Parts.of(c, SC1).gchip().setRefSel(RefSel.LEADER);
        c.time().runFor(10_000 * MS);
        assertTrue(c.physics().phaseLocked());
        assertTrue(c.trace().events(Kind.PHASE_LOCK_LOST).isEmpty());
    }

    @Test
    void switchWhileLockedIsGlitchFree() {
        Chassis c = chassis(InitialState.RUNNING_SC0_LEADS, 1);
        Parts.of(c, SC1).boards().board(1).spll().select(SC1);
        assertEquals(new BoardState(1, true, SC1, true, true), c.physics().board(1));
        assertTrue(c.physics().violations().isEmpty());
        TraceEvent sel = c.trace().events(Kind.SPLL_SELECT).getFirst();
        assertEquals(SC1, sel.sc());
        assertEquals(0, sel.a());
        assertEquals(1, sel.b());
    }

    @Test
    void switchWhileUnlockedStopsTheDomainAsAViolation() {
        Chassis c = chassis(InitialState.RUNNING_SC0_LEADS, 1);
        Parts.of(c, SC1).gchip().setRefSel(RefSel.LEADER);
        c.time().runFor(200 * MS);
        assertFalse(c.physics().phaseLocked());
        Parts.of(c, SC1).boards().board(2).spll().select(SC1);
        assertFalse(c.physics().boardRunning(2));
        assertEquals(1, c.physics().violations().size());
        TraceEvent v = c.physics().violations().getFirst();
        assertEquals(Kind.DOMAIN_STOP_VIOLATION, v.kind());
        assertEquals(SC1, v.sc());
        assertEquals(2, v.slot());
        assertTrue(c.physics().physicalLosses().isEmpty());
        c.time().runFor(20 * MS);
        assertTrue(c.physics().boardRunning(2), "the SPLL relocks on the new live input and the domain restarts");
        assertEquals(1, c.trace().events(Kind.DOMAIN_RESTART).size());
    }

    @Test
    void boardOnADeadScIsAPhysicalLossNotAViolation() {
        Chassis c = chassis(InitialState.RUNNING_SC0_LEADS, 1);
        Parts.of(c, SC1).boards().board(0).spll().select(SC1);
        c.inject(new Fault.PowerOff(SC0));
        assertFalse(c.physics().phaseLocked());
        assertEquals(3, c.physics().physicalLosses().size());
        assertTrue(c.physics().violations().isEmpty());
        assertTrue(c.physics().boardRunning(0), "the board on SC1's clock is unaffected");
        assertFalse(c.physics().boardLocked(1));
        assertEquals(RefSel.FOLLOWER, c.physics().refSel(SC0));
        // moving a stopped board onto the live clock is not a violation: it relocks and restarts
        Parts.of(c, SC1).boards().board(1).spll().select(SC1);
        c.time().runFor(20 * MS);
        assertTrue(c.physics().boardRunning(1));
        assertTrue(c.physics().violations().isEmpty());
    }

    @Test
    void coldBoardsStartWhenProgrammed() {
        Chassis c = chassis(InitialState.COLD, 1);
        Parts.of(c, SC0).boards().board(0).spll().select(SC0);
        c.time().runFor(20 * MS);
        assertTrue(c.physics().boardRunning(0));
        assertFalse(c.physics().boardRunning(1));
        assertTrue(c.physics().violations().isEmpty());
    }

    @Test
    void lockIsLostAtOnceWhenAClockDisappears() {
        Chassis c = chassis(InitialState.RUNNING_SC0_LEADS, 1);
        c.inject(new Fault.PowerOff(SC1));
        assertFalse(c.physics().phaseLocked());
        assertEquals(TraceEvent.LockLossCause.CLOCK_GONE, c.trace().events(Kind.PHASE_LOCK_LOST).getFirst().a());
        c.inject(new Fault.PowerOn(SC1));
        c.time().runFor(50 * MS);
        assertTrue(c.physics().phaseLocked(), "SC1 powers up as follower and locks to the leader");
        assertTrue(c.physics().violations().isEmpty());
    }

    @Test
    void writesFromAnScThatIsNotRunningDoNothing() {
        Chassis c = chassis(InitialState.RUNNING_SC0_LEADS, 1);
        c.inject(new Fault.PowerOff(SC1));
        Parts.of(c, SC1).gchip().setRefSel(RefSel.LEADER);
        assertEquals(RefSel.FOLLOWER, c.physics().refSel(SC1));
        assertThrows(dev.pairlock.hal.i2c.I2cBusErrorException.class,
                () -> Parts.of(c, SC1).boards().board(0).spll().select(ScId.SC1));
    }
}

package dev.pairlock.platform;

import static dev.pairlock.hal.ScId.SC0;
import static dev.pairlock.hal.ScId.SC1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.clockregs.GchipLayout;
import dev.pairlock.clockregs.RegisterGchip;
import dev.pairlock.hal.ControllerHardware;
import dev.pairlock.mock.BoardState;
import dev.pairlock.hal.board.SpllStatus;
import dev.pairlock.hal.clock.RefSel;
import dev.pairlock.hal.i2c.I2cTimeoutException;
import dev.pairlock.hal.reg.AccessMode;
import dev.pairlock.hal.reg.BitField;
import dev.pairlock.mock.Chassis;
import dev.pairlock.mock.ChassisConfig;
import dev.pairlock.mock.Fault;
import dev.pairlock.mock.InitialState;
import dev.pairlock.mock.TraceEvent.Kind;
import dev.pairlock.spll.I2cBoardBay;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The assembler on the simulated chassis: the views run the real Gchip and board code over mock-hw's raw parts. */
class SimBackendTest {
    private static final long MS = 1_000_000L;

    @Test
    void viewsAreAssembledOnceOnTheChassisVirtualTime() {
        SimBackend sim = SimBackend.create(ChassisConfig.builder().slots(4).build());
        Chassis c = sim.chassis();
        ControllerHardware sc0 = sim.controller(SC0);
        assertSame(sc0, sim.controller(SC0));
        assertEquals(SC0, sc0.self());
        assertSame(c.time(), sc0.clock());
        assertSame(c.time(), sim.controller(SC1).scheduler());
        assertSame(c.i2cBuses(SC0), sc0.buses());
        assertSame(c.peerLink(SC1), sim.controller(SC1).peerLink());
        assertSame(c.heartbeatIn(SC1), sim.controller(SC1).heartbeatIn());
        assertInstanceOf(RegisterGchip.class, sc0.gchip(), "clock-regs' Gchip code, as on real hardware");
        assertInstanceOf(I2cBoardBay.class, sc0.boards(), "spll's board code, as on real hardware");
        assertEquals(4, sc0.boards().slotCount());
        assertEquals("sim", sim.name());
        assertEquals(java.util.List.of("gchip"), sim.registerWindowNames());
        assertSame(c.gchipRegisters(SC1), sim.registerWindow(SC1, "gchip").orElseThrow());
        assertTrue(sim.registerWindow(SC1, "bar0").isEmpty());
        assertEquals("gpiochip1", sim.gpioChips(SC1).getFirst().name());
    }

    @Test
    void aRefSelWriteThroughRegisterGchipDrivesTheClockPhysics() {
        SimBackend sim = SimBackend.create(ChassisConfig.builder().slots(2).build());
        Chassis c = sim.chassis();
        assertFalse(c.physics().phaseLocked(), "cold: both follow, no lock");
        sim.controller(SC1).gchip().setRefSel(RefSel.LEADER);
        assertEquals(RefSel.LEADER, c.physics().refSel(SC1));
        assertEquals(1, c.gchipRegisters(SC1).read32(0x0, AccessMode.VOLATILE) & 1, "the write went through the register window");
        assertEquals(1, c.trace().events(Kind.REF_SEL_WRITE).size());
        c.time().runFor(50 * MS);
        assertTrue(c.physics().phaseLocked(), "one leader: lock after the lock time");
        assertTrue(sim.controller(SC0).gchip().phaseLocked(), "PHASE_LOCK read back through RegisterGchip");
        assertTrue(sim.controller(SC0).gchip().peerClockPresent());
        sim.controller(SC0).gchip().setRefSel(RefSel.LEADER);
        c.time().runFor(100 * MS);
        assertFalse(sim.controller(SC1).gchip().phaseLocked(), "two leaders lose lock within 100 ms");
        // and the other way round: a raw register write (scctl reg write) is what the Gchip reads
        c.gchipRegisters(SC0).write32(0x0, 0, AccessMode.VOLATILE);
        assertEquals(RefSel.FOLLOWER, sim.controller(SC0).gchip().refSel());
        c.inject(new Fault.PowerOff(SC0));
        assertFalse(sim.controller(SC1).gchip().peerClockPresent(), "PEER_CLOCK drops with the peer's power");
    }

    @Test
    void anotherGchipLayoutIsFollowedByTheSimulatorAndTheDriverAlike() {
        GchipLayout moved = new GchipLayout(new BitField("REF_SEL", 0x20, 3, 1), new BitField("PHASE_LOCK", 0x24, 7, 1),
                new BitField("PEER_CLOCK", 0x24, 6, 1));
        SimBackend sim = SimBackend.create(ChassisConfig.builder().slots(2).gchipLayout(moved).build());
        sim.controller(SC0).gchip().setRefSel(RefSel.LEADER);
        assertEquals(1 << 3, sim.chassis().gchipRegisters(SC0).read32(0x20, AccessMode.OPAQUE));
        assertEquals(RefSel.LEADER, sim.chassis().physics().refSel(SC0));
        sim.chassis().time().runFor(50 * MS);
        assertTrue(sim.controller(SC1).gchip().phaseLocked());
        assertEquals((1 << 7) | (1 << 6), sim.chassis().gchipRegisters(SC1).read32(0x24, AccessMode.OPAQUE));
    }

    @Test
    void theSpllCodeDrivesTheSimulatedBoards() {
        SimBackend sim = SimBackend.create(ChassisConfig.builder().slots(4).emptySlots(Set.of(3))
                .boardIds(Map.of(1, 0x77)).initialState(InitialState.RUNNING_SC0_LEADS).build());
        Chassis c = sim.chassis();
        ControllerHardware sc0 = sim.controller(SC0);
        assertEquals(0x77, sc0.boards().board(1).presence().id());
        assertFalse(sc0.boards().board(3).presence().present(), "an empty slot NACKs: absent");
        assertEquals(390_000 + 110_000, c.drainBusyNanos(SC0), "a register read and a NACKed address at 100 kHz cost virtual bus time");
        assertEquals(new SpllStatus(SC0, true, true), sc0.boards().board(0).spll().status());
        sim.controller(SC1).boards().board(0).spll().select(SC1);
        assertEquals(new BoardState(0, true, SC1, true, true), c.physics().board(0), "switched while locked: glitch-free");
        assertEquals(new SpllStatus(SC1, true, true), sc0.boards().board(0).spll().status(), "one register, seen by both SCs");
        // unlock, then switch: the domain stops, and the checker's ground truth says so
        sim.controller(SC1).gchip().setRefSel(RefSel.LEADER);
        c.time().runFor(200 * MS);
        sim.controller(SC1).boards().board(2).spll().select(SC1);
        assertEquals(1, c.physics().violations().size());
        c.inject(new Fault.HangBus(SC0, 2));
        I2cTimeoutException e = assertThrows(I2cTimeoutException.class, () -> sc0.boards().board(2).presence());
        assertEquals(2, e.bus());
        assertEquals(0x23, e.address());
    }

    @Test
    void theResetLinesAreThoseTheChassisWires() {
        SimBackend sim = SimBackend.create(ChassisConfig.builder().resetWired(SC1, false).build());
        assertTrue(sim.controller(SC0).resetToPeer().isPresent());
        assertTrue(sim.controller(SC1).resetToPeer().isEmpty());
        sim.controller(SC0).resetToPeer().orElseThrow().assertReset();
        assertTrue(sim.chassis().heldInReset(SC1));
    }
}

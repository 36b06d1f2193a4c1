package dev.pairlock.mock;

import dev.pairlock.hal.DeviceUnavailableException;
import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.board.SpllStatus;
import dev.pairlock.hal.clock.RefSel;
import dev.pairlock.hal.i2c.*;
import dev.pairlock.clockregs.GchipLayout;
import dev.pairlock.hal.reg.AccessMode;
import dev.pairlock.hal.reg.RegisterAccessException;
import dev.pairlock.hal.reg.BitField;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.pairlock.hal.ScId.SC0;
import static dev.pairlock.hal.ScId.SC1;
import static org.junit.jupiter.api.Assertions.*;

class HalViewTest {
    private final Chassis c = new Chassis(ChassisConfig.builder().slots(4).emptySlots(Set.of(3))
            .boardIds(Map.of(1, 0x77)).initialState(InitialState.RUNNING_SC0_LEADS).build());
    private final Parts sc0 = Parts.of(c, SC0);

    @Test
    void rawPartsAreOnePerScAndStable() {
        assertSame(c.i2cBuses(SC0), c.i2cBuses(SC0));
        assertSame(c.peerLink(SC1), c.peerLink(SC1));
        assertNotSame(c.heartbeatIn(SC0), c.heartbeatIn(SC1));
        assertEquals(List.of(0, 1, 2, 3), c.i2cBuses(SC1).numbers());
        assertEquals("sim:gpiochip0", c.gpioChip(SC0).path());
    }

    @Test
    void i2cCostIsBitsOnTheWireAtBusSpeed() {
        sc0.buses().bus(0).device(0x23).readByteData(0);
        // start, addr+W, reg, repeated start, addr+R, data, stop = 1+9+9+1+9+9+1 = 39 bits at 10 µs
        assertEquals(390_000, c.drainBusyNanos(SC0));
        sc0.buses().bus(0).device(0x23).writeByteData(0x40, 7);
        assertEquals(290_000, c.drainBusyNanos(SC0));
        assertThrows(I2cNoAcknowledgeException.class, () -> sc0.buses().bus(0).device(0x50).quick(false));
        assertEquals(110_000, c.drainBusyNanos(SC0));
        assertEquals(0, c.drainBusyNanos(SC1));
    }

    /** A probe is a read that answers NO_ACKNOWLEDGE instead of throwing: same bits on the wire, same cost. */
    @Test
    void aProbeCostsWhatTheReadCostsAndAnswersAbsenceAsAValue() {
        I2cDevice present = sc0.buses().bus(0).device(0x23);
        I2cDevice absent = sc0.buses().bus(0).device(0x50);
        assertEquals(present.readByteData(0), present.probeByteData(0));
        long read = c.drainBusyNanos(SC0) / 2;
        assertEquals(present.readWordData(0), present.probeWordData(0));
        long readWord = c.drainBusyNanos(SC0) / 2;
        assertEquals(390_000, read);
        assertEquals(480_000, readWord, "one more data byte: 9 bits more");
        assertThrows(I2cNoAcknowledgeException.class, () -> absent.readByteData(0));
        long nack = c.drainBusyNanos(SC0);
        assertEquals(I2cDevice.NO_ACKNOWLEDGE, absent.probeByteData(0));
        assertEquals(nack, c.drainBusyNanos(SC0));
        assertEquals(I2cDevice.NO_ACKNOWLEDGE, absent.probeWordData(0));
        assertEquals(nack, c.drainBusyNanos(SC0));
        assertThrows(HalArgumentException.class, () -> present.probeByteData(-1));
    }

    @Test
    void spllDrivesTheSimulatedRegisters() {
        assertEquals(0x77, sc0.boards().board(1).presence().id());
        assertFalse(sc0.boards().board(3).presence().present());
        assertEquals(new SpllStatus(SC0, true, true), sc0.boards().board(0).spll().status());
        Parts.of(c, SC1).boards().board(0).spll().select(SC1);
        assertEquals(new SpllStatus(SC1, true, true), sc0.boards().board(0).spll().status(), "one register, seen by both SCs");
        assertEquals(4, sc0.boards().slotCount());
    }

    @Test
    void registerLevelAccessIsConsistent() {
        I2cDevice d = sc0.buses().bus(2).device(0x23);
        d.writeWordData(0x40, 0xBEEF);
        assertEquals(0xBEEF, d.readWordData(0x40));
        byte[] buf = {1, 2, 3, 4};
        d.writeI2cBlockData(0x50, buf, 4);
        byte[] out = new byte[4];
        d.readI2cBlockData(0x50, out, 4);
        assertArrayEquals(buf, out);
        d.writeByte(0x51);
        assertEquals(2, d.readByte());
        assertEquals(3, d.readByte());
        sc0.buses().bus(2).transfer(List.of(I2cMessage.write(I2cAddress.of(0x23), (byte) 0x50), I2cMessage.read(I2cAddress.of(0x23), 2)));
        assertThrows(I2cUnsupportedException.class, () -> d.readBlockData(0, new byte[32]));
        assertFalse(sc0.buses().bus(0).functionality().has(I2cFunctionality.SMBUS_READ_BLOCK_DATA));
        assertTrue(sc0.buses().bus(0).functionality().has(I2cFunctionality.I2C));
    }

    @Test
    void badArgumentsAreRejectedBeforeAnyTraffic() {
        I2cDevice d = sc0.buses().bus(0).device(0x23);
        assertThrows(HalArgumentException.class, () -> d.readByteData(256));
        assertThrows(HalArgumentException.class, () -> d.readByteData(-1));
        assertThrows(HalArgumentException.class, () -> d.writeByteData(0, 256));
        assertThrows(HalArgumentException.class, () -> d.writeWordData(0, 0x10000));
        assertThrows(HalArgumentException.class, () -> d.writeI2cBlockData(0, new byte[40], 33));
        assertThrows(HalArgumentException.class, () -> d.readI2cBlockData(0, new byte[4], 5));
        assertThrows(HalArgumentException.class, () -> d.writeBlockData(0, new byte[4], 0));
        assertThrows(HalArgumentException.class, () -> sc0.buses().bus(0).transfer(List.of()));
        assertThrows(HalArgumentException.class, () -> sc0.boards().board(4));
        assertThrows(HalArgumentException.class, () -> sc0.buses().bus(0).device(0x80));
        assertThrows(HalArgumentException.class, () -> c.physics().board(-1));
        assertThrows(DeviceUnavailableException.class, () -> sc0.buses().bus(4));
        assertEquals(0, c.drainBusyNanos(SC0));
    }

    @Test
    void badSmbusArgumentsNameBusAndAddressLikeTheLinuxBackend() {
        I2cDevice d = sc0.buses().bus(2).device(0x23);
        for (Runnable call : List.<Runnable>of(() -> d.readByteData(256), () -> d.writeByte(-1),
                () -> d.writeWordData(0, 0x10000), () -> d.writeBlockData(0, new byte[2], 3))) {
            HalArgumentException e = assertThrows(HalArgumentException.class, call::run);
            assertTrue(e.getMessage().startsWith("I2C bus 2, address 0x23: "), e.getMessage());
        }
        assertEquals(0, c.drainBusyNanos(SC0));
    }

    @Test
    void gchipRegistersFollowClockRegsLayout() {
        var regs = c.gchipRegisters(SC1);
        GchipLayout layout = GchipLayout.DEFAULT;
        assertEquals(0, regs.read32(layout.refSel().offset(), AccessMode.VOLATILE));
        assertEquals(1, layout.phaseLock().read(regs, AccessMode.OPAQUE));
        assertEquals(1, layout.peerClock().read(regs, AccessMode.OPAQUE));
        regs.write32(layout.refSel().offset(), 1, AccessMode.VOLATILE);
        assertEquals(RefSel.LEADER, c.physics().refSel(SC1));
        assertEquals(0, regs.read32(0x8, AccessMode.OPAQUE), "registers outside the layout read 0");
        assertThrows(HalArgumentException.class, () -> regs.read32(2, AccessMode.OPAQUE));
        assertThrows(HalArgumentException.class, () -> regs.read32(0x10, AccessMode.OPAQUE));
        assertEquals("sim:gchip-sc1", regs.name());
        assertEquals(0x10, regs.size());
    }

    @Test
    void gchipRegistersTake8And16And64BitAccessesAsALittleEndianBusWithByteEnables() {
        var regs = c.gchipRegisters(SC1);
        assertEquals(3, regs.read16(0x4, AccessMode.ACQUIRE_RELEASE), "PHASE_LOCK | PEER_CLOCK in the low half-word");
        assertEquals(0, regs.read16(0x6, AccessMode.ACQUIRE_RELEASE));
        assertEquals(0x0000_0003_0000_0000L, regs.read64(0x0, AccessMode.VOLATILE), "STATUS is the high half, REF_SEL follower");
        regs.write8(0x0, (byte) 1, AccessMode.VOLATILE);
        assertEquals(RefSel.LEADER, c.physics().refSel(SC1));
        assertEquals(1, regs.read8(0x0, AccessMode.VOLATILE));
        regs.write8(0x1, (byte) 0, AccessMode.VOLATILE);
        assertEquals(RefSel.LEADER, c.physics().refSel(SC1), "a byte write leaves the other lanes (REF_SEL) alone");
        regs.write16(0x2, (short) 0, AccessMode.OPAQUE);
        assertEquals(RefSel.LEADER, c.physics().refSel(SC1));
        assertEquals(1, regs.read64(0x0, AccessMode.VOLATILE) & 0xFFFF_FFFFL, "REF_SEL leader in the low half");
        regs.write64(0x0, 0xFFFF_FFFF_0000_0000L, AccessMode.VOLATILE);
        assertEquals(RefSel.FOLLOWER, c.physics().refSel(SC1), "the low half is the register at the offset");
        for (Runnable bad : List.<Runnable>of(() -> regs.read16(0x1, AccessMode.OPAQUE), () -> regs.read64(0x4, AccessMode.OPAQUE),
                () -> regs.write64(0x8 + 8, 0, AccessMode.OPAQUE), () -> regs.read8(0x10, AccessMode.OPAQUE), () -> regs.read8(-1, AccessMode.OPAQUE))) {
            RegisterAccessException e = assertThrows(RegisterAccessException.class, bad::run);
            assertEquals("sim:gchip-sc1", e.window());
            assertTrue(e.getMessage().startsWith("register window sim:gchip-sc1: "), e.getMessage());
        }
        assertThrows(RegisterAccessException.class, () -> regs.read64(0xc, AccessMode.OPAQUE), "past the end");
    }

    @Test
    void anotherLayoutMovesTheSimulatedBits() {
        GchipLayout moved = new GchipLayout(new BitField("REF_SEL", 0x20, 3, 1), new BitField("PHASE_LOCK", 0x24, 7, 1),
                new BitField("PEER_CLOCK", 0x20, 5, 1));
        Chassis m = new Chassis(ChassisConfig.builder().slots(2).gchipLayout(moved).initialState(InitialState.RUNNING_SC0_LEADS).build());
        var regs = m.gchipRegisters(SC0);
        assertEquals(0x28, regs.size(), "the window covers the layout's registers");
        assertEquals((1 << 3) | (1 << 5), regs.read32(0x20, AccessMode.OPAQUE), "REF_SEL leader and PEER_CLOCK share 0x20");
        assertEquals(1 << 7, regs.read32(0x24, AccessMode.OPAQUE));
        assertEquals(0, regs.read32(0x0, AccessMode.OPAQUE));
        regs.write32(0x0, 0xFFFFFFFF, AccessMode.OPAQUE);
        assertEquals(RefSel.LEADER, m.physics().refSel(SC0), "a write elsewhere changes nothing");
        regs.write32(0x20, 0, AccessMode.OPAQUE);
        assertEquals(RefSel.FOLLOWER, m.physics().refSel(SC0));
    }

    @Test
    void oversizedFramesAreDropped() {
        int[] got = new int[1];
        c.peerLink(SC1).onFrame(f -> got[0]++);
        sc0.peerLink().send(new byte[SimController.MAX_FRAME + 1]);
        c.time().runFor(10_000_000);
        assertEquals(0, got[0]);
        assertThrows(NullPointerException.class, () -> sc0.peerLink().send(null));
    }
}

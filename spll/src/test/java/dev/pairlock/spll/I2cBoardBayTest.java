package dev.pairlock.spll;

import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.board.Presence;
import dev.pairlock.hal.board.SpllStatus;
import dev.pairlock.hal.board.SpllVerifyException;
import dev.pairlock.hal.i2c.I2cTimeoutException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class I2cBoardBayTest {
    private final BoardRegisterMap map = BoardRegisterMap.DEFAULT;
    private final FakeBus bus0 = new FakeBus(0);
    private final FakeBus bus1 = new FakeBus(1);
    private final I2cBoardBay bay = new I2cBoardBay(FakeBus.buses(bus0, bus1), 2);

    @Test
    void presentBoardReportsItsId() {
        bus0.add(0x23)[0x00] = 0x5A;
        assertEquals(Presence.of(0x5A), bay.board(0).presence());
        assertEquals(0, bay.board(0).slot());
    }

    @Test
    void nackMeansAbsent() {
        assertEquals(Presence.ABSENT, bay.board(1).presence());
    }

    @Test
    void boardAtAnotherAddressIsAbsentAtTheMappedOne() {
        bus0.add(0x24)[0] = 1;
        assertFalse(bay.board(0).presence().present());
    }

    @Test
    void wordIdIsReadAsSmbusWord() {
        int[] regs = bus0.add(0x23);
        regs[0] = 0x34;
        regs[1] = 0x12;
        I2cBoardBay wordBay = new I2cBoardBay(FakeBus.buses(bus0),
                1, new BoardRegisterMap(0x23, 0x00, true, 0x10, 0x11, 0, 1, 2));
        assertEquals(Presence.of(0x1234), wordBay.board(0).presence());
    }

    @Test
    void selectWritesAndVerifies() {
        int[] regs = bus0.add(0x23);
        bay.board(0).spll().select(ScId.SC1);
        assertEquals(1, regs[map.selectRegister()]);
        bay.board(0).spll().select(ScId.SC0);
        assertEquals(0, regs[map.selectRegister()]);
    }

    @Test
    void selectThatDoesNotReadBackThrowsVerify() {
        bus1.add(0x23);
        bus1.stuckRegister = map.selectRegister();
        SpllVerifyException e = assertThrows(SpllVerifyException.class, () -> bay.board(1).spll().select(ScId.SC1));
        assertEquals(1, e.slot());
        assertTrue(e.getMessage().contains("slot 1"), e.getMessage());
    }

    @Test
    void statusDecodesInputAndLockBit() {
        int[] regs = bus0.add(0x23);
        regs[map.selectRegister()] = 1;
        regs[map.statusRegister()] = map.lockMask() | map.inputPresentMask();
        assertEquals(new SpllStatus(ScId.SC1, true, false), bay.board(0).spll().status());
        assertTrue(((I2cSpll) bay.board(0).spll()).inputPresent());
        regs[map.statusRegister()] = map.inputPresentMask();
        assertEquals(new SpllStatus(ScId.SC1, false, false), bay.board(0).spll().status());
    }

    @Test
    void busFailuresPropagateTyped() {
        bus0.add(0x23);
        bus0.hung = true;
        I2cTimeoutException e = assertThrows(I2cTimeoutException.class, () -> bay.board(0).presence());
        assertEquals(0, e.bus());
        assertEquals(0x23, e.address());
        assertThrows(I2cTimeoutException.class, () -> bay.board(0).spll().select(ScId.SC0));
    }

    @Test
    void slotOutOfRangeIsAnArgumentError() {
        HalArgumentException e = assertThrows(HalArgumentException.class, () -> bay.board(2));
        assertTrue(e.getMessage().contains("0..1"), e.getMessage());
        assertThrows(HalArgumentException.class, () -> bay.board(-1));
        assertThrows(HalArgumentException.class, () -> new I2cBoardBay(FakeBus.buses(bus0), 0));
        assertThrows(HalArgumentException.class, () -> new I2cBoardBay(FakeBus.buses(bus0), 257));
    }

    @Test
    void registerMapIsValidated() {
        assertThrows(HalArgumentException.class, () -> BoardRegisterMap.DEFAULT.withAddress(0x80));
        assertThrows(HalArgumentException.class, () -> BoardRegisterMap.DEFAULT.withAddress(0x01));
        assertThrows(HalArgumentException.class, () -> new BoardRegisterMap(0x23, 0, false, 0x10, 0x10, 0, 1, 7));
        assertThrows(HalArgumentException.class, () -> new BoardRegisterMap(0x23, 0, false, 0x10, 0x11, 2, 2, 7));
        assertThrows(HalArgumentException.class, () -> new BoardRegisterMap(0x23, 0, false, 0x10, 0x11, 8, 1, 7));
        assertThrows(HalArgumentException.class, () -> new BoardRegisterMap(0x23, 0x10, true, 0x11, 0x12, 0, 1, 7));
        assertThrows(HalArgumentException.class, () -> new BoardRegisterMap(0x23, 0, false, 0x100, 0x11, 0, 1, 7));
        assertThrows(HalArgumentException.class, () -> new BoardRegisterMap(0x23, 0, false, 0x10, 0x11, 0, 1, 1));
        assertEquals(0x23, BoardRegisterMap.DEFAULT.address());
    }

    @Test
    void buildingTheBayTouchesNoBus() {
        I2cBoardBay b = new I2cBoardBay(FakeBus.buses(), 4);
        assertEquals(4, b.slotCount());
        assertNotNull(b.board(3));
        assertEquals(0, bus0.writes);
    }

    @Test
    void wiringRoutesASlotToAnyBusAndAddress() {
        bus1.add(0x41)[0x00] = 0x66;
        bus0.add(0x23)[0x00] = 0x5A;
        I2cBoardBay wired = new I2cBoardBay(FakeBus.buses(bus0, bus1),
                java.util.List.of(new SlotWiring(1, 0x41), new SlotWiring(0, 0x23)), map);
        assertEquals(Presence.of(0x66), wired.board(0).presence(), "slot 0 is on bus 1 at 0x41");
        assertEquals(Presence.of(0x5A), wired.board(1).presence());
        assertEquals(new SlotWiring(1, 0x41), wired.wiring(0));
        assertEquals(new SlotWiring(1, 0x23), bay.wiring(1), "the default: slot k on bus k at the map's address");
        I2cTimeoutException e = assertThrows(I2cTimeoutException.class, () -> {
            bus1.hung = true;
            wired.board(0).spll().status();
        });
        assertEquals(1, e.bus(), "errors name the wired bus");
        assertEquals(0x41, e.address(), "and the wired address");
        assertThrows(HalArgumentException.class, () -> new SlotWiring(-1, 0x23));
        assertThrows(HalArgumentException.class, () -> new SlotWiring(0, 0x78));
        assertThrows(HalArgumentException.class, () -> new I2cBoardBay(FakeBus.buses(bus0), java.util.List.of(), map));
    }
}

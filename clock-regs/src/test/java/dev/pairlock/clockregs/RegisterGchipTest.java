package dev.pairlock.clockregs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.clock.RefSel;
import dev.pairlock.hal.reg.AccessMode;
import dev.pairlock.hal.reg.BitField;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RegisterGchipTest {
    private Path file;
    private MappedRegisterWindow window;
    private MappedRegisterWindow peerView; // an independent mapping, standing in for the chip's side

    @BeforeEach
    void map() throws IOException {
        file = Files.createTempFile(Path.of("/dev/shm"), "pairlock-gchip", ".bin");
        Files.write(file, new byte[4096]);
        window = MappedRegisterWindow.file(file, 0, 16);
        peerView = MappedRegisterWindow.file(file, 0, 16);
    }

    @AfterEach
    void unmap() throws IOException {
        window.close();
        peerView.close();
        Files.delete(file);
    }

    @Test
    void refSelIsWrittenByReadModifyWriteKeepingOtherBits() {
        peerView.write32(0x00, 0xF0, AccessMode.VOLATILE);
        RegisterGchip gchip = new RegisterGchip(window);
        assertEquals(RefSel.FOLLOWER, gchip.refSel());
        gchip.setRefSel(RefSel.LEADER);
        assertEquals(0xF1, peerView.read32(0x00, AccessMode.VOLATILE));
        assertEquals(RefSel.LEADER, gchip.refSel());
        gchip.setRefSel(RefSel.FOLLOWER);
        assertEquals(0xF0, peerView.read32(0x00, AccessMode.VOLATILE));
    }

    @Test
    void phaseLockFollowsTheStatusBit() {
        RegisterGchip gchip = new RegisterGchip(window);
        assertFalse(gchip.phaseLocked());
        peerView.write32(0x04, 0x3, AccessMode.VOLATILE);
        assertTrue(gchip.phaseLocked());
        peerView.write32(0x04, 0x2, AccessMode.VOLATILE);
        assertFalse(gchip.phaseLocked());
    }

    @Test
    void peerClockPresentFollowsItsOwnStatusBit() {
        RegisterGchip gchip = new RegisterGchip(window);
        assertFalse(gchip.peerClockPresent());
        peerView.write32(0x04, 0x2, AccessMode.VOLATILE);
        assertTrue(gchip.peerClockPresent());
        assertFalse(gchip.phaseLocked());
        peerView.write32(0x04, 0x1, AccessMode.VOLATILE);
        assertFalse(gchip.peerClockPresent());
    }

    @Test
    void aCustomLayoutIsHonoured() {
        GchipLayout layout = new GchipLayout(new BitField("REF_SEL", 0x08, 3, 1), new BitField("PHASE_LOCK", 0x0C, 31, 1),
                new BitField("PEER_CLOCK", 0x0C, 30, 1));
        RegisterGchip gchip = new RegisterGchip(window, layout);
        gchip.setRefSel(RefSel.LEADER);
        assertEquals(0x8, peerView.read32(0x08, AccessMode.VOLATILE));
        peerView.write32(0x0C, 0x8000_0000, AccessMode.VOLATILE);
        assertTrue(gchip.phaseLocked());
    }

    @Test
    void aWindowTooSmallForTheLayoutOrAWideFieldIsRejected() {
        try (MappedRegisterWindow small = MappedRegisterWindow.file(file, 0, 4)) {
            HalArgumentException e = assertThrows(HalArgumentException.class, () -> new RegisterGchip(small));
            assertTrue(e.getMessage().contains(small.name()), e.getMessage());
        }
        assertThrows(HalArgumentException.class,
                () -> new GchipLayout(new BitField("REF_SEL", 0, 0, 2), new BitField("PHASE_LOCK", 4, 0, 1),
                        new BitField("PEER_CLOCK", 4, 1, 1)));
    }
}

package dev.pairlock.mock;

import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.clock.RefSel;
import dev.pairlock.hal.reg.AccessMode;
import dev.pairlock.hal.reg.BitField;
import dev.pairlock.hal.reg.RegisterWindow;

import java.util.Objects;

/**
 * One SC's simulated Gchip as a 16-byte window of 32-bit registers, so that a register tool shows
 * what the physics sees and writes here drive it:
 * <pre>
 *   0x0 CONTROL  bit 0 REF_SEL (1 = leader)            read/write, reset value 0
 *   0x4 STATUS   bit 0 PHASE_LOCK, bit 1 PEER_CLOCK     read-only
 *   0x8 ID       0x6C0C_0000 | SC index                 read-only
 *   0xC reserved reads 0, writes ignored
 * </pre>
 * Writes from an SC that is powered off or held in reset are ignored: its chip is in reset.
 */
public final class GchipRegisters implements RegisterWindow {
    public static final long CONTROL = 0x0;
    public static final long STATUS = 0x4;
    public static final long ID = 0x8;
    public static final long SIZE = 0x10;
    public static final BitField REF_SEL = new BitField("REF_SEL", CONTROL, 0, 1);
    public static final BitField PHASE_LOCK = new BitField("PHASE_LOCK", STATUS, 0, 1);
    public static final BitField PEER_CLOCK = new BitField("PEER_CLOCK", STATUS, 1, 1);
    public static final int ID_VALUE = 0x6C0C_0000;

    private final Chassis chassis;
    private final ScId sc;
    private final String name;

    GchipRegisters(Chassis chassis, ScId sc) {
        this.chassis = chassis;
        this.sc = sc;
        this.name = "sim:gchip-" + sc.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long size() {
        return SIZE;
    }

    private void check(long offset, AccessMode mode) {
        Objects.requireNonNull(mode, "mode");
        if (offset < 0 || offset > SIZE - 4 || (offset & 3) != 0) {
            throw new HalArgumentException(name + ": register offset 0x" + Long.toHexString(offset)
                    + " is invalid: valid is a multiple of 4 in 0x0..0x" + Long.toHexString(SIZE - 4));
        }
    }

    @Override
    public int read32(long offset, AccessMode mode) {
        check(offset, mode);
        if (offset == CONTROL) {
            return chassis.refSel(sc).bit();
        }
        if (offset == STATUS) {
            boolean lock = chassis.powered(sc) && chassis.phaseLocked();
            boolean peerClock = chassis.powered(sc) && chassis.powered(sc.peer());
            return (lock ? PHASE_LOCK.mask() : 0) | (peerClock ? PEER_CLOCK.mask() : 0);
        }
        if (offset == ID) {
            return ID_VALUE | sc.index();
        }
        return 0;
    }

    @Override
    public void write32(long offset, int value, AccessMode mode) {
        check(offset, mode);
        if (offset == CONTROL) {
            chassis.writeRefSel(sc, RefSel.ofBit(REF_SEL.extract(value)));
        }
    }
}

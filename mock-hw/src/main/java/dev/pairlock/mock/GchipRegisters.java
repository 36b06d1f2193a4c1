package dev.pairlock.mock;

import dev.pairlock.clockregs.GchipLayout;
import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.clock.RefSel;
import dev.pairlock.hal.reg.AccessMode;
import dev.pairlock.hal.reg.BitField;
import dev.pairlock.hal.reg.RegisterWindow;

import java.util.Objects;

/**
 * One SC's simulated Gchip as a window of 32-bit registers, laid out as the chassis' {@link GchipLayout}
 * says (clock-regs' layout, the same record a real SC's platform file describes), so that clock-regs'
 * {@code RegisterGchip} drives the simulated clock exactly as it drives a mapped one, and a register
 * tool shows what the physics sees:
 * <ul>
 * <li>REF_SEL (read/write; reset value 0 = follower): a write sets this SC's clock mode;</li>
 * <li>PHASE_LOCK and PEER_CLOCK (read-only): the physics' lock state and whether the peer's clock arrives;</li>
 * <li>every other bit and register reads 0 and ignores writes.</li>
 * </ul>
 * The window is at least 16 bytes and covers every register of the layout. Writes from an SC
 * that is powered off or held in reset are ignored: its chip is in reset.
 */
public final class GchipRegisters implements RegisterWindow {
    private static final long MIN_SIZE = 0x10;

    private final Chassis chassis;
    private final ScId sc;
    private final String name;
    private final BitField refSel;
    private final BitField phaseLock;
    private final BitField peerClock;
    private final long size;

    GchipRegisters(Chassis chassis, ScId sc, GchipLayout layout) {
        this.chassis = chassis;
        this.sc = sc;
        this.name = "sim:gchip-" + sc.name().toLowerCase(java.util.Locale.ROOT);
        this.refSel = layout.refSel();
        this.phaseLock = layout.phaseLock();
        this.peerClock = layout.peerClock();
        this.size = Math.max(MIN_SIZE, Math.max(refSel.offset(), Math.max(phaseLock.offset(), peerClock.offset())) + 4);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long size() {
        return size;
    }

    private void check(long offset, AccessMode mode) {
        Objects.requireNonNull(mode, "mode");
        if (offset < 0 || offset > size - 4 || (offset & 3) != 0) {
            throw new HalArgumentException(name + ": register offset 0x" + Long.toHexString(offset)
                    + " is invalid: valid is a multiple of 4 in 0x0..0x" + Long.toHexString(size - 4));
        }
    }

    @Override
    public int read32(long offset, AccessMode mode) {
        check(offset, mode);
        int value = 0;
        if (offset == refSel.offset()) {
            value |= chassis.refSel(sc).bit() << refSel.shift();
        }
        if (offset == phaseLock.offset() && chassis.powered(sc) && chassis.phaseLocked()) {
            value |= phaseLock.mask();
        }
        if (offset == peerClock.offset() && chassis.powered(sc) && chassis.powered(sc.peer())) {
            value |= peerClock.mask();
        }
        return value;
    }

    @Override
    public void write32(long offset, int value, AccessMode mode) {
        check(offset, mode);
        if (offset == refSel.offset()) {
            chassis.writeRefSel(sc, RefSel.ofBit(refSel.extract(value)));
        }
    }
}

package dev.pairlock.mock;

import dev.pairlock.clockregs.GchipLayout;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.clock.RefSel;
import dev.pairlock.hal.reg.AccessMode;
import dev.pairlock.hal.reg.BitField;
import dev.pairlock.hal.reg.RegisterAccessException;
import dev.pairlock.hal.reg.RegisterWindow;

import java.util.Objects;

/**
 * One SC's simulated Gchip as a window of 32-bit registers (also reachable 8, 16 and 64 bits wide), laid out as the chassis' {@link GchipLayout}
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

    /** Every width, inside the window and aligned to it (a 64-bit access spans two registers, low one first). */
    @Override
    public void checkAccess(long offset, int bits) {
        RegisterAccessException.check(name, size, offset, bits);
    }

    private void check(long offset, int bits, AccessMode mode) {
        Objects.requireNonNull(mode, "mode");
        checkAccess(offset, bits);
    }

    @Override
    public int read32(long offset, AccessMode mode) {
        check(offset, 32, mode);
        return register(offset);
    }

    @Override
    public void write32(long offset, int value, AccessMode mode) {
        check(offset, 32, mode);
        writeLanes(offset, value, -1);
    }

    /*
     * The narrow and wide accesses model a little-endian bus with byte enables, as x86 and arm64
     * hosts see a device: a byte or half-word reads its lanes of the 32-bit register and writes only
     * those lanes (the others keep their value); a 64-bit access is the register at the offset (the
     * low half) and the next one (the high half).
     */
    @Override
    public byte read8(long offset, AccessMode mode) {
        check(offset, 8, mode);
        return (byte) (register(offset & ~3L) >>> lane(offset));
    }

    @Override
    public void write8(long offset, byte value, AccessMode mode) {
        check(offset, 8, mode);
        writeLanes(offset & ~3L, (value & 0xFF) << lane(offset), 0xFF << lane(offset));
    }

    @Override
    public short read16(long offset, AccessMode mode) {
        check(offset, 16, mode);
        return (short) (register(offset & ~3L) >>> lane(offset));
    }

    @Override
    public void write16(long offset, short value, AccessMode mode) {
        check(offset, 16, mode);
        writeLanes(offset & ~3L, (value & 0xFFFF) << lane(offset), 0xFFFF << lane(offset));
    }

    @Override
    public long read64(long offset, AccessMode mode) {
        check(offset, 64, mode);
        return Integer.toUnsignedLong(register(offset)) | (long) register(offset + 4) << 32;
    }

    @Override
    public void write64(long offset, long value, AccessMode mode) {
        check(offset, 64, mode);
        writeLanes(offset, (int) value, -1);
        writeLanes(offset + 4, (int) (value >>> 32), -1);
    }

    private static int lane(long offset) {
        return (int) (offset & 3) * 8;
    }

    /** The 32-bit register at {@code offset} (4-byte aligned) as the chip shows it. */
    private int register(long offset) {
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

    /** A write of the byte lanes {@code lanes} of the register at {@code offset}; REF_SEL only if a lane holds it. */
    private void writeLanes(long offset, int value, int lanes) {
        if (offset == refSel.offset() && (lanes & refSel.mask()) != 0) {
            int merged = (register(offset) & ~lanes) | (value & lanes);
            chassis.writeRefSel(sc, RefSel.ofBit(refSel.extract(merged)));
        }
    }
}

package dev.pairlock.hal.reg;

import dev.pairlock.hal.HalArgumentException;
import java.util.Objects;

/** A named field of {@code width} bits at bit {@code shift} of the 32-bit register at {@code offset}. */
public record BitField(String name, long offset, int shift, int width) {
    public BitField {
        Objects.requireNonNull(name, "name");
        if (offset < 0 || (offset & 3) != 0) {
            throw new HalArgumentException("bit field " + name + ": register offset 0x" + Long.toHexString(offset)
                    + " is not a non-negative multiple of 4");
        }
        if (width < 1 || shift < 0 || shift + width > 32) {
            throw new HalArgumentException("bit field " + name + ": bits " + shift + ".." + (shift + width - 1)
                    + " do not fit a 32-bit register");
        }
    }

    public int mask() {
        return (int) (((1L << width) - 1) << shift);
    }

    public int extract(int raw) {
        return (raw & mask()) >>> shift;
    }

    public int insert(int raw, int value) {
        long max = (1L << width) - 1;
        if (value < 0 || value > max) {
            throw new HalArgumentException("bit field " + name + " holds 0.." + max + ", not " + value);
        }
        return (raw & ~mask()) | (value << shift);
    }

    public int read(RegisterWindow w, AccessMode mode) {
        return extract(w.read32(offset, mode));
    }

    /** Read-modify-write of the containing register. */
    public void write(RegisterWindow w, int value, AccessMode mode) {
        w.write32(offset, insert(w.read32(offset, mode), value), mode);
    }
}

package dev.pairlock.hal.i2c;

import java.util.ArrayList;
import java.util.List;

/**
 * The adapter's functionality mask, bit-compatible with {@code <linux/i2c.h>} I2C_FUNC_*. The
 * kernel returns it as an {@code unsigned long}; only the low 32 bits are defined.
 */
public record I2cFunctionality(long mask) {
    public static final long I2C = 0x00000001L;
    public static final long TEN_BIT_ADDR = 0x00000002L;
    public static final long PROTOCOL_MANGLING = 0x00000004L;
    public static final long SMBUS_PEC = 0x00000008L;
    public static final long NOSTART = 0x00000010L;
    public static final long SLAVE = 0x00000020L;
    public static final long SMBUS_BLOCK_PROC_CALL = 0x00008000L;
    public static final long SMBUS_QUICK = 0x00010000L;
    public static final long SMBUS_READ_BYTE = 0x00020000L;
    public static final long SMBUS_WRITE_BYTE = 0x00040000L;
    public static final long SMBUS_READ_BYTE_DATA = 0x00080000L;
    public static final long SMBUS_WRITE_BYTE_DATA = 0x00100000L;
    public static final long SMBUS_READ_WORD_DATA = 0x00200000L;
    public static final long SMBUS_WRITE_WORD_DATA = 0x00400000L;
    public static final long SMBUS_PROC_CALL = 0x00800000L;
    public static final long SMBUS_READ_BLOCK_DATA = 0x01000000L;
    public static final long SMBUS_WRITE_BLOCK_DATA = 0x02000000L;
    public static final long SMBUS_READ_I2C_BLOCK = 0x04000000L;
    public static final long SMBUS_WRITE_I2C_BLOCK = 0x08000000L;
    public static final long SMBUS_HOST_NOTIFY = 0x10000000L;

    /** What i2c-stub and most SMBus controllers offer. */
    public static final long SMBUS_EMUL = SMBUS_QUICK | SMBUS_READ_BYTE | SMBUS_WRITE_BYTE
            | SMBUS_READ_BYTE_DATA | SMBUS_WRITE_BYTE_DATA | SMBUS_READ_WORD_DATA | SMBUS_WRITE_WORD_DATA
            | SMBUS_PROC_CALL | SMBUS_WRITE_BLOCK_DATA | SMBUS_READ_I2C_BLOCK | SMBUS_WRITE_I2C_BLOCK | SMBUS_PEC;

    private static final Object[][] NAMES = {
        {I2C, "I2C"}, {TEN_BIT_ADDR, "10-bit addressing"}, {PROTOCOL_MANGLING, "Protocol mangling"},
        {SMBUS_PEC, "SMBus PEC"}, {NOSTART, "I2C no start"}, {SLAVE, "Target mode"},
        {SMBUS_BLOCK_PROC_CALL, "SMBus Block Process Call"}, {SMBUS_QUICK, "SMBus Quick Command"},
        {SMBUS_READ_BYTE, "SMBus Receive Byte"}, {SMBUS_WRITE_BYTE, "SMBus Send Byte"},
        {SMBUS_READ_BYTE_DATA, "SMBus Read Byte"}, {SMBUS_WRITE_BYTE_DATA, "SMBus Write Byte"},
        {SMBUS_READ_WORD_DATA, "SMBus Read Word"}, {SMBUS_WRITE_WORD_DATA, "SMBus Write Word"},
        {SMBUS_PROC_CALL, "SMBus Process Call"}, {SMBUS_READ_BLOCK_DATA, "SMBus Block Read"},
        {SMBUS_WRITE_BLOCK_DATA, "SMBus Block Write"}, {SMBUS_READ_I2C_BLOCK, "I2C Block Read"},
        {SMBUS_WRITE_I2C_BLOCK, "I2C Block Write"}, {SMBUS_HOST_NOTIFY, "SMBus Host Notify"},
    };

    public boolean has(long flags) {
        return (mask & flags) == flags;
    }

    /** (name, supported) for every known flag, in i2cdetect's order. */
    public List<java.util.Map.Entry<String, Boolean>> describe() {
        List<java.util.Map.Entry<String, Boolean>> out = new ArrayList<>(NAMES.length);
        for (Object[] n : NAMES) {
            out.add(java.util.Map.entry((String) n[1], has((Long) n[0])));
        }
        return out;
    }
}

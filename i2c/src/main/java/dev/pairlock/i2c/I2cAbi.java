package dev.pairlock.i2c;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.UnionLayout;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/** The i2c-dev user ABI of {@code <linux/i2c-dev.h>} and {@code <linux/i2c.h>}. */
final class I2cAbi {
    static final long I2C_RETRIES = 0x0701;
    static final long I2C_TIMEOUT = 0x0702;
    static final long I2C_SLAVE = 0x0703;
    static final long I2C_FUNCS = 0x0705;
    static final long I2C_SLAVE_FORCE = 0x0706;
    static final long I2C_RDWR = 0x0707;
    static final long I2C_SMBUS = 0x0720;

    static final byte SMBUS_WRITE = 0;
    static final byte SMBUS_READ = 1;

    static final int SIZE_QUICK = 0;
    static final int SIZE_BYTE = 1;
    static final int SIZE_BYTE_DATA = 2;
    static final int SIZE_WORD_DATA = 3;
    static final int SIZE_BLOCK_DATA = 5;
    static final int SIZE_I2C_BLOCK_DATA = 8;

    static final int SMBUS_BLOCK_MAX = 32;
    static final int RDWR_MAX_MESSAGES = 42;
    static final short M_RD = 0x0001;

    private static final ValueLayout U8 = ValueLayout.JAVA_BYTE;
    private static final ValueLayout U16 = ValueLayout.JAVA_SHORT;
    private static final ValueLayout U32 = ValueLayout.JAVA_INT;

    /** {@code union i2c_smbus_data}: byte, word, or block[0] = length then up to 32 bytes plus PEC room. */
    static final UnionLayout SMBUS_DATA = MemoryLayout.unionLayout(
            U8.withName("byte"),
            U16.withName("word"),
            MemoryLayout.sequenceLayout(SMBUS_BLOCK_MAX + 2, U8).withName("block")).withName("i2c_smbus_data");

    /** {@code struct i2c_smbus_ioctl_data}. */
    static final StructLayout SMBUS_IOCTL_DATA = cStruct("i2c_smbus_ioctl_data",
            U8.withName("read_write"), U8.withName("command"), U32.withName("size"),
            ValueLayout.ADDRESS.withName("data"));

    /** {@code struct i2c_msg}. */
    static final StructLayout MSG = cStruct("i2c_msg",
            U16.withName("addr"), U16.withName("flags"), U16.withName("len"), ValueLayout.ADDRESS.withName("buf"));

    /** {@code struct i2c_rdwr_ioctl_data}. */
    static final StructLayout RDWR_IOCTL_DATA = cStruct("i2c_rdwr_ioctl_data",
            ValueLayout.ADDRESS.withName("msgs"), U32.withName("nmsgs"));

    static final long SMBUS_READ_WRITE = offset(SMBUS_IOCTL_DATA, "read_write");
    static final long SMBUS_COMMAND = offset(SMBUS_IOCTL_DATA, "command");
    static final long SMBUS_SIZE = offset(SMBUS_IOCTL_DATA, "size");
    static final long SMBUS_DATA_PTR = offset(SMBUS_IOCTL_DATA, "data");
    static final long MSG_ADDR = offset(MSG, "addr");
    static final long MSG_FLAGS = offset(MSG, "flags");
    static final long MSG_LEN = offset(MSG, "len");
    static final long MSG_BUF = offset(MSG, "buf");
    static final long RDWR_MSGS = offset(RDWR_IOCTL_DATA, "msgs");
    static final long RDWR_NMSGS = offset(RDWR_IOCTL_DATA, "nmsgs");

    private I2cAbi() {
    }

    /** A C struct: members at their natural alignment, padded to a multiple of the largest. */
    static StructLayout cStruct(String name, MemoryLayout... members) {
        List<MemoryLayout> out = new ArrayList<>();
        long offset = 0;
        long maxAlign = 1;
        for (MemoryLayout m : members) {
            long align = m.byteAlignment();
            if (offset % align != 0) {
                long pad = align - offset % align;
                out.add(MemoryLayout.paddingLayout(pad));
                offset += pad;
            }
            out.add(m);
            offset += m.byteSize();
            maxAlign = Math.max(maxAlign, align);
        }
        if (offset % maxAlign != 0) {
            out.add(MemoryLayout.paddingLayout(maxAlign - offset % maxAlign));
        }
        return MemoryLayout.structLayout(out.toArray(MemoryLayout[]::new)).withName(name);
    }

    private static long offset(StructLayout layout, String field) {
        return layout.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }
}

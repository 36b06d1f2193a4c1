package dev.pairlock.i2c;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.pairlock.libc.IdempotentIoctl;
import dev.pairlock.libc.Libc;

import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** Sizes and offsets as gcc lays out the kernel's structs on LP64 (x86-64, arm64). */
class I2cAbiTest {
    @Test
    void smbusIoctlDataPadsBeforeSizeAndThePointer() {
        assertEquals(16, I2cAbi.SMBUS_IOCTL_DATA.byteSize());
        assertEquals(0, I2cAbi.SMBUS_READ_WRITE);
        assertEquals(1, I2cAbi.SMBUS_COMMAND);
        assertEquals(4, I2cAbi.SMBUS_SIZE);
        assertEquals(8, I2cAbi.SMBUS_DATA_PTR);
    }

    @Test
    void smbusDataUnionIs34Bytes() {
        assertEquals(34, I2cAbi.SMBUS_DATA.byteSize());
        assertEquals(2, I2cAbi.SMBUS_DATA.byteAlignment());
    }

    @Test
    void i2cMsgAndRdwrData() {
        assertEquals(16, I2cAbi.MSG.byteSize());
        assertEquals(0, I2cAbi.MSG_ADDR);
        assertEquals(2, I2cAbi.MSG_FLAGS);
        assertEquals(4, I2cAbi.MSG_LEN);
        assertEquals(8, I2cAbi.MSG_BUF);
        assertEquals(16, I2cAbi.RDWR_IOCTL_DATA.byteSize());
        assertEquals(0, I2cAbi.RDWR_MSGS);
        assertEquals(8, I2cAbi.RDWR_NMSGS);
    }

    @Test
    void cStructPadsTheTailToTheLargestAlignment() {
        StructLayout s = I2cAbi.cStruct("t", ValueLayout.JAVA_LONG, ValueLayout.JAVA_BYTE);
        assertEquals(16, s.byteSize());
        StructLayout u = I2cAbi.cStruct("u", ValueLayout.JAVA_BYTE, ValueLayout.JAVA_SHORT, ValueLayout.JAVA_BYTE);
        assertEquals(6, u.byteSize());
        // byte, 1 pad byte, short at 2, byte at 4, 1 tail pad byte
        assertEquals(5, u.memberLayouts().size());
        assertEquals(2, u.memberLayouts().get(2).byteSize());
    }

    @Test
    void ioctlNumbersMatchI2cDevH() {
        assertEquals(0x0701, I2cAbi.I2C_RETRIES);
        assertEquals(0x0702, I2cAbi.I2C_TIMEOUT);
        assertEquals(0x0703, I2cAbi.I2C_SLAVE);
        assertEquals(0x0705, I2cAbi.I2C_FUNCS);
        assertEquals(0x0706, I2cAbi.I2C_SLAVE_FORCE);
        assertEquals(0x0707, I2cAbi.I2C_RDWR);
        assertEquals(0x0720, I2cAbi.I2C_SMBUS);
    }

    @Test
    void onlyI2cFuncsTakesLibcsNoCaptureFastPath() {
        // LinuxI2cBus.open passes libc's constant for I2C_FUNCS; every transfer and setup request must stay
        // capture-on-first-call (a repeat would be a second transfer, its failure not the first one's)
        assertEquals(I2cAbi.I2C_FUNCS, IdempotentIoctl.I2C_FUNCS.number());
        assertEquals(Libc.C_LONG.byteSize(), IdempotentIoctl.I2C_FUNCS.argBytes());
        for (long transferOrSetup : new long[] {I2cAbi.I2C_SMBUS, I2cAbi.I2C_RDWR, I2cAbi.I2C_SLAVE,
            I2cAbi.I2C_SLAVE_FORCE, I2cAbi.I2C_TIMEOUT, I2cAbi.I2C_RETRIES}) {
            for (IdempotentIoctl admitted : IdempotentIoctl.values()) {
                assertNotEquals(transferOrSetup, admitted.number(), admitted.name());
            }
        }
    }
}

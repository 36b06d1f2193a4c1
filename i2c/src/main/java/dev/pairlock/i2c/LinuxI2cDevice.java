package dev.pairlock.i2c;

import static dev.pairlock.i2c.I2cAbi.*;
import static dev.pairlock.hal.i2c.I2cFunctionality.*;

import dev.pairlock.hal.i2c.I2cAddress;
import dev.pairlock.hal.i2c.I2cBus;
import dev.pairlock.hal.i2c.I2cBusErrorException;
import dev.pairlock.hal.i2c.I2cDevice;
import dev.pairlock.hal.i2c.SmbusArguments;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A target on a {@link LinuxI2cBus}: the SMBus operations as I2C_SMBUS ioctls. Arguments are
 * checked, and the adapter's functionality consulted, before the bus is touched.
 */
final class LinuxI2cDevice implements I2cDevice {
    private final LinuxI2cBus bus;
    private final I2cAddress address;

    LinuxI2cDevice(LinuxI2cBus bus, I2cAddress address) {
        this.bus = bus;
        this.address = address;
    }

    @Override
    public I2cBus bus() {
        return bus;
    }

    @Override
    public I2cAddress address() {
        return address;
    }

    @Override
    public void quick(boolean read) {
        bus.requireFunctionality(SMBUS_QUICK, address, -1, "SMBus quick command");
        bus.lock();
        try {
            bus.smbus(address, read ? SMBUS_READ : SMBUS_WRITE, 0, SIZE_QUICK, -1, "SMBus quick command");
        } finally {
            bus.unlock();
        }
    }

    @Override
    public int readByte() {
        bus.requireFunctionality(SMBUS_READ_BYTE, address, -1, "SMBus receive byte");
        bus.lock();
        try {
            bus.smbus(address, SMBUS_READ, 0, SIZE_BYTE, -1, "SMBus receive byte");
            return bus.smbusData().get(ValueLayout.JAVA_BYTE, 0) & 0xFF;
        } finally {
            bus.unlock();
        }
    }

    @Override
    public void writeByte(int value) {
        SmbusArguments.byteValue(bus.number(), address, value);
        bus.requireFunctionality(SMBUS_WRITE_BYTE, address, -1, "SMBus send byte");
        bus.lock();
        try {
            bus.smbus(address, SMBUS_WRITE, value, SIZE_BYTE, -1, "SMBus send byte");
        } finally {
            bus.unlock();
        }
    }

    @Override
    public int readByteData(int register) {
        return byteData(register, false);
    }

    @Override
    public int probeByteData(int register) {
        return byteData(register, true);
    }

    /** SMBus read byte data; a probe answers an absent target with {@link #NO_ACKNOWLEDGE}, a read throws. */
    private int byteData(int register, boolean probe) {
        checkRegister(register);
        bus.requireFunctionality(SMBUS_READ_BYTE_DATA, address, register, "SMBus read byte data");
        bus.lock();
        try {
            if (!bus.smbusRead(address, register, SIZE_BYTE_DATA, "SMBus read byte data", probe)) {
                return NO_ACKNOWLEDGE;
            }
            return bus.smbusData().get(ValueLayout.JAVA_BYTE, 0) & 0xFF;
        } finally {
            bus.unlock();
        }
    }

    @Override
    public void writeByteData(int register, int value) {
        checkRegister(register);
        SmbusArguments.byteValue(bus.number(), address, value);
        bus.requireFunctionality(SMBUS_WRITE_BYTE_DATA, address, register, "SMBus write byte data");
        bus.lock();
        try {
            bus.smbusData().set(ValueLayout.JAVA_BYTE, 0, (byte) value);
            bus.smbus(address, SMBUS_WRITE, register, SIZE_BYTE_DATA, register, "SMBus write byte data");
        } finally {
            bus.unlock();
        }
    }

    @Override
    public int readWordData(int register) {
        return wordData(register, false);
    }

    @Override
    public int probeWordData(int register) {
        return wordData(register, true);
    }

    /** SMBus read word data; a probe answers an absent target with {@link #NO_ACKNOWLEDGE}, a read throws. */
    private int wordData(int register, boolean probe) {
        checkRegister(register);
        bus.requireFunctionality(SMBUS_READ_WORD_DATA, address, register, "SMBus read word data");
        bus.lock();
        try {
            if (!bus.smbusRead(address, register, SIZE_WORD_DATA, "SMBus read word data", probe)) {
                return NO_ACKNOWLEDGE;
            }
            return bus.smbusData().get(ValueLayout.JAVA_SHORT, 0) & 0xFFFF;
        } finally {
            bus.unlock();
        }
    }

    @Override
    public void writeWordData(int register, int value) {
        checkRegister(register);
        SmbusArguments.wordValue(bus.number(), address, value);
        bus.requireFunctionality(SMBUS_WRITE_WORD_DATA, address, register, "SMBus write word data");
        bus.lock();
        try {
            bus.smbusData().set(ValueLayout.JAVA_SHORT, 0, (short) value);
            bus.smbus(address, SMBUS_WRITE, register, SIZE_WORD_DATA, register, "SMBus write word data");
        } finally {
            bus.unlock();
        }
    }

    @Override
    public int readBlockData(int register, byte[] dst) {
        checkRegister(register);
        SmbusArguments.blockReadBuffer(bus.number(), address, dst);
        bus.requireFunctionality(SMBUS_READ_BLOCK_DATA, address, register, "SMBus block read");
        bus.lock();
        try {
            bus.smbus(address, SMBUS_READ, register, SIZE_BLOCK_DATA, register, "SMBus block read");
            MemorySegment data = bus.smbusData();
            int count = data.get(ValueLayout.JAVA_BYTE, 0) & 0xFF;
            if (count > MAX_BLOCK) {
                throw new I2cBusErrorException(bus.number(), address.value(), register, 0,
                        "the device announced a block of " + count + " bytes (SMBus allows at most " + MAX_BLOCK + ")");
            }
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, 1, dst, 0, count);
            return count;
        } finally {
            bus.unlock();
        }
    }

    @Override
    public void writeBlockData(int register, byte[] src, int length) {
        checkRegister(register);
        checkBlock(src, length, "SMBus block write");
        bus.requireFunctionality(SMBUS_WRITE_BLOCK_DATA, address, register, "SMBus block write");
        writeBlock(register, src, length, SIZE_BLOCK_DATA, "SMBus block write");
    }

    @Override
    public void readI2cBlockData(int register, byte[] dst, int length) {
        checkRegister(register);
        checkBlock(dst, length, "I2C block read");
        bus.requireFunctionality(SMBUS_READ_I2C_BLOCK, address, register, "I2C block read");
        bus.lock();
        try {
            MemorySegment data = bus.smbusData();
            data.set(ValueLayout.JAVA_BYTE, 0, (byte) length); // block[0] asks for this many bytes
            bus.smbus(address, SMBUS_READ, register, SIZE_I2C_BLOCK_DATA, register, "I2C block read");
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, 1, dst, 0, length);
        } finally {
            bus.unlock();
        }
    }

    @Override
    public void writeI2cBlockData(int register, byte[] src, int length) {
        checkRegister(register);
        checkBlock(src, length, "I2C block write");
        bus.requireFunctionality(SMBUS_WRITE_I2C_BLOCK, address, register, "I2C block write");
        writeBlock(register, src, length, SIZE_I2C_BLOCK_DATA, "I2C block write");
    }

    private void writeBlock(int register, byte[] src, int length, int size, String operation) {
        bus.lock();
        try {
            MemorySegment data = bus.smbusData();
            data.set(ValueLayout.JAVA_BYTE, 0, (byte) length);
            MemorySegment.copy(src, 0, data, ValueLayout.JAVA_BYTE, 1, length);
            bus.smbus(address, SMBUS_WRITE, register, size, register, operation);
        } finally {
            bus.unlock();
        }
    }

    private void checkRegister(int register) {
        SmbusArguments.register(bus.number(), address, register);
    }

    private void checkBlock(byte[] buffer, int length, String operation) {
        SmbusArguments.blockLength(bus.number(), address, operation, buffer, length);
    }

    private String describe() {
        return "I2C bus " + bus.number() + ", address " + address;
    }

    @Override
    public String toString() {
        return describe();
    }
}

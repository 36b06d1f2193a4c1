package dev.pairlock.mock;

import dev.pairlock.hal.i2c.I2cAddress;
import dev.pairlock.hal.i2c.I2cBus;
import dev.pairlock.hal.i2c.I2cDevice;
import dev.pairlock.hal.i2c.I2cUnsupportedException;
import dev.pairlock.hal.i2c.SmbusArguments;

import java.util.Objects;

/** SMBus operations against a simulated bus; arguments are checked before any (virtual) bus traffic. */
final class SimI2cDevice implements I2cDevice {
    private final SimI2cBus bus;
    private final I2cAddress address;
    private final int a;

    SimI2cDevice(SimI2cBus bus, I2cAddress address) {
        this.bus = bus;
        this.address = address;
        this.a = address.value();
    }

    @Override
    public I2cBus bus() {
        return bus;
    }

    @Override
    public I2cAddress address() {
        return address;
    }

    private void reg(int register) {
        SmbusArguments.register(bus.number(), address, register);
    }

    private void byteValue(int value) {
        SmbusArguments.byteValue(bus.number(), address, value);
    }

    private void block(byte[] buffer, int length, String operation) {
        SmbusArguments.blockLength(bus.number(), address, operation, buffer, length);
    }

    @Override
    public void quick(boolean read) {
        bus.begin(a, -1, SimI2cBus.bits(0, 0));
    }

    @Override
    public int readByte() {
        return bus.begin(a, -1, SimI2cBus.bits(0, 1)).readAtPointer();
    }

    @Override
    public void writeByte(int value) {
        byteValue(value);
        bus.begin(a, -1, SimI2cBus.bits(1, 0)).setPointer(value);
    }

    @Override
    public int readByteData(int register) {
        reg(register);
        return bus.begin(a, register, SimI2cBus.bits(1, 1)).read(register);
    }

    @Override
    public void writeByteData(int register, int value) {
        reg(register);
        byteValue(value);
        bus.begin(a, register, SimI2cBus.bits(2, 0)).write(bus.sc, register, value);
    }

    @Override
    public int readWordData(int register) {
        reg(register);
        BoardModel b = bus.begin(a, register, SimI2cBus.bits(1, 2));
        return b.read(register) | (b.read((register + 1) & 0xFF) << 8);
    }

    @Override
    public int probeByteData(int register) {
        reg(register);
        BoardModel b = bus.acknowledged(a, register, SimI2cBus.bits(1, 1));
        return b == null ? NO_ACKNOWLEDGE : b.read(register);
    }

    @Override
    public int probeWordData(int register) {
        reg(register);
        BoardModel b = bus.acknowledged(a, register, SimI2cBus.bits(1, 2));
        return b == null ? NO_ACKNOWLEDGE : b.read(register) | (b.read((register + 1) & 0xFF) << 8);
    }

    @Override
    public void writeWordData(int register, int value) {
        reg(register);
        SmbusArguments.wordValue(bus.number(), address, value);
        BoardModel b = bus.begin(a, register, SimI2cBus.bits(3, 0));
        b.write(bus.sc, register, value & 0xFF);
        b.write(bus.sc, (register + 1) & 0xFF, value >>> 8);
    }

    /** Not offered, like i2c-stub: the functionality mask lacks SMBus block read. */
    @Override
    public int readBlockData(int register, byte[] dst) {
        reg(register);
        Objects.requireNonNull(dst, "dst");
        throw new I2cUnsupportedException(bus.number(), a, register, 95, "SMBus block read");
    }

    @Override
    public void writeBlockData(int register, byte[] src, int length) {
        reg(register);
        block(src, length, "SMBus block write");
        BoardModel b = bus.begin(a, register, SimI2cBus.bits(2 + length, 0));
        for (int i = 0; i < length; i++) {
            b.write(bus.sc, (register + i) & 0xFF, src[i] & 0xFF);
        }
    }

    @Override
    public void readI2cBlockData(int register, byte[] dst, int length) {
        reg(register);
        block(dst, length, "I2C block read");
        BoardModel b = bus.begin(a, register, SimI2cBus.bits(1, length));
        for (int i = 0; i < length; i++) {
            dst[i] = (byte) b.read((register + i) & 0xFF);
        }
    }

    @Override
    public void writeI2cBlockData(int register, byte[] src, int length) {
        reg(register);
        block(src, length, "I2C block write");
        BoardModel b = bus.begin(a, register, SimI2cBus.bits(1 + length, 0));
        for (int i = 0; i < length; i++) {
            b.write(bus.sc, (register + i) & 0xFF, src[i] & 0xFF);
        }
    }
}

package dev.pairlock.adapters.pi4j;

import com.pi4j.io.i2c.I2CBase;
import com.pi4j.io.i2c.I2CConfig;
import com.pi4j.io.i2c.I2CProvider;
import dev.pairlock.hal.i2c.I2cAddress;
import dev.pairlock.hal.i2c.I2cBus;
import dev.pairlock.hal.i2c.I2cDevice;
import dev.pairlock.hal.i2c.I2cMessage;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A Pi4J I2C device on a pairlock bus. Every operation that has an SMBus form puts the same bytes
 * on the wire as Pi4J's raw I2C calls would (a register read is "write register, repeated start,
 * read"), so it also works on SMBus-only adapters such as i2c-stub; longer or multi-byte-register
 * operations are one combined I2C_RDWR transfer.
 */
final class PairlockI2C extends I2CBase<PairlockI2CBus> {
    private final I2cBus bus;
    private final I2cAddress address;
    private final I2cDevice device;

    PairlockI2C(I2CProvider provider, I2CConfig config, PairlockI2CBus lock, I2cBus bus, I2cAddress address) {
        super(provider, config, lock);
        this.bus = bus;
        this.address = address;
        this.device = bus.device(address);
    }

    // ---- raw device reads and writes

    @Override
    public int read() {
        return Pi4jErrors.call(device::readByte);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        if (length == 1) {
            buffer[offset] = (byte) read();
            return 1;
        }
        return Pi4jErrors.call(() -> {
            I2cMessage m = I2cMessage.read(address, length);
            bus.transfer(List.of(m));
            System.arraycopy(m.buffer(), 0, buffer, offset, length);
            return length;
        });
    }

    @Override
    public int write(byte b) {
        Pi4jErrors.run(() -> device.writeByte(b & 0xFF));
        return 1;
    }

    /** 1 byte: send byte; 2: write byte data; 3..33: I2C block write; longer: one I2C_RDWR message. */
    @Override
    public int write(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (length == 0) {
            return 0;
        }
        if (length <= I2cDevice.MAX_BLOCK + 1) {
            return writeRegister(data[offset] & 0xFF, data, offset + 1, length - 1) + 1;
        }
        Pi4jErrors.run(() -> bus.transfer(List.of(I2cMessage.write(address, Arrays.copyOfRange(data, offset, offset + length)))));
        return length;
    }

    // ---- register reads and writes

    @Override
    public int readRegister(int register) {
        return Pi4jErrors.call(() -> device.readByteData(register));
    }

    @Override
    public int readRegister(int register, byte[] buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        if (length == 1) {
            buffer[offset] = (byte) readRegister(register);
            return 1;
        }
        if (length <= I2cDevice.MAX_BLOCK) {
            return Pi4jErrors.call(() -> {
                byte[] tmp = new byte[length];
                device.readI2cBlockData(register, tmp, length);
                System.arraycopy(tmp, 0, buffer, offset, length);
                return length;
            });
        }
        return readRegister(new byte[] {(byte) register}, buffer, offset, length);
    }

    @Override
    public int readRegister(byte[] register, byte[] buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (register.length == 1 && length <= I2cDevice.MAX_BLOCK) {
            return readRegister(register[0] & 0xFF, buffer, offset, length);
        }
        return Pi4jErrors.call(() -> {
            I2cMessage read = I2cMessage.read(address, length);
            bus.transfer(List.of(I2cMessage.write(address, register), read));
            System.arraycopy(read.buffer(), 0, buffer, offset, length);
            return length;
        });
    }

    @Override
    public int writeRegister(int register, byte b) {
        Pi4jErrors.run(() -> device.writeByteData(register, b & 0xFF));
        return 1;
    }

    @Override
    public int writeRegister(int register, byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (length == 0) {
            Pi4jErrors.run(() -> device.writeByte(register & 0xFF));
            return 0;
        }
        if (length == 1) {
            return writeRegister(register, data[offset]);
        }
        if (length <= I2cDevice.MAX_BLOCK) {
            Pi4jErrors.run(() -> device.writeI2cBlockData(register, Arrays.copyOfRange(data, offset, offset + length), length));
            return length;
        }
        return writeRegister(new byte[] {(byte) register}, data, offset, length);
    }

    @Override
    public int writeRegister(byte[] register, byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (register.length == 1 && length <= I2cDevice.MAX_BLOCK) {
            return writeRegister(register[0] & 0xFF, data, offset, length);
        }
        byte[] all = new byte[register.length + length];
        System.arraycopy(register, 0, all, 0, register.length);
        System.arraycopy(data, offset, all, register.length, length);
        Pi4jErrors.run(() -> bus.transfer(List.of(I2cMessage.write(address, all))));
        return length;
    }
}

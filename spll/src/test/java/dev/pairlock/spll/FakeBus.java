package dev.pairlock.spll;

import dev.pairlock.hal.DeviceUnavailableException;
import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.i2c.*;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A register-file I2C bus for tests: one device per address, optional NACK and a select register that ignores writes. */
final class FakeBus implements I2cBus {
    final int number;
    final Map<Integer, int[]> devices = new HashMap<>();
    int stuckRegister = -1;
    int writes;
    boolean hung;

    FakeBus(int number) {
        this.number = number;
    }

    int[] add(int address) {
        int[] regs = new int[256];
        devices.put(address, regs);
        return regs;
    }

    @Override public int number() { return number; }
    @Override public String name() { return "fake-" + number; }
    @Override public I2cFunctionality functionality() { return new I2cFunctionality(I2cFunctionality.SMBUS_EMUL); }
    @Override public I2cSettings settings() { return I2cSettings.DEFAULT; }
    @Override public void configure(I2cSettings settings) { }
    @Override public void transfer(List<I2cMessage> messages) { throw new I2cUnsupportedException(number, -1, -1, 0); }
    @Override public void close() { }

    @Override
    public I2cDevice device(I2cAddress address) {
        FakeBus bus = this;
        int a = address.value();
        return new I2cDevice() {
            int[] regs(int reg) {
                if (hung) {
                    throw new I2cTimeoutException(number, a, reg, 110);
                }
                int[] r = devices.get(a);
                if (r == null) {
                    throw new I2cNoAcknowledgeException(number, a, reg, 6);
                }
                HalArgumentException.checkRange("register", reg, 0, 255);
                return r;
            }
            @Override public I2cBus bus() { return bus; }
            @Override public I2cAddress address() { return address; }
            @Override public void quick(boolean read) { regs(0); }
            @Override public int readByte() { return regs(0)[0]; }
            @Override public void writeByte(int value) { regs(0); }
            @Override public int readByteData(int register) { return regs(register)[register]; }
            @Override public void writeByteData(int register, int value) {
                int[] r = regs(register);
                writes++;
                if (register != stuckRegister) {
                    r[register] = value;
                }
            }
            @Override public int readWordData(int register) { int[] r = regs(register); return r[register] | (r[register + 1] << 8); }
            @Override public void writeWordData(int register, int value) { int[] r = regs(register); r[register] = value & 0xFF; r[register + 1] = value >>> 8; }
            @Override public int readBlockData(int register, byte[] dst) { throw new I2cUnsupportedException(number, a, register, 0); }
            @Override public void writeBlockData(int register, byte[] src, int length) { throw new I2cUnsupportedException(number, a, register, 0); }
            @Override public void readI2cBlockData(int register, byte[] dst, int length) { throw new I2cUnsupportedException(number, a, register, 0); }
            @Override public void writeI2cBlockData(int register, byte[] src, int length) { throw new I2cUnsupportedException(number, a, register, 0); }
        };
    }

    static I2cBuses buses(FakeBus... list) {
        return new I2cBuses() {
            @Override public List<Integer> numbers() { return java.util.Arrays.stream(list).map(b -> b.number).toList(); }
            @Override public I2cBus bus(int n) {
                for (FakeBus b : list) {
                    if (b.number == n) {
                        return b;
                    }
                }
                throw new DeviceUnavailableException("fake-" + n, "no such bus", "");
            }
            @Override public void close() { }
        };
    }
}

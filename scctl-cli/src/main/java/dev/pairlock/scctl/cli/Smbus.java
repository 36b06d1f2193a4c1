package dev.pairlock.scctl.cli;

import dev.pairlock.hal.HalException;
import dev.pairlock.hal.i2c.I2cBus;
import dev.pairlock.hal.i2c.I2cDevice;
import dev.pairlock.hal.i2c.I2cFunctionality;
import dev.pairlock.hal.i2c.I2cMessage;
import dev.pairlock.scctl.text.UsageException;
import java.util.List;

/**
 * The SMBus byte/word transactions of i2cget, i2cset and i2cdump, with or without PEC (the mode's
 * {@code p} suffix). With PEC the transaction goes as the same bytes in one combined I2C transfer
 * plus the packet error code, computed and checked here, as i2c-core does when it emulates SMBus
 * over I2C: so PEC needs an adapter with plain I2C (I2C_FUNC_I2C), and is refused clearly where
 * there is none (i2cget would warn and carry on without a check).
 */
final class Smbus {
    private final I2cBus bus;
    private final I2cDevice device;
    private final boolean pec;

    Smbus(I2cBus bus, I2cDevice device, boolean pec) {
        this.bus = bus;
        this.device = device;
        this.pec = pec;
        if (pec && !bus.functionality().has(I2cFunctionality.I2C)) {
            throw new HalException(bus.name() + " cannot do PEC for scctl: it has no plain I2C transfers (I2C_FUNC_I2C),"
                    + " which scctl's PEC is built on; drop the 'p' suffix (see 'scctl i2c detect -F " + bus.number() + "')");
        }
    }

    /** A mode word: the letter and whether a {@code p} follows; {@code allowed} lists the letters. */
    record Mode(char letter, boolean pec) {
        static Mode parse(String text, String allowed, String pecAllowed, String what) {
            if (text == null || text.isEmpty() || text.length() > 2 || allowed.indexOf(text.charAt(0)) < 0
                    || (text.length() == 2 && text.charAt(1) != 'p')) {
                throw new UsageException("mode " + dev.pairlock.config.Values.quote(text) + " is not one of " + what);
            }
            Mode m = new Mode(text.charAt(0), text.length() == 2);
            if (m.pec && pecAllowed.indexOf(m.letter) < 0) {
                throw new UsageException("mode " + m.letter + " takes no PEC suffix in scctl (PEC: " + pecAllowed.chars()
                        .mapToObj(c -> (char) c + "p").reduce((a, b) -> a + ", " + b).orElse("none") + ")");
            }
            return m;
        }

        @Override
        public String toString() {
            return letter + (pec ? "p" : "");
        }
    }

    private int address() {
        return device.address().value();
    }

    int readByteData(int register) {
        if (!pec) {
            return device.readByteData(register);
        }
        byte[] in = read(new byte[] {(byte) register}, 2);
        check(in[1], (address() << 1), register, (address() << 1) | 1, in[0] & 0xFF);
        return in[0] & 0xFF;
    }

    int readWordData(int register) {
        if (!pec) {
            return device.readWordData(register);
        }
        byte[] in = read(new byte[] {(byte) register}, 3);
        check(in[2], (address() << 1), register, (address() << 1) | 1, in[0] & 0xFF, in[1] & 0xFF);
        return (in[0] & 0xFF) | (in[1] & 0xFF) << 8;
    }

    int readByte() {
        if (!pec) {
            return device.readByte();
        }
        I2cMessage r = I2cMessage.read(device.address(), 2);
        bus.transfer(List.of(r));
        check(r.buffer()[1], (address() << 1) | 1, r.buffer()[0] & 0xFF);
        return r.buffer()[0] & 0xFF;
    }

    void writeByte(int value) {
        if (!pec) {
            device.writeByte(value);
            return;
        }
        write(value);
    }

    void writeByteData(int register, int value) {
        if (!pec) {
            device.writeByteData(register, value);
            return;
        }
        write(register, value);
    }

    void writeWordData(int register, int value) {
        if (!pec) {
            device.writeWordData(register, value);
            return;
        }
        write(register, value & 0xFF, value >>> 8);
    }

    private byte[] read(byte[] out, int n) {
        I2cMessage r = I2cMessage.read(device.address(), n);
        bus.transfer(List.of(I2cMessage.write(device.address(), out), r));
        return r.buffer();
    }

    /** The bytes and their PEC, over the address byte with the write bit. */
    private void write(int... bytes) {
        byte[] msg = new byte[bytes.length + 1];
        int[] all = new int[bytes.length + 1];
        all[0] = address() << 1;
        for (int i = 0; i < bytes.length; i++) {
            msg[i] = (byte) bytes[i];
            all[i + 1] = bytes[i];
        }
        msg[bytes.length] = (byte) crc8(all);
        bus.transfer(List.of(new I2cMessage(device.address(), false, msg)));
    }

    private void check(byte got, int... covered) {
        int want = crc8(covered);
        if ((got & 0xFF) != want) {
            throw new HalException(String.format("I2C bus %d, address 0x%02x: PEC error: received 0x%02x, computed 0x%02x"
                    + " (a corrupted transfer, or a device without PEC)", bus.number(), address(), got & 0xFF, want));
        }
    }

    /** SMBus PEC: CRC-8, polynomial x^8 + x^2 + x + 1, initial value 0, over every byte of the transaction. */
    static int crc8(int... bytes) {
        int crc = 0;
        for (int b : bytes) {
            crc ^= b & 0xFF;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x80) != 0 ? (crc << 1) ^ 0x07 : crc << 1;
            }
            crc &= 0xFF;
        }
        return crc;
    }
}

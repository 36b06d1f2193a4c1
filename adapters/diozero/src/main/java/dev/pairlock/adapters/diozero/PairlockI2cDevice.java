package dev.pairlock.adapters.diozero;

import com.diozero.api.I2CDevice;
import com.diozero.internal.spi.AbstractDevice;
import com.diozero.internal.spi.DeviceFactoryInterface;
import com.diozero.internal.spi.InternalI2CDeviceInterface;
import dev.pairlock.hal.i2c.I2cAddress;
import dev.pairlock.hal.i2c.I2cBus;
import dev.pairlock.hal.i2c.I2cDevice;
import dev.pairlock.hal.i2c.I2cException;
import dev.pairlock.hal.i2c.I2cFunctionality;
import dev.pairlock.hal.i2c.I2cMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A diozero I2C device on a pairlock bus: every SMBus call is pairlock's (bus timeout from
 * {@code pairlock.i2c.timeout}, errno → typed exception, checked arguments); plain reads and
 * writes and {@code readWrite} are one combined I2C_RDWR transfer. Process calls are not in
 * pairlock's HAL and answer {@link UnsupportedOperationException}, diozero's convention.
 */
final class PairlockI2cDevice extends AbstractDevice implements InternalI2CDeviceInterface {
    private final I2cBus bus;
    private final I2cDevice device;
    private final I2cAddress address;

    PairlockI2cDevice(String key, DeviceFactoryInterface factory, I2cBus bus, I2cAddress address) {
        super(key, factory);
        this.bus = bus;
        this.address = address;
        this.device = bus.device(address);
    }

    @Override
    public int getController() {
        return bus.number();
    }

    @Override
    public int getAddress() {
        return address.value();
    }

    @Override
    protected void closeDevice() {
        // the bus stays open for the factory's other devices; a device handle holds nothing
    }

    /** i2cdetect's probe: receive byte where a quick write could corrupt a chip (EEPROMs, 0x30-0x37), else quick write. */
    @Override
    public boolean probe(I2CDevice.ProbeMode mode) {
        int a = address.value();
        boolean read = switch (mode) {
            case READ -> true;
            case QUICK -> false;
            case AUTO -> (a >= 0x30 && a <= 0x37) || (a >= 0x50 && a <= 0x5F)
                    || !bus.functionality().has(I2cFunctionality.SMBUS_QUICK);
        };
        try {
            if (read) {
                device.readByte();
            } else {
                device.quick(false);
            }
            return true;
        } catch (I2cException e) {
            return false;
        }
    }

    @Override
    public void writeQuick(byte bit) {
        DiozeroErrors.run(() -> device.quick(bit != 0));
    }

    @Override
    public byte readByte() {
        return DiozeroErrors.call(() -> (byte) device.readByte());
    }

    @Override
    public void writeByte(byte data) {
        DiozeroErrors.run(() -> device.writeByte(data & 0xFF));
    }

    @Override
    public byte readByteData(int register) {
        return DiozeroErrors.call(() -> (byte) device.readByteData(register));
    }

    @Override
    public void writeByteData(int register, byte data) {
        DiozeroErrors.run(() -> device.writeByteData(register, data & 0xFF));
    }

    @Override
    public short readWordData(int register) {
        return DiozeroErrors.call(() -> (short) device.readWordData(register));
    }

    @Override
    public void writeWordData(int register, short data) {
        DiozeroErrors.run(() -> device.writeWordData(register, data & 0xFFFF));
    }

    @Override
    public short processCall(int register, short data) {
        throw new UnsupportedOperationException("SMBus process call is not supported by pairlock's I2C ("
                + bus.name() + ", address " + address + ")");
    }

    @Override
    public byte[] readBlockData(int register) {
        return DiozeroErrors.call(() -> {
            byte[] buf = new byte[I2cDevice.MAX_BLOCK];
            int n = device.readBlockData(register, buf);
            return Arrays.copyOf(buf, n);
        });
    }

    @Override
    public void writeBlockData(int register, byte... data) {
        DiozeroErrors.run(() -> device.writeBlockData(register, data, data.length));
    }

    @Override
    public byte[] blockProcessCall(int register, byte... txData) {
        throw new UnsupportedOperationException("SMBus block process call is not supported by pairlock's I2C ("
                + bus.name() + ", address " + address + ")");
    }

    @Override
    public int readI2CBlockData(int register, byte[] buffer) {
        return DiozeroErrors.call(() -> {
            device.readI2cBlockData(register, buffer, buffer.length);
            return buffer.length;
        });
    }

    @Override
    public void writeI2CBlockData(int register, byte... data) {
        DiozeroErrors.run(() -> device.writeI2cBlockData(register, data, data.length));
    }

    @Override
    public int readBytes(byte[] buffer) {
        return DiozeroErrors.call(() -> {
            I2cMessage m = I2cMessage.read(address, buffer.length);
            bus.transfer(List.of(m));
            System.arraycopy(m.buffer(), 0, buffer, 0, buffer.length);
            return buffer.length;
        });
    }

    @Override
    public void writeBytes(byte... data) {
        DiozeroErrors.run(() -> bus.transfer(List.of(I2cMessage.write(address, data))));
    }

    /**
     * One combined transfer; message i's bytes follow message i-1's in {@code buffer}, and read
     * messages are filled in place, as diozero's native provider does it.
     */
    @Override
    public void readWrite(I2CMessage[] messages, byte[] buffer) {
        long need = 0;
        for (I2CMessage m : messages) {
            need += Math.max(0, m.getLength());
        }
        if (need > buffer.length) {
            // before anything goes out: a write past the buffer's end would otherwise send zeros to the chip
            throw new IllegalArgumentException(String.format("I2C messages of %d bytes in all, but the buffer holds %d"
                    + " (%s, address %s): nothing was sent; give a buffer as long as the messages together",
                    need, buffer.length, bus.name(), address));
        }
        List<I2cMessage> out = new ArrayList<>(messages.length);
        int pos = 0;
        for (I2CMessage m : messages) {
            int extra = m.getFlags() & ~I2CMessage.I2C_M_RD;
            if (extra != 0) {
                throw new UnsupportedOperationException(String.format("I2C message flags 0x%04x (no-start, ignore-NAK,"
                        + " no-read-ACK) are not supported by pairlock's I2C (%s, address %s)", extra, bus.name(), address));
            }
            out.add(m.isRead() ? I2cMessage.read(address, m.getLength())
                    : I2cMessage.write(address, Arrays.copyOfRange(buffer, pos, pos + m.getLength())));
            pos += m.getLength();
        }
        DiozeroErrors.run(() -> bus.transfer(out));
        pos = 0;
        for (I2cMessage m : out) {
            if (m.read()) {
                System.arraycopy(m.buffer(), 0, buffer, pos, m.length());
            }
            pos += m.length();
        }
    }
}

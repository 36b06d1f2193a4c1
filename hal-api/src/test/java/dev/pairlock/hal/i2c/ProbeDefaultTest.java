package dev.pairlock.hal.i2c;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/** The probes' default, for devices that only throw: NO_ACKNOWLEDGE for a NACK, every other failure as thrown. */
class ProbeDefaultTest {
    private static final I2cNoAcknowledgeException NACK = new I2cNoAcknowledgeException(4, 0x50, 0x10, 6);
    private static final I2cTimeoutException TIMEOUT = new I2cTimeoutException(4, 0x50, 0x10, 110);

    @Test
    void aValueIsPassedThrough() {
        I2cDevice d = new Answering(() -> 0xA5);
        assertEquals(0xA5, d.probeByteData(0x10));
        assertEquals(0xA5, d.probeWordData(0x10));
    }

    @Test
    void noAcknowledgeIsAnAnswer() {
        I2cDevice d = new Answering(() -> {
            throw NACK;
        });
        assertEquals(I2cDevice.NO_ACKNOWLEDGE, d.probeByteData(0x10));
        assertEquals(I2cDevice.NO_ACKNOWLEDGE, d.probeWordData(0x10));
    }

    @Test
    void anyOtherFailureIsThrownAsItWas() {
        I2cDevice d = new Answering(() -> {
            throw TIMEOUT;
        });
        assertSame(TIMEOUT, assertThrows(I2cTimeoutException.class, () -> d.probeByteData(0x10)));
        assertSame(TIMEOUT, assertThrows(I2cTimeoutException.class, () -> d.probeWordData(0x10)));
    }

    /** Every read answers from {@code reads}; nothing else is used by the probes. */
    private record Answering(IntSupplier reads) implements I2cDevice {
        @Override
        public int readByteData(int register) {
            return reads.getAsInt();
        }

        @Override
        public int readWordData(int register) {
            return reads.getAsInt();
        }

        @Override
        public I2cBus bus() {
            throw new UnsupportedOperationException();
        }

        @Override
        public I2cAddress address() {
            return I2cAddress.of(0x50);
        }

        @Override
        public void quick(boolean read) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int readByte() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void writeByte(int value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void writeByteData(int register, int value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void writeWordData(int register, int value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int readBlockData(int register, byte[] dst) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void writeBlockData(int register, byte[] src, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void readI2cBlockData(int register, byte[] dst, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void writeI2cBlockData(int register, byte[] src, int length) {
            throw new UnsupportedOperationException();
        }
    }
}

package dev.pairlock.hal.i2c;

/**
 * A target on one bus, with the SMBus operations of the Linux {@code i2c_smbus_*} family.
 * Values are unsigned and returned in an {@code int}. Register numbers are 0..255, byte values
 * 0..255, word values 0..65535, blocks at most 32 bytes; anything else is rejected with a
 * {@link dev.pairlock.hal.HalArgumentException} before any bus traffic.
 *
 * <p>Every failure is an {@link I2cException} naming the bus, address and register.
 */
public interface I2cDevice {
    int MAX_BLOCK = 32;

    /** What {@link #probeByteData} and {@link #probeWordData} return when no device acknowledged. */
    int NO_ACKNOWLEDGE = -1;

    I2cBus bus();

    I2cAddress address();

    /** SMBus quick command: the R/W bit only, used to probe for presence. */
    void quick(boolean read);

    int readByte();

    void writeByte(int value);

    int readByteData(int register);

    void writeByteData(int register, int value);

    int readWordData(int register);

    void writeWordData(int register, int value);

    /**
     * {@link #readByteData} for presence scans: a target that does not acknowledge is an answer
     * here, {@link #NO_ACKNOWLEDGE}, not an {@link I2cNoAcknowledgeException}. A scan meets empty
     * slots on every pass, and an exception per empty slot costs a stack walk and its allocation
     * each time. Every other failure (timeout, bus busy, bus error) still throws, as from
     * {@code readByteData}. The real and simulated devices answer without an exception; this
     * default, for any other implementation, catches one.
     */
    default int probeByteData(int register) {
        try {
            return readByteData(register);
        } catch (I2cNoAcknowledgeException absent) {
            return NO_ACKNOWLEDGE;
        }
    }

    /** {@link #readWordData} for presence scans: {@link #NO_ACKNOWLEDGE} when no device acknowledged (see {@link #probeByteData}). */
    default int probeWordData(int register) {
        try {
            return readWordData(register);
        } catch (I2cNoAcknowledgeException absent) {
            return NO_ACKNOWLEDGE;
        }
    }

    /** SMBus block read (the device says how many bytes); fills {@code dst} from 0 and returns the count. */
    int readBlockData(int register, byte[] dst);

    void writeBlockData(int register, byte[] src, int length);

    /** I2C block read of exactly {@code length} bytes (1..32) into {@code dst} from 0. */
    void readI2cBlockData(int register, byte[] dst, int length);

    void writeI2cBlockData(int register, byte[] src, int length);
}

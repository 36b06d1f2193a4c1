package dev.pairlock.mock;

/** Which failure an intermittently failing simulated bus reports. */
public enum I2cErrorKind {
    /** The full bus timeout is charged, then {@code I2cTimeoutException}. */
    TIMEOUT,
    /** {@code I2cNoAcknowledgeException} after the address byte. */
    NACK,
    BUS_BUSY,
    ARBITRATION_LOST,
    /** {@code I2cBusErrorException} with EIO. */
    BUS_ERROR
}

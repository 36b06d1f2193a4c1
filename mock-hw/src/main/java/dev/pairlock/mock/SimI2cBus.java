package dev.pairlock.mock;

import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.i2c.*;
import dev.pairlock.mock.TraceEvent.Kind;

import java.util.List;
import java.util.Objects;

/**
 * SC {@code sc}'s I2C bus k, wired to the board in slot k. A transaction happens at the current
 * virtual instant; the time it would take on the wire (or the full timeout on a hung bus) is
 * charged to the SC's busy account. Only the board's register device lives on the bus: any other
 * address NACKs.
 */
final class SimI2cBus implements I2cBus {
    static final long FUNCTIONALITY = I2cFunctionality.I2C | I2cFunctionality.SMBUS_EMUL;
    private static final int ETIMEDOUT = 110, ENXIO = 6, EBUSY = 16, EAGAIN = 11, EIO = 5, ENODEV = 19;

    private final Chassis chassis;
    final ScId sc;
    private final int number;
    private I2cSettings settings;
    boolean hung;
    double errorProbability;
    I2cErrorKind errorKind = I2cErrorKind.BUS_ERROR;

    SimI2cBus(Chassis chassis, ScId sc, int number) {
        this.chassis = chassis;
        this.sc = sc;
        this.number = number;
        this.settings = new I2cSettings(chassis.config().i2cTimeout(), 1);
    }

    @Override
    public int number() {
        return number;
    }

    @Override
    public String name() {
        return "sim:i2c-" + number + " (" + sc + ", slot " + number + ")";
    }

    @Override
    public I2cFunctionality functionality() {
        return new I2cFunctionality(FUNCTIONALITY);
    }

    @Override
    public I2cSettings settings() {
        return settings;
    }

    @Override
    public void configure(I2cSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public I2cDevice device(I2cAddress address) {
        return new SimI2cDevice(this, Objects.requireNonNull(address, "address"));
    }

    @Override
    public void close() {
    }

    /** Wire time of {@code bits} at the configured bus speed. */
    long wireNanos(int bits) {
        return bits * 1_000_000_000L / chassis.config().busSpeedHz();
    }

    /**
     * Bits on the wire for a write phase of {@code w} data bytes and a read phase of {@code r}
     * bytes: a start, the address byte and 9 bits per byte (8 + ACK) per phase, one stop.
     */
    static int bits(int w, int r) {
        int bits = 1;
        if (w > 0 || r == 0) {
            bits += 1 + 9 * (1 + w);
        }
        if (r > 0) {
            bits += 1 + 9 * (1 + r);
        }
        return bits;
    }

    /**
     * Applies the bus' faults, charges the cost and returns the board that acknowledged
     * {@code address}, or throws the typed failure after charging what it cost.
     */
    BoardModel begin(int address, int register, int bitsOnSuccess) {
        return attempt(address, register, bitsOnSuccess, false);
    }

    /**
     * As {@link #begin}, but a target that did not acknowledge (absent, or an injected NACK) is an
     * answer: null, after the same charge and the same draw from the chassis' random source, so a
     * run's timeline is the same whichever way its presence scans ask. Other failures throw.
     */
    BoardModel acknowledged(int address, int register, int bitsOnSuccess) {
        return attempt(address, register, bitsOnSuccess, true);
    }

    private BoardModel attempt(int address, int register, int bitsOnSuccess, boolean nackAsNull) {
        if (!chassis.running(sc)) {
            throw new I2cBusErrorException(number, address, register, ENODEV,
                    sc + " is " + (chassis.powered(sc) ? "held in reset" : "powered off") + ": its bus master is not running");
        }
        if (hung) {
            throw timeout(address, register);
        }
        if (errorProbability > 0 && chassis.random().nextDouble() < errorProbability) {
            int cost = bits(0, 0);
            switch (errorKind) {
                case TIMEOUT -> throw timeout(address, register);
                case NACK -> {
                    chassis.charge(sc, wireNanos(cost));
                    if (nackAsNull) {
                        return null;
                    }
                    throw new I2cNoAcknowledgeException(number, address, register, ENXIO, "intermittent fault");
                }
                case BUS_BUSY -> {
                    chassis.charge(sc, wireNanos(cost));
                    throw new I2cBusBusyException(number, address, register, EBUSY, "intermittent fault");
                }
                case ARBITRATION_LOST -> {
                    chassis.charge(sc, wireNanos(cost) * (1 + settings.retries()));
                    throw new I2cArbitrationLostException(number, address, register, EAGAIN, "intermittent fault");
                }
                case BUS_ERROR -> {
                    chassis.charge(sc, wireNanos(cost));
                    throw new I2cBusErrorException(number, address, register, EIO, "Input/output error");
                }
            }
        }
        BoardModel board = chassis.boardModel(number);
        if (address != chassis.config().registerMap().address() || !board.answers()) {
            chassis.charge(sc, wireNanos(bits(0, 0)));
            if (nackAsNull) {
                return null;
            }
            throw new I2cNoAcknowledgeException(number, address, register, ENXIO);
        }
        chassis.charge(sc, wireNanos(bitsOnSuccess));
        return board;
    }

    private I2cTimeoutException timeout(int address, int register) {
        chassis.charge(sc, settings.timeout().toNanos());
        chassis.trace().record(chassis.time().now(), Kind.I2C_TIMEOUT, sc, number, address, register);
        return new I2cTimeoutException(number, address, register, ETIMEDOUT);
    }

    @Override
    public void transfer(List<I2cMessage> messages) {
        Objects.requireNonNull(messages, "messages");
        HalArgumentException.checkRange("I2C transfer message count", messages.size(), 1, I2cMessage.MAX_MESSAGES);
        int bits = 1;
        int address = messages.getFirst().address().value();
        for (I2cMessage m : messages) {
            Objects.requireNonNull(m, "message");
            bits += 1 + 9 * (1 + m.length());
            if (m.address().value() != address) {
                // a second target in one combined transaction: only the board's device exists
                address = -1;
            }
        }
        BoardModel board = begin(address < 0 ? 0 : address, -1, bits);
        for (I2cMessage m : messages) {
            byte[] buf = m.buffer();
            if (m.read()) {
                for (int i = 0; i < buf.length; i++) {
                    buf[i] = (byte) board.readAtPointer();
                }
            } else if (buf.length > 0) {
                board.setPointer(buf[0] & 0xFF);
                for (int i = 1; i < buf.length; i++) {
                    board.writeAtPointer(sc, buf[i] & 0xFF);
                }
            }
        }
    }
}

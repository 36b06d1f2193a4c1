package dev.pairlock.spll;

import dev.pairlock.hal.board.Board;
import dev.pairlock.hal.board.Presence;
import dev.pairlock.hal.board.Spll;
import dev.pairlock.hal.i2c.I2cDevice;

import java.util.Objects;
import java.util.function.Supplier;

/** One board slot over I2C. Every call is bus traffic; failures other than a NACK propagate as typed I2C exceptions. */
public final class I2cBoard implements Board {
    private final int slot;
    private final Supplier<I2cDevice> deviceSource;
    private final BoardRegisterMap map;
    private I2cDevice device;
    private I2cSpll spll;

    I2cBoard(int slot, Supplier<I2cDevice> deviceSource, BoardRegisterMap map) {
        this.slot = slot;
        this.deviceSource = deviceSource;
        this.map = map;
    }

    /** A board over an already-opened device, e.g. for a single-slot tool. */
    public I2cBoard(int slot, I2cDevice device, BoardRegisterMap map) {
        this(slot, () -> device, map);
        Objects.requireNonNull(device, "device");
    }

    I2cDevice device() {
        if (device == null) {
            device = deviceSource.get();
        }
        return device;
    }

    @Override
    public int slot() {
        return slot;
    }

    /** An empty slot does not acknowledge its address; that is the one I2C failure reported as a value. */
    @Override
    public Presence presence() {
        // an empty slot answers NO_ACKNOWLEDGE without an exception: scans meet them every pass
        int id = map.wordId() ? device().probeWordData(map.idRegister()) : device().probeByteData(map.idRegister());
        return id == I2cDevice.NO_ACKNOWLEDGE ? Presence.ABSENT : Presence.of(id);
    }

    @Override
    public Spll spll() {
        if (spll == null) {
            spll = new I2cSpll(this, map);
        }
        return spll;
    }
}

package dev.pairlock.spll;

import dev.pairlock.hal.ScId;
import dev.pairlock.hal.board.Spll;
import dev.pairlock.hal.board.SpllStatus;
import dev.pairlock.hal.board.SpllVerifyException;
import dev.pairlock.hal.i2c.I2cDevice;

/**
 * A board's SPLL over I2C. {@link #select} writes the input-select register and reads it back,
 * because a board mid-reset or a glitching bus can ACK a write it did not keep, and a controller
 * that believes a board follows its clock when it does not would break the safety argument.
 */
public final class I2cSpll implements Spll {
    private final I2cBoard board;
    private final BoardRegisterMap map;

    I2cSpll(I2cBoard board, BoardRegisterMap map) {
        this.board = board;
        this.map = map;
    }

    @Override
    public SpllStatus status() {
        I2cDevice d = board.device();
        int select = d.readByteData(map.selectRegister());
        int status = d.readByteData(map.statusRegister());
        return new SpllStatus(ScId.of(select & 1), (status & map.lockMask()) != 0, (status & map.outputEnabledMask()) != 0);
    }

    /** Whether the selected input clock is present (the status register's input-present bit). */
    public boolean inputPresent() {
        return (board.device().readByteData(map.statusRegister()) & map.inputPresentMask()) != 0;
    }

    @Override
    public void select(ScId input) {
        int wanted = input.index();
        I2cDevice d = board.device();
        d.writeByteData(map.selectRegister(), wanted);
        int readBack = d.readByteData(map.selectRegister());
        if ((readBack & 1) != wanted) {
            throw new SpllVerifyException(board.slot(), input, readBack);
        }
    }
}

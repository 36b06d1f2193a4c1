package dev.pairlock.spll;

import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.i2c.I2cAddress;

/**
 * Where a board keeps its presence/ID, SPLL input select and SPLL status registers on its I2C bus.
 *
 * <p>{@link #DEFAULT}: device at 0x23 (the seed's log shows "address: 23"), ID byte at register
 * 0x00, SPLL input select at 0x10 (bit 0: 0 = SC0's clock, 1 = SC1's), SPLL status at 0x11
 * (bit 0 = locked, bit 1 = the selected input clock is present, bit 2 = the SPLL output clocks the
 * domain; cleared when the domain stops, set again once a select is programmed and locks). A device that does not
 * acknowledge at the address means the slot is empty.
 *
 * @param address            7-bit I2C address of the board's register device
 * @param idRegister         register holding the board ID
 * @param wordId             the ID is a 16-bit SMBus word (else one byte)
 * @param selectRegister     SPLL input-select register; bit 0 picks the SC
 * @param statusRegister     SPLL status register
 * @param lockBit            bit number of "SPLL locked" in the status register
 * @param inputPresentBit    bit number of "selected input clock present" in the status register
 * @param outputEnabledBit   bit number of "SPLL output enabled (domain clocked)" in the status register
 */
public record BoardRegisterMap(int address, int idRegister, boolean wordId, int selectRegister, int statusRegister,
                               int lockBit, int inputPresentBit, int outputEnabledBit) {
    public static final BoardRegisterMap DEFAULT = new BoardRegisterMap(0x23, 0x00, false, 0x10, 0x11, 0, 1, 2);

    public BoardRegisterMap {
        I2cAddress.of(address);
        HalArgumentException.checkRange("board ID register", idRegister, 0, wordId ? 0xFE : 0xFF);
        HalArgumentException.checkRange("SPLL input-select register", selectRegister, 0, 0xFF);
        HalArgumentException.checkRange("SPLL status register", statusRegister, 0, 0xFF);
        HalArgumentException.checkRange("SPLL lock bit", lockBit, 0, 7);
        HalArgumentException.checkRange("SPLL input-present bit", inputPresentBit, 0, 7);
        HalArgumentException.checkRange("SPLL output-enabled bit", outputEnabledBit, 0, 7);
        if (lockBit == inputPresentBit || lockBit == outputEnabledBit || inputPresentBit == outputEnabledBit) {
            throw new HalArgumentException("SPLL status bits lock=" + lockBit + ", input-present=" + inputPresentBit
                    + ", output-enabled=" + outputEnabledBit + " must be three different bits");
        }
        if (selectRegister == statusRegister) {
            throw new HalArgumentException(String.format(
                    "SPLL input-select and status registers are both 0x%02x: they must differ", selectRegister));
        }
        int idEnd = idRegister + (wordId ? 1 : 0);
        for (int r : new int[] {selectRegister, statusRegister}) {
            if (r >= idRegister && r <= idEnd) {
                throw new HalArgumentException(String.format("register 0x%02x overlaps the board ID register 0x%02x", r, idRegister));
            }
        }
    }

    public int lockMask() {
        return 1 << lockBit;
    }

    public int inputPresentMask() {
        return 1 << inputPresentBit;
    }

    public int outputEnabledMask() {
        return 1 << outputEnabledBit;
    }

    public BoardRegisterMap withAddress(int newAddress) {
        return new BoardRegisterMap(newAddress, idRegister, wordId, selectRegister, statusRegister, lockBit, inputPresentBit,
                outputEnabledBit);
    }
}

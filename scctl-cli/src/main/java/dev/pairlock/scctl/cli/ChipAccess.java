package dev.pairlock.scctl.cli;

import dev.pairlock.hal.i2c.I2cAddress;
import picocli.CommandLine.Option;

/**
 * The chip-access options i2cget, i2cset, i2cdump and i2ctransfer share, with one meaning each, so
 * that {@code -a} widens the address range the same way in every command. ({@code i2c detect} has
 * its own {@code -a}: scan every address, not reach one chip.)
 */
final class ChipAccess {
    @Option(names = "-f", description = "force access to a device a driver holds")
    boolean force;
    @Option(names = "-a", description = "allow every 7-bit address 0x00..0x7f (without -a: 0x08..0x77, as i2c-tools 4.3)")
    boolean all;

    I2cAddress address(String text) {
        return I2cCommand.address(text, all, force);
    }
}

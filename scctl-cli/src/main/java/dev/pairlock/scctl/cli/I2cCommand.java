package dev.pairlock.scctl.cli;

import dev.pairlock.hal.i2c.I2cAddress;
import dev.pairlock.hal.i2c.I2cBus;
import dev.pairlock.scctl.Session;
import dev.pairlock.scctl.text.Numbers;
import dev.pairlock.scctl.text.UsageException;
import picocli.CommandLine.Command;

/** {@code scctl i2c}: the i2c-tools, on the platform's buses (bus k reaches board slot k). */
@Command(name = "i2c", mixinStandardHelpOptions = true,
        description = "i2cdetect, i2cget, i2cset, i2cdump and i2ctransfer over the selected SC's I2C buses.",
        subcommands = {I2cDetect.class, I2cGet.class, I2cSet.class, I2cDump.class, I2cTransfer.class})
public final class I2cCommand {
    private I2cCommand() {
    }

    /** The first and last address i2c-tools 4.3 reach without -a (it was 0x03 before 4.2). */
    static final int FIRST = 0x08, LAST = 0x77;

    static I2cBus bus(Session s, String text) {
        String t = text.startsWith("i2c-") ? text.substring(4) : text;
        int n = Numbers.parse("I2C bus", t, 0, Integer.MAX_VALUE);
        if (!s.hw().buses().numbers().contains(n)) {
            throw new UsageException("I2C bus " + text + " does not exist: valid buses are " + s.hw().buses().numbers()
                    + " (scctl i2c detect -l lists them)");
        }
        return s.hw().buses().bus(n);
    }

    static I2cAddress address(String text, boolean allAddresses) {
        return address(text, allAddresses, false);
    }

    /**
     * As i2c-tools: {@code -a} widens the range, {@code -f} reaches a chip a kernel driver holds
     * (I2C_SLAVE_FORCE). The HAL has one "forced" flag for both, so the range is checked here.
     */
    static I2cAddress address(String text, boolean allAddresses, boolean forceDriverHeld) {
        long parsed = Numbers.parse("chip address", text);
        int lo = allAddresses ? 0 : FIRST;
        int hi = allAddresses ? 0x7F : LAST;
        if (parsed < lo || parsed > hi) {
            // the range that applies to this command line: without -a, 0x80 is as wrong as 0x05
            throw new UsageException(String.format("chip address %s is out of range: valid is 0x%02x..0x%02x%s, as i2c-tools 4.3",
                    dev.pairlock.config.Values.quote(text), lo, hi, allAddresses ? " (7 bits)" : " (-a for 0x00..0x7f)"));
        }
        int a = (int) parsed;
        return new I2cAddress(a, allAddresses || forceDriverHeld || a < I2cAddress.FIRST_NORMAL);
    }
}

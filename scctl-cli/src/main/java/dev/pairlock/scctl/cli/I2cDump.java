package dev.pairlock.scctl.cli;

import dev.pairlock.hal.HalException;
import dev.pairlock.hal.i2c.I2cAddress;
import dev.pairlock.hal.i2c.I2cBus;
import dev.pairlock.hal.i2c.I2cDevice;
import dev.pairlock.hal.i2c.I2cException;
import dev.pairlock.scctl.Session;
import dev.pairlock.scctl.text.Numbers;
import dev.pairlock.scctl.text.UsageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code scctl i2c dump}: i2cdump, its modes, ranges and Winbond-style banks. */
@Command(name = "dump", mixinStandardHelpOptions = true,
        header = "Dump a device's registers, as i2cdump.",
        description = {"Dump a device's registers, as i2cdump. MODE: b byte (default), w word (a table of words),",
            "W word on even registers, s SMBus block, i I2C block, c consecutive receive byte; append p for PEC",
            "(bp, wp, cp). BANK and BANKREG switch a banked chip first (BANK 0..15 written into BANKREG's low bits, as",
            "i2cdump does for the Winbond W83781D; in mode s, BANK is the block command). XX marks a failed read."},
        footer = {"", "Examples:", "  scctl i2c dump -y 3 0x23", "  scctl i2c dump -y -r 0x10-0x11 3 0x23",
            "  scctl i2c dump -y 3 0x23 w", "  scctl i2c dump -y 3 0x2d b 2 0x4e        # bank 2 via register 0x4e"})
final class I2cDump extends Leaf {
    @Option(names = "-y", description = "no confirmation (a dump asks only before switching BANK, the one write it makes)")
    boolean yes;
    @Mixin
    ChipAccess chip;
    @Option(names = "-r", paramLabel = "FIRST-LAST", description = "register range to dump, e.g. 0x00-0x3f")
    String range;
    @Parameters(index = "0", paramLabel = "I2CBUS", description = "the bus: its number or i2c-N")
    String busText;
    @Parameters(index = "1", paramLabel = "ADDRESS", description = "the chip, 0x08..0x77 (0x00..0x7f with -a)")
    String addressText;
    @Parameters(index = "2", arity = "0..1", paramLabel = "MODE", description = "b, w, W, s, i or c, with p for PEC (see above)")
    String mode = "b";
    @Parameters(index = "3", arity = "0..1", paramLabel = "BANK", description = "bank 0..15 to switch to (mode s: the block command 0..0xff)")
    String bankText;
    @Parameters(index = "4", arity = "0..1", paramLabel = "BANKREG", description = "the register that selects the bank (default 0x4e)")
    String bankRegText;

    @Override
    int run(Session s) {
        I2cBus bus = I2cCommand.bus(s, busText);
        I2cAddress address = chip.address(addressText);
        Smbus.Mode md = Smbus.Mode.parse(mode, "bwWsic", "bwc", "b (byte), w (word), W (word, even registers), s (SMBus block),"
                + " i (I2C block), c (consecutive byte), with p for PEC");
        char m = md.letter();
        int bank = 0;
        int bankReg = 0x4E;
        if (bankText != null) {
            if (m == 'i' || m == 'c' || m == 'W') {
                throw new UsageException("mode " + m + " takes no BANK (i2cdump: banks apply to modes b, w and s)");
            }
            bank = m == 's' ? Numbers.parse("block command", bankText, 0, 0xFF) : Numbers.parse("BANK", bankText, 0, 15);
            if (bankRegText != null) {
                if (m == 's') {
                    throw new UsageException("mode s takes no BANKREG: its BANK is the block command");
                }
                bankReg = Numbers.parse("BANKREG", bankRegText, 0, 0xFF);
            }
        }
        int first = 0;
        int last = 0xFF;
        if (range != null) {
            if (m == 's') {
                throw new UsageException("-r does not apply to mode s (the device says how long its block is)");
            }
            String[] p = range.split("-", 2);
            if (p.length != 2) {
                throw new UsageException("-r " + dev.pairlock.config.Values.quote(range) + " is not FIRST-LAST, e.g. 0x00-0x3f");
            }
            first = Numbers.parse("first register", p[0], 0, 0xFF);
            last = Numbers.parse("last register", p[1], first, 0xFF);
            if (m == 'W' && (first % 2 != 0 || last % 2 == 0)) {
                throw new UsageException("mode W needs an even FIRST and an odd LAST (it reads words at even registers)");
            }
        }
        I2cDevice d = bus.device(address);
        Smbus smbus = new Smbus(bus, d, md.pec());
        boolean switchBank = bank != 0 && m != 's';
        if (switchBank) {
            // the one write i2cdump makes: it asks first, as i2cdump does, and puts the old value back after
            s.confirm(yes, String.format("This switches i2c-%d chip 0x%02x to bank %d by writing its register 0x%02x"
                    + " (restored after the dump)", bus.number(), address.value(), bank, bankReg));
        }
        int oldBank = switchBank ? smbus.readByteData(bankReg) : 0;
        if (switchBank) {
            smbus.writeByteData(bankReg, bank | (oldBank & 0xF0));
        }
        try {
            return dump(s, bus, address, d, smbus, md, bank, first, last);
        } finally {
            if (switchBank) {
                smbus.writeByteData(bankReg, oldBank); // i2cdump restores old_bank, whatever it was
            }
        }
    }

    private int dump(Session s, I2cBus bus, I2cAddress address, I2cDevice d, Smbus smbus, Smbus.Mode md, int bank, int first,
                     int last) {
        char m = md.letter();
        Integer[] regs = new Integer[256];
        String table;
        if (m == 'w') {
            Integer[] words = new Integer[256];
            for (int r = first; r <= last; r++) {
                final int reg = r;
                words[r] = tryRead(() -> smbus.readWordData(reg));
            }
            table = wordTable(words, first, last);
            for (int r = first; r <= last; r++) {
                regs[r] = words[r];
            }
        } else {
            if (m == 's') {
                byte[] buf = new byte[I2cDevice.MAX_BLOCK];
                int n = d.readBlockData(bank, buf);
                last = n - 1;
                for (int i = 0; i < n; i++) {
                    regs[i] = buf[i] & 0xFF;
                }
            } else if (m == 'c') {
                // i2cdump c: one send byte to set the device's pointer, then consecutive receive bytes
                smbus.writeByte(first);
            }
            for (int r = first; r <= last && m != 's'; r++) {
                final int reg = r;
                switch (m) {
                    case 'b' -> regs[r] = tryRead(() -> smbus.readByteData(reg));
                    case 'c' -> regs[r] = tryRead(smbus::readByte);
                    case 'W' -> {
                        Integer w = tryRead(() -> smbus.readWordData(reg));
                        regs[r] = w == null ? null : w & 0xFF;
                        regs[r + 1] = w == null ? null : w >>> 8;
                        r++;
                    }
                    default -> {
                        int n = Math.min(I2cDevice.MAX_BLOCK, last - r + 1);
                        byte[] buf = new byte[n];
                        boolean ok = tryRead(() -> {
                            d.readI2cBlockData(reg, buf, n);
                            return 0;
                        }) != null;
                        if (!ok) {
                            throw new HalException(String.format("I2C bus %d, address 0x%02x: I2C block read at 0x%02x failed"
                                    + " (i2cdump stops here too)", bus.number(), address.value(), reg));
                        }
                        for (int i = 0; i < n; i++) {
                            regs[r + i] = buf[i] & 0xFF;
                        }
                        r += n - 1;
                    }
                }
            }
            table = byteTable(regs, first, last);
        }
        List<Object> json = new ArrayList<>();
        for (int r = first; r <= last; r++) {
            json.add(regs[r]);
        }
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("bus", bus.number());
        j.put("address", address.value());
        j.put("mode", md.toString());
        j.put("first", first);
        j.put("values", json);
        s.emit(j, table);
        return 0;
    }

    /** i2cdump's byte table: 16 registers a row, hex then ASCII ('.' for 0x00/0xff, '?' unprintable, 'X' failed). */
    static String byteTable(Integer[] regs, int first, int last) {
        StringBuilder sb = new StringBuilder("     0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f    0123456789abcdef\n");
        for (int row = first & 0xF0; row <= last; row += 16) {
            StringBuilder hex = new StringBuilder();
            StringBuilder ascii = new StringBuilder();
            for (int col = 0; col < 16; col++) {
                int r = row + col;
                if (r < first || r > last) {
                    hex.append("   ");
                    ascii.append(' ');
                } else if (regs[r] == null) {
                    hex.append(" XX");
                    ascii.append('X');
                } else {
                    int v = regs[r];
                    hex.append(String.format(" %02x", v));
                    ascii.append(v == 0 || v == 0xFF ? '.' : v < 32 || v >= 127 ? '?' : (char) v);
                }
            }
            sb.append(String.format("%02x:", row)).append(hex).append("    ").append(ascii.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    /** i2cdump's word table (mode w): 8 words a row, the word at register r under column "r,r+8". */
    static String wordTable(Integer[] words, int first, int last) {
        StringBuilder sb = new StringBuilder("     0,8  1,9  2,a  3,b  4,c  5,d  6,e  7,f\n");
        for (int row = first & 0xF8; row <= last; row += 8) {
            StringBuilder line = new StringBuilder(String.format("%02x:", row));
            for (int col = 0; col < 8; col++) {
                int r = row + col;
                line.append(r < first || r > last ? "     " : words[r] == null ? " XXXX" : String.format(" %04x", words[r]));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    private interface Read {
        int read();
    }

    private static Integer tryRead(Read r) {
        try {
            return r.read();
        } catch (I2cException e) {
            return null;
        }
    }
}

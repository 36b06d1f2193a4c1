package dev.pairlock.scctl.cli;

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

@Command(name = "dump", mixinStandardHelpOptions = true,
        description = {"Dump a device's registers, as i2cdump. MODE: b byte (default), w word, c consecutive",
            "receive byte, i I2C block. XX marks a register that failed to read."},
        footer = {"", "Examples:", "  scctl i2c dump -y 3 0x23", "  scctl i2c dump -y -r 0x10-0x11 3 0x23"})
final class I2cDump extends Leaf {
    @Option(names = "-y", description = "no confirmation (dumping does not ask; accepted for i2cdump compatibility)")
    boolean yes;
    @Mixin
    ChipAccess chip;
    @Option(names = "-r", paramLabel = "FIRST-LAST", description = "register range to dump")
    String range;
    @Parameters(index = "0", paramLabel = "I2CBUS")
    String busText;
    @Parameters(index = "1", paramLabel = "ADDRESS")
    String addressText;
    @Parameters(index = "2", arity = "0..1", paramLabel = "MODE")
    String mode = "b";

    @Override
    int run(Session s) {
        I2cBus bus = I2cCommand.bus(s, busText);
        I2cAddress address = chip.address(addressText);
        if (!List.of("b", "w", "c", "i").contains(mode)) {
            throw new UsageException("mode '" + mode + "' is not one of b (byte), w (word), c (consecutive byte), i (I2C block)");
        }
        int first = 0;
        int last = 0xFF;
        if (range != null) {
            String[] p = range.split("-", 2);
            if (p.length != 2) {
                throw new UsageException("-r '" + range + "' is not FIRST-LAST, e.g. 0x00-0x3f");
            }
            first = Numbers.parse("first register", p[0], 0, 0xFF);
            last = Numbers.parse("last register", p[1], first, 0xFF);
        }
        I2cDevice d = bus.device(address);
        Integer[] regs = new Integer[256];
        if (mode.equals("c")) {
            for (int r = 0; r < first; r++) {
                tryRead(() -> d.readByte());
            }
        }
        for (int r = first; r <= last; r++) {
            final int reg = r;
            switch (mode) {
                case "b" -> regs[r] = tryRead(() -> d.readByteData(reg));
                case "c" -> regs[r] = tryRead(d::readByte);
                case "w" -> {
                    Integer w = tryRead(() -> d.readWordData(reg));
                    regs[r] = w == null ? null : w & 0xFF;
                    if (r + 1 <= last) {
                        regs[r + 1] = w == null ? null : w >>> 8;
                    }
                    r++;
                }
                default -> {
                    int n = Math.min(I2cDevice.MAX_BLOCK, last - r + 1);
                    byte[] buf = new byte[n];
                    boolean ok = tryRead(() -> {
                        d.readI2cBlockData(reg, buf, n);
                        return 0;
                    }) != null;
                    for (int i = 0; i < n; i++) {
                        regs[r + i] = ok ? buf[i] & 0xFF : null;
                    }
                    r += n - 1;
                }
            }
        }
        StringBuilder sb = new StringBuilder("     0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f    0123456789abcdef\n");
        List<Object> json = new ArrayList<>();
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
        for (int r = first; r <= last; r++) {
            json.add(regs[r]);
        }
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("bus", bus.number());
        j.put("address", address.value());
        j.put("mode", mode);
        j.put("first", first);
        j.put("values", json);
        s.emit(j, sb.toString());
        return 0;
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

package dev.pairlock.scctl.cli;

import dev.pairlock.hal.i2c.I2cAddress;
import dev.pairlock.hal.i2c.I2cBus;
import dev.pairlock.hal.i2c.I2cBusBusyException;
import dev.pairlock.hal.i2c.I2cDevice;
import dev.pairlock.hal.i2c.I2cException;
import dev.pairlock.hal.i2c.I2cFunctionality;
import dev.pairlock.scctl.Session;
import dev.pairlock.scctl.text.Numbers;
import dev.pairlock.scctl.text.Table;
import dev.pairlock.scctl.text.UsageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "detect", mixinStandardHelpOptions = true,
        header = "Scan a bus for devices, as i2cdetect.",
        description = {"Scan a bus for devices, as i2cdetect: '--' no answer, 'UU' busy (a driver holds it),",
            "an address when a device answered; 0x08..0x77 (0x00..0x7f with -a), or FIRST..LAST within that.",
            "-F lists the adapter's functionality, -l the buses (tab-separated, as i2cdetect -l)."},
        footer = {"", "Examples:", "  scctl i2c detect -y 3", "  scctl i2c detect -F 3", "  scctl i2c detect -l",
            "  scctl i2c detect -y -r 3 0x20 0x2f"})
final class I2cDetect extends Leaf {
    @Option(names = "-y", description = "no confirmation (accepted for i2cdetect compatibility; scanning does not ask)")
    boolean yes;
    @Option(names = "-a", description = "all addresses 0x00..0x7f")
    boolean all;
    @Option(names = "-q", description = "probe with SMBus quick write")
    boolean quick;
    @Option(names = "-r", description = "probe with SMBus receive byte")
    boolean receive;
    @Option(names = "-F", description = "print the adapter's functionality and exit")
    boolean functionality;
    @Option(names = "-l", description = "list the buses and exit")
    boolean list;
    @Parameters(index = "0", arity = "0..1", paramLabel = "I2CBUS", description = "the bus: its number or i2c-N (see -l)")
    String busText;
    @Parameters(index = "1", arity = "0..1", paramLabel = "FIRST", description = "first address to scan (default 0x08, 0x00 with -a)")
    String firstText;
    @Parameters(index = "2", arity = "0..1", paramLabel = "LAST", description = "last address to scan (default 0x77, 0x7f with -a)")
    String lastText;

    @Override
    int run(Session s) {
        if (list) {
            return listBuses(s);
        }
        if (busText == null) {
            throw new UsageException("i2c detect needs an I2CBUS (scctl i2c detect -l lists them)");
        }
        if (quick && receive) {
            throw new UsageException("-q and -r are exclusive: pick one probe method");
        }
        I2cBus bus = I2cCommand.bus(s, busText);
        if (functionality) {
            return printFunctionality(s, bus);
        }
        // i2cdetect 4.3: 0x08..0x77, or 0x00..0x7f with -a; FIRST and LAST narrow that range
        int lo = all ? 0 : I2cCommand.FIRST;
        int hi = all ? 0x7F : I2cCommand.LAST;
        int first = firstText == null ? lo : Numbers.parse("FIRST", firstText, lo, hi);
        int last = lastText == null ? hi : Numbers.parse("LAST", lastText, first, hi);
        String[] cells = new String[128];
        List<Map<String, Object>> found = new ArrayList<>();
        for (int a = first; a <= last; a++) {
            String c = probe(bus, a);
            cells[a] = c;
            if (!c.equals("--")) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("address", a);
                m.put("state", c.equals("UU") ? "busy" : "present");
                found.add(m);
            }
        }
        StringBuilder sb = new StringBuilder("     0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f\n");
        for (int row = 0; row < 128; row += 16) {
            sb.append(String.format("%02x:", row));
            for (int col = 0; col < 16; col++) {
                int a = row + col;
                sb.append(' ').append(a < first || a > last ? "  " : cells[a]);
            }
            sb.append('\n');
        }
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("bus", bus.number());
        j.put("devices", found);
        s.emit(j, sb.toString().replaceAll(" +\n", "\n"));
        return 0;
    }

    /** i2cdetect's default: receive byte in the EEPROM and 0x30-0x37 ranges (a quick write can corrupt those), quick write elsewhere. */
    private String probe(I2cBus bus, int a) {
        I2cDevice d = bus.device(new I2cAddress(a, true));
        boolean useRead = receive || (!quick && ((a >= 0x30 && a <= 0x37) || (a >= 0x50 && a <= 0x5F)));
        try {
            if (useRead) {
                d.readByte();
            } else {
                d.quick(false);
            }
            return String.format("%02x", a);
        } catch (I2cBusBusyException busy) {
            return "UU";
        } catch (I2cException e) {
            // a timeout, NACK or bus error all mean "nothing usable answered here", as i2cdetect shows them
            return "--";
        }
    }

    private int printFunctionality(Session s, I2cBus bus) {
        I2cFunctionality f = bus.functionality();
        Table t = new Table("Functionality", "Supported");
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("bus", bus.number());
        j.put("mask", f.mask());
        Map<String, Object> flags = new LinkedHashMap<>();
        for (var e : f.describe()) {
            t.row(e.getKey(), e.getValue() ? "yes" : "no");
            flags.put(e.getKey(), e.getValue());
        }
        j.put("functionality", flags);
        s.emit(j, "Functionalities implemented by " + bus.name() + ":\n" + t.render());
        return 0;
    }

    /** i2cdetect -l: "i2c-N\ttype\tname\talgorithm", no header, as scripts parse it. */
    private int listBuses(Session s) {
        StringBuilder t = new StringBuilder();
        List<Map<String, Object>> j = new ArrayList<>();
        for (int n : s.hw().buses().numbers()) {
            I2cBus b = s.hw().buses().bus(n);
            String name = b.name();
            // the HAL names a bus "i2c-3 (SMBus stub driver)"; i2cdetect shows the driver's name alone
            String adapter = name.matches("i2c-\\d+ \\(.*\\)") ? name.substring(name.indexOf('(') + 1, name.length() - 1) : name;
            boolean i2c = b.functionality().has(I2cFunctionality.I2C);
            t.append(String.format("i2c-%d\t%-10s\t%-32s\t%s%n", n, i2c ? "i2c" : "smbus", adapter,
                    i2c ? "I2C adapter" : "SMBus adapter"));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("bus", n);
            m.put("name", name);
            j.add(m);
        }
        s.emit(j, t.toString());
        return 0;
    }
}

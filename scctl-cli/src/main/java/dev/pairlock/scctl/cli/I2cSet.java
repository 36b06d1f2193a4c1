package dev.pairlock.scctl.cli;

import dev.pairlock.hal.i2c.I2cAddress;
import dev.pairlock.hal.i2c.I2cBus;
import dev.pairlock.hal.i2c.I2cDevice;
import dev.pairlock.scctl.Session;
import dev.pairlock.scctl.text.Numbers;
import dev.pairlock.scctl.text.ReadbackMismatch;
import dev.pairlock.scctl.text.UsageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "set", mixinStandardHelpOptions = true,
        header = "Write a register, as i2cset.",
        description = {"Write a register, as i2cset. MODE (last argument): b byte (default), w word,",
            "c send DATA-ADDRESS as a byte (no VALUE), s SMBus block, i I2C block (several VALUEs); append p (bp, wp, cp)",
            "for SMBus PEC, computed by scctl (the adapter needs plain I2C).",
            "-m MASK writes only the bits set in MASK (read-modify-write); -r reads back and compares."},
        footer = {"", "Examples:", "  scctl i2c set -y 3 0x23 0x10 0x01        # slot 3's SPLL to SC1 (no lock check!)",
            "  scctl i2c set -y -r -m 0x01 3 0x23 0x10 0x01", "  scctl i2c set -y 3 0x50 0x00 1 2 3 i"})
final class I2cSet extends Leaf {
    @Option(names = "-y", description = "do not ask for confirmation")
    boolean yes;
    @Mixin
    ChipAccess chip;
    @Option(names = "-r", description = "read back the value and compare")
    boolean readBack;
    @Option(names = "-m", paramLabel = "MASK", description = "bits to change (modes b and w)")
    String maskText;
    @Parameters(index = "0", paramLabel = "I2CBUS", description = "the bus: its number or i2c-N")
    String busText;
    @Parameters(index = "1", paramLabel = "CHIP-ADDRESS", description = "the chip, 0x08..0x77 (0x00..0x7f with -a)")
    String addressText;
    @Parameters(index = "2", paramLabel = "DATA-ADDRESS", description = "the register, 0x00..0xff")
    String registerText;
    @Parameters(index = "3..*", arity = "0..*", paramLabel = "VALUE... [MODE]",
            description = "the value(s), then optionally the mode (b, w, c, s, i; with p for PEC)")
    List<String> rest = new ArrayList<>();

    @Override
    int run(Session s) {
        I2cBus bus = I2cCommand.bus(s, busText);
        I2cAddress address = chip.address(addressText);
        int register = Numbers.parse("data address", registerText, 0, 0xFF);
        List<String> values = new ArrayList<>(rest);
        String m;
        Smbus.Mode md;
        if (!values.isEmpty() && values.getLast().matches("[a-zA-Z]+") && !values.getLast().startsWith("0")) {
            md = Smbus.Mode.parse(values.removeLast(), "bwcsi", "bwc",
                    "b (byte), w (word), c (byte, no value), s (SMBus block), i (I2C block), with p for PEC");
        } else {
            md = new Smbus.Mode(values.isEmpty() ? 'c' : 'b', false);
        }
        m = String.valueOf(md.letter());
        if (m.equals("c") && !values.isEmpty()) {
            throw new UsageException("mode c takes no VALUE: it sends DATA-ADDRESS as the byte");
        }
        if (!m.equals("c") && values.isEmpty()) {
            throw new UsageException("mode " + m + " needs a VALUE");
        }
        if ((m.equals("b") || m.equals("w")) && values.size() > 1) {
            throw new UsageException("mode " + m + " takes one VALUE, not " + values.size() + " (use s or i for a block)");
        }
        if ((maskText != null || readBack) && !(m.equals("b") || m.equals("w"))) {
            throw new UsageException("-m and -r apply to modes b and w only");
        }
        int max = m.equals("w") ? 0xFFFF : 0xFF;
        List<Integer> data = new ArrayList<>();
        for (String v : values) {
            data.add(Numbers.parse("value", v, 0, max));
        }
        if (data.size() > I2cDevice.MAX_BLOCK) {
            throw new UsageException("a block holds at most " + I2cDevice.MAX_BLOCK + " values, not " + data.size());
        }
        Integer mask = maskText == null ? null : Numbers.parse("mask", maskText, 0, max);
        s.confirm(yes, String.format("This writes %s to i2c-%d, chip address 0x%02x, data address 0x%02x, mode %s",
                data.isEmpty() ? "nothing but the data address" : data.stream().map(v -> String.format("0x%02x", v)).toList(),
                bus.number(), address.value(), register, m));
        I2cDevice d = bus.device(address);
        Smbus smbus = new Smbus(bus, d, md.pec());
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("bus", bus.number());
        j.put("address", address.value());
        j.put("register", register);
        j.put("mode", md.toString());
        String text = "";
        switch (m) {
            case "c" -> smbus.writeByte(register);
            case "b", "w" -> {
                int value = data.getFirst();
                if (mask != null) {
                    int old = m.equals("b") ? smbus.readByteData(register) : smbus.readWordData(register);
                    value = (value & mask) | (old & ~mask);
                }
                if (m.equals("b")) {
                    smbus.writeByteData(register, value);
                } else {
                    smbus.writeWordData(register, value);
                }
                j.put("written", value);
                if (readBack) {
                    int got = m.equals("b") ? smbus.readByteData(register) : smbus.readWordData(register);
                    String f = m.equals("b") ? "0x%02x" : "0x%04x";
                    j.put("readback", got);
                    j.put("matched", got == value);
                    if (got != value) {
                        // a failure (exit 1) like every read-back mismatch: i2cset's words on stderr, not in the
                        // results on stdout (i2cset 4.3 prints it with printf and exits 0: scctl keeps its words,
                        // not its stream), and under --json the failure document with these fields
                        throw new ReadbackMismatch(String.format("Warning - data mismatch - wrote " + f + ", read back " + f
                                + " (i2c-%d, chip address 0x%02x, data address 0x%02x)", value, got, bus.number(),
                                address.value(), register), j);
                    }
                    text = String.format("Value " + f + " written, readback matched", value);
                }
            }
            default -> {
                byte[] b = new byte[data.size()];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (byte) (int) data.get(i);
                }
                if (m.equals("s")) {
                    d.writeBlockData(register, b, b.length);
                } else {
                    d.writeI2cBlockData(register, b, b.length);
                }
                j.put("written", data);
            }
        }
        if (s.json() || !text.isEmpty()) {
            s.emit(j, text);
        }
        return 0;
    }
}

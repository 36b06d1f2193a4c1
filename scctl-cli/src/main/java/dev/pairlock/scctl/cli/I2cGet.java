package dev.pairlock.scctl.cli;

import dev.pairlock.hal.i2c.I2cAddress;
import dev.pairlock.hal.i2c.I2cBus;
import dev.pairlock.hal.i2c.I2cDevice;
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

@Command(name = "get", mixinStandardHelpOptions = true,
        header = "Read a register, as i2cget.",
        description = {"Read a register, as i2cget. MODE: b byte (default), w word, c write byte/read byte,",
            "s SMBus block, i I2C block (LENGTH 1..32, default 32); append p (bp, wp, cp) for SMBus PEC, checked by scctl",
            "(the adapter needs plain I2C). Without DATA-ADDRESS: receive byte."},
        footer = {"", "Examples:", "  scctl i2c get -y 3 0x23 0x00        # board ID of slot 3",
            "  scctl i2c get -y 3 0x23 0x10 w", "  scctl i2c get -y 3 0x23 0x00 i 4"})
final class I2cGet extends Leaf {
    @Option(names = "-y", description = "no confirmation (reads never ask; accepted for i2cget compatibility)")
    boolean yes;
    @Mixin
    ChipAccess chip;
    @Parameters(index = "0", paramLabel = "I2CBUS", description = "the bus: its number or i2c-N")
    String busText;
    @Parameters(index = "1", paramLabel = "CHIP-ADDRESS", description = "the chip, 0x08..0x77 (0x00..0x7f with -a)")
    String addressText;
    @Parameters(index = "2", arity = "0..1", paramLabel = "DATA-ADDRESS", description = "the register, 0x00..0xff")
    String registerText;
    @Parameters(index = "3", arity = "0..1", paramLabel = "MODE", description = "b, w, c, s or i, with p for PEC (see above)")
    String mode;
    @Parameters(index = "4", arity = "0..1", paramLabel = "LENGTH", description = "bytes to read in mode i, 1..32")
    String lengthText;

    @Override
    int run(Session s) {
        I2cBus bus = I2cCommand.bus(s, busText);
        I2cAddress address = chip.address(addressText);
        Smbus.Mode md = Smbus.Mode.parse(mode == null ? (registerText == null ? "c" : "b") : mode, "bwcsi", "bwc",
                "b (byte), w (word), c (write byte/read byte), s (SMBus block), i (I2C block), with p for PEC");
        String m = String.valueOf(md.letter());
        if (lengthText != null && !m.equals("i")) {
            throw new UsageException("LENGTH applies to mode i only");
        }
        if (registerText == null && !m.equals("c")) {
            throw new UsageException("mode " + m + " needs a DATA-ADDRESS");
        }
        int register = registerText == null ? -1 : Numbers.parse("data address", registerText, 0, 0xFF);
        I2cDevice d = bus.device(address);
        Smbus smbus = new Smbus(bus, d, md.pec());
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("bus", bus.number());
        j.put("address", address.value());
        j.put("register", register < 0 ? null : register);
        j.put("mode", md.toString());
        String text;
        switch (m) {
            case "b", "w", "c" -> {
                int v;
                if (m.equals("b")) {
                    v = smbus.readByteData(register);
                } else if (m.equals("w")) {
                    v = smbus.readWordData(register);
                } else {
                    if (register >= 0) {
                        smbus.writeByte(register);
                    }
                    v = smbus.readByte();
                }
                j.put("value", v);
                text = String.format(m.equals("w") ? "0x%04x" : "0x%02x", v);
            }
            default -> {
                byte[] buf = new byte[I2cDevice.MAX_BLOCK];
                int n;
                if (m.equals("s")) {
                    n = d.readBlockData(register, buf);
                } else {
                    n = lengthText == null ? I2cDevice.MAX_BLOCK : Numbers.parse("LENGTH", lengthText, 1, I2cDevice.MAX_BLOCK);
                    d.readI2cBlockData(register, buf, n);
                }
                List<Integer> bytes = new ArrayList<>();
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    bytes.add(buf[i] & 0xFF);
                    sb.append(i == 0 ? "" : " ").append(String.format("0x%02x", buf[i] & 0xFF));
                }
                j.put("values", bytes);
                text = sb.toString();
            }
        }
        s.emit(j, text);
        return 0;
    }
}

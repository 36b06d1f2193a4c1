package dev.pairlock.kernelit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A gpio-sim device (one or more banks = GPIO chips) driven through configfs
 * ({@code /sys/kernel/config/gpio-sim}) and sysfs ({@code sim_gpioN/pull}, {@code sim_gpioN/value}).
 *
 * <pre>{@code
 * try (GpioSim sim = GpioSim.builder("hb").bank("sc0-hb", 4, "hb-out", "hb-in").create()) {
 *     GpioSim.Bank b = sim.bank();
 *     b.pull(b.line("hb-in"), GpioSim.Pull.UP);   // the "other side" drives the input high
 *     int out = b.value(b.line("hb-out"));        // what the code under test drives
 * }                                               // chip destroyed
 * }</pre>
 *
 * A pull change on a line requested as input is seen by readers and produces an edge event.
 * For a line requested as output, {@link Bank#value} reports the value the consumer drives.
 */
public final class GpioSim implements AutoCloseable {
    public static final Path CONFIGFS = Path.of("/sys/kernel/config/gpio-sim");

    /** The two states a simulated line can be pulled to. */
    public enum Pull {
        DOWN("pull-down"), UP("pull-up");
        final String sysfs;
        Pull(String sysfs) { this.sysfs = sysfs; }
        static Pull of(String s) {
            for (Pull p : values()) {
                if (p.sysfs.equals(s.strip())) return p;
            }
            throw new IllegalStateException("unexpected gpio-sim pull value '" + s.strip() + "'");
        }
    }

    /** One bank of a gpio-sim device, i.e. one GPIO chip ({@code /dev/gpiochipN}). */
    public static final class Bank {
        private final String label;
        private final int numLines;
        private final Map<String, Integer> lines;
        private final String chipName;
        private final Path sysfs;

        Bank(String label, int numLines, Map<String, Integer> lines, String chipName, Path sysfs) {
            this.label = label;
            this.numLines = numLines;
            this.lines = Collections.unmodifiableMap(lines);
            this.chipName = chipName;
            this.sysfs = sysfs;
        }

        /** Chip label (gpiodetect's bracketed name). */
        public String label() { return label; }
        public int numLines() { return numLines; }
        /** Named lines, name → offset. */
        public Map<String, Integer> lines() { return lines; }
        /** e.g. {@code gpiochip2}. */
        public String chipName() { return chipName; }
        /** e.g. {@code /dev/gpiochip2}. */
        public Path chipDevice() { return Path.of("/dev", chipName); }
        /** sysfs directory with {@code sim_gpioN/}. */
        public Path sysfs() { return sysfs; }

        public int line(String name) {
            Integer off = lines.get(name);
            if (off == null) throw new IllegalArgumentException("no line " + name + " on " + chipName + ": " + lines);
            return off;
        }

        /** Sets the simulated external pull of a line (what an input reads, edge events on change). */
        public void pull(int offset, Pull pull) { write(attr(offset, "pull"), pull.sysfs); }

        public Pull pull(int offset) { return Pull.of(read(attr(offset, "pull"))); }

        /** The line's current value: the driven value for an output, else the pull. */
        public int value(int offset) { return Integer.parseInt(read(attr(offset, "value")).strip()); }

        private Path attr(int offset, String name) {
            if (offset < 0 || offset >= numLines) {
                throw new IndexOutOfBoundsException("line " + offset + " of " + chipName + " (" + numLines + " lines)");
            }
            return sysfs.resolve("sim_gpio" + offset).resolve(name);
        }
    }

    /** Describes a device before it is created. */
    public static final class Builder {
        private final String name;
        private final List<Object[]> banks = new ArrayList<>();

        private Builder(String name) { this.name = name; }

        /**
         * Adds a bank. {@code lineNames[i]} names line i; null or "" leaves it unnamed; there may be
         * fewer names than lines.
         */
        public Builder bank(String label, int numLines, String... lineNames) {
            if (numLines < 1) throw new IllegalArgumentException("numLines < 1");
            if (lineNames.length > numLines) throw new IllegalArgumentException("more names than lines");
            banks.add(new Object[] {label, numLines, lineNames.clone()});
            return this;
        }

        /** Creates the device in configfs and makes it live. */
        public GpioSim create() {
            if (banks.isEmpty()) throw new IllegalStateException("a gpio-sim device needs at least one bank");
            Path dir = CONFIGFS.resolve(name);
            if (!Files.isDirectory(CONFIGFS)) {
                throw new IllegalStateException(CONFIGFS + " missing: gpio-sim not loaded or configfs not mounted");
            }
            if (Files.exists(dir)) throw new IllegalStateException("gpio-sim device " + name + " already exists");
            GpioSim sim = new GpioSim(name, dir, true);
            try {
                mkdir(dir);
                for (int b = 0; b < banks.size(); b++) {
                    Path bank = dir.resolve("bank" + b);
                    mkdir(bank);
                    write(bank.resolve("label"), (String) banks.get(b)[0]);
                    write(bank.resolve("num_lines"), Integer.toString((Integer) banks.get(b)[1]));
                    String[] names = (String[]) banks.get(b)[2];
                    for (int i = 0; i < names.length; i++) {
                        if (names[i] == null || names[i].isEmpty()) continue;
                        Path line = bank.resolve("line" + i);
                        mkdir(line);
                        write(line.resolve("name"), names[i]);
                    }
                }
                write(dir.resolve("live"), "1");
                sim.load();
                return sim;
            } catch (RuntimeException e) {
                try {
                    sim.close();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }
    }

    private final String name;
    private final Path dir;
    private final boolean owned;
    private String devName;
    private final List<Bank> banks = new ArrayList<>();

    private GpioSim(String name, Path dir, boolean owned) {
        this.name = name;
        this.dir = dir;
        this.owned = owned;
    }

    public static Builder builder(String name) { return new Builder(name); }

    /** A one-bank device whose line i is named {@code lineNames[i]}; label = name. */
    public static GpioSim create(String name, String... lineNames) {
        return builder(name).bank(name, Math.max(1, lineNames.length), lineNames).create();
    }

    /** The default chip kernel-it/run created ({@link KernelEnv#gpioSimConfigfs()}); close() keeps it. */
    public static GpioSim attachDefault() {
        Path dir = KernelEnv.gpioSimConfigfs();
        GpioSim sim = new GpioSim(dir.getFileName().toString(), dir, false);
        sim.load();
        return sim;
    }

    private void load() {
        devName = read(dir.resolve("dev_name")).strip();
        List<Path> bankDirs = list(dir).stream().filter(p -> p.getFileName().toString().startsWith("bank"))
                .sorted((a, b) -> Integer.compare(index(a, "bank"), index(b, "bank"))).toList();
        for (Path bank : bankDirs) {
            String chip = read(bank.resolve("chip_name")).strip();
            int n = Integer.parseInt(read(bank.resolve("num_lines")).strip());
            Map<String, Integer> lines = new LinkedHashMap<>();
            list(bank).stream().filter(p -> p.getFileName().toString().startsWith("line"))
                    .sorted((a, b) -> Integer.compare(index(a, "line"), index(b, "line")))
                    .forEach(l -> {
                        String ln = read(l.resolve("name")).strip();
                        if (!ln.isEmpty()) lines.put(ln, index(l, "line"));
                    });
            Path sysfs = Path.of("/sys/devices/platform", devName, chip);
            if (!Files.isDirectory(sysfs)) throw new IllegalStateException("gpio-sim sysfs " + sysfs + " missing");
            banks.add(new Bank(read(bank.resolve("label")).strip(), n, lines, chip, sysfs));
        }
    }

    /** configfs name of the device. */
    public String name() { return name; }
    /** platform device name, e.g. {@code gpio-sim.1}. */
    public String devName() { return devName; }
    public List<Bank> banks() { return Collections.unmodifiableList(banks); }
    public Bank bank(int i) { return banks.get(i); }
    /** The first bank. */
    public Bank bank() { return banks.getFirst(); }

    /** Takes the device down and removes its configfs tree (only for devices this object created). */
    @Override
    public void close() {
        if (!owned || !Files.exists(dir)) return;
        if (Files.exists(dir.resolve("live")) && read(dir.resolve("live")).strip().equals("1")) {
            write(dir.resolve("live"), "0");
        }
        for (Path bank : list(dir)) {
            if (!Files.isDirectory(bank)) continue;
            for (Path line : list(bank)) {
                if (!Files.isDirectory(line)) continue;
                Path hog = line.resolve("hog");
                if (Files.isDirectory(hog)) rmdir(hog);
                rmdir(line);
            }
            rmdir(bank);
        }
        rmdir(dir);
    }

    // ---- configfs/sysfs file helpers --------------------------------------------------------

    private static int index(Path p, String prefix) {
        return Integer.parseInt(p.getFileName().toString().substring(prefix.length()));
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException("read " + p, e);
        }
    }

    static void write(Path p, String s) {
        try {
            Files.writeString(p, s);   // one write(2): what configfs/sysfs attributes expect
        } catch (IOException e) {
            throw new UncheckedIOException("write '" + s + "' to " + p, e);
        }
    }

    private static void mkdir(Path p) {
        try {
            Files.createDirectory(p);
        } catch (IOException e) {
            throw new UncheckedIOException("mkdir " + p, e);
        }
    }

    private static void rmdir(Path p) {
        try {
            Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException("rmdir " + p, e);
        }
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new UncheckedIOException("list " + dir, e);
        }
    }
}

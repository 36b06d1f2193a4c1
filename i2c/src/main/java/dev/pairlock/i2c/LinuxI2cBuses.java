package dev.pairlock.i2c;

import dev.pairlock.hal.DeviceUnavailableException;
import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.i2c.I2cBus;
import dev.pairlock.hal.i2c.I2cBuses;
import dev.pairlock.hal.i2c.I2cSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The machine's i2c-dev adapters: enumerated from {@code /sys/class/i2c-dev} (or, without sysfs,
 * the {@code /dev/i2c-*} nodes), each opened on first use and kept until {@link #close()}.
 */
public final class LinuxI2cBuses implements I2cBuses {
    private static final Pattern NODE = Pattern.compile("i2c-(\\d+)");

    private final Path devDir;
    private final Path sysDir;
    private final I2cSettings settings;
    private final Map<Integer, LinuxI2cBus> open = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** The system's adapters under {@code /dev} and {@code /sys/class/i2c-dev}, with default settings. */
    public LinuxI2cBuses() {
        this(I2cSettings.DEFAULT);
    }

    public LinuxI2cBuses(I2cSettings settings) {
        this(Path.of("/dev"), Path.of("/sys/class/i2c-dev"), settings);
    }

    /** Adapters whose nodes live in {@code devDir} and whose sysfs entries in {@code sysDir}. */
    public LinuxI2cBuses(Path devDir, Path sysDir, I2cSettings settings) {
        this.devDir = Objects.requireNonNull(devDir, "devDir");
        this.sysDir = Objects.requireNonNull(sysDir, "sysDir");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public List<Integer> numbers() {
        TreeSet<Integer> found = new TreeSet<>(list(sysDir));
        found.addAll(list(devDir));
        return List.copyOf(found);
    }

    @Override
    public I2cBus bus(int number) {
        if (number < 0) {
            throw new HalArgumentException("I2C bus number " + number + " is negative: valid is 0 and up (see i2cdetect -l)");
        }
        if (closed) {
            throw new DeviceUnavailableException(devDir.resolve("i2c-" + number).toString(),
                    "the bus set is closed", "create a new LinuxI2cBuses");
        }
        LinuxI2cBus bus = open.computeIfAbsent(number, n -> LinuxI2cBus.open(n, devDir.resolve("i2c-" + n).toString(), name(n), settings));
        if (closed) {
            // close() ran meanwhile and may have walked the map before this bus was in it: closing
            // twice is harmless, leaving its fd and memory open for the life of the process is not
            bus.close();
            throw new DeviceUnavailableException(devDir.resolve("i2c-" + number).toString(),
                    "the bus set is closed", "create a new LinuxI2cBuses");
        }
        return bus;
    }

    /** "i2c-3 (SMBus stub driver)", from sysfs when it knows the adapter's name. */
    String name(int number) {
        Path nameFile = sysDir.resolve("i2c-" + number).resolve("name");
        try {
            String adapter = Files.readString(nameFile, StandardCharsets.UTF_8).strip();
            return adapter.isEmpty() ? "i2c-" + number : "i2c-" + number + " (" + adapter + ")";
        } catch (IOException e) {
            return "i2c-" + number;
        }
    }

    @Override
    public void close() {
        closed = true;
        List<RuntimeException> failures = new ArrayList<>();
        for (LinuxI2cBus bus : open.values()) {
            try {
                bus.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        open.clear();
        if (!failures.isEmpty()) {
            throw failures.getFirst();
        }
    }

    private static List<Integer> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Integer> out = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            entries.forEach(p -> {
                Matcher m = NODE.matcher(p.getFileName().toString());
                if (m.matches()) {
                    out.add(Integer.parseInt(m.group(1)));
                }
            });
        } catch (IOException e) {
            return List.of();
        }
        return out;
    }
}

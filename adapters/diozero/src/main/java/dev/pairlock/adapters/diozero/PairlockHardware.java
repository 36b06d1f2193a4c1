package dev.pairlock.adapters.diozero;

import com.diozero.internal.spi.MmapGpioInterface;
import dev.pairlock.gpio.LinuxGpioChip;
import dev.pairlock.hal.gpio.GpioChip;
import dev.pairlock.hal.i2c.I2cBuses;
import dev.pairlock.i2c.LinuxI2cBuses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The buses and chips the factory works on: opened on first use (and again after a diozero reopen), or given. */
abstract class PairlockHardware implements AutoCloseable {
    abstract I2cBuses buses();

    /** In diozero's GPIO numbering order. */
    abstract List<GpioChip> chips();

    abstract Optional<MmapGpioInterface> mmap();

    @Override
    public abstract void close();

    static PairlockHardware given(I2cBuses buses, List<GpioChip> chips, Optional<MmapGpioInterface> mmap) {
        List<GpioChip> copy = List.copyOf(chips);
        return new PairlockHardware() {
            @Override
            I2cBuses buses() {
                return buses;
            }

            @Override
            List<GpioChip> chips() {
                return copy;
            }

            @Override
            Optional<MmapGpioInterface> mmap() {
                return mmap;
            }

            @Override
            public void close() {
            }
        };
    }

    static PairlockHardware linux(ProviderSettings settings) {
        return new PairlockHardware() {
            private LinuxI2cBuses buses;
            private List<GpioChip> chips;

            @Override
            synchronized I2cBuses buses() {
                if (buses == null) {
                    buses = new LinuxI2cBuses(settings.i2c());
                }
                return buses;
            }

            @Override
            synchronized List<GpioChip> chips() {
                if (chips == null) {
                    List<String> paths = settings.gpioChips().isEmpty() ? chipPaths() : settings.gpioChips();
                    List<GpioChip> open = new ArrayList<>();
                    try {
                        for (String p : paths) {
                            open.add(LinuxGpioChip.open(p.startsWith("/") ? p : "/dev/" + p));
                        }
                    } catch (RuntimeException e) {
                        open.forEach(GpioChip::close);
                        throw e;
                    }
                    chips = List.copyOf(open);
                }
                return chips;
            }

            @Override
            Optional<MmapGpioInterface> mmap() {
                return settings.mmap().map(MmapGpioBlock::of);
            }

            @Override
            public synchronized void close() {
                if (chips != null) {
                    chips.forEach(GpioChip::close);
                    chips = null;
                }
                if (buses != null) {
                    buses.close();
                    buses = null;
                }
            }
        };
    }

    /** /dev/gpiochipN in N order, as diozero's own provider numbers them. */
    private static List<String> chipPaths() {
        Path dev = Path.of("/dev");
        try (Stream<Path> s = Files.list(dev)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("gpiochip\\d{1,9}"))
                    .sorted(Comparator.comparingInt(n -> Integer.parseInt(n.substring(8))))
                    .map(n -> dev.resolve(n).toString()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}

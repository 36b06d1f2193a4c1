package dev.pairlock.kernelit;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the kernel-it VM put its devices. {@code kernel-it/run} sets these up inside the VM and
 * passes each one both as an environment variable {@code KIT_FOO_BAR} and as a system property
 * {@code kit.foo.bar}; the system property wins. Outside the VM every getter throws
 * {@link IllegalStateException} — a kernel test run anywhere else fails, it never skips.
 */
public final class KernelEnv {
    private KernelEnv() {}

    /** The value of {@code KIT_<name>} (system property {@code kit.<name lower-cased, _ → .>}). */
    public static String get(String envName) {
        if (!envName.startsWith("KIT_")) {
            throw new IllegalArgumentException("kernel-it variables start with KIT_: " + envName);
        }
        String prop = envName.toLowerCase(Locale.ROOT).replace('_', '.');
        String v = System.getProperty(prop);
        if (v == null || v.isEmpty()) {
            v = System.getenv(envName);
        }
        if (v == null || v.isEmpty()) {
            throw new IllegalStateException(envName + " (system property " + prop + ") is not set: "
                    + "@Tag(\"kernel\") tests run only inside the VM started by kernel-it/run");
        }
        return v;
    }

    /** {@code uname -r} of the VM's kernel, e.g. {@code 6.1.0-56-amd64}. */
    public static String kernelRelease() { return get("KIT_KERNEL"); }

    /** A writable directory on the host (the 9p share holding the reports), kept after the run. */
    public static Path outputDir() { return Path.of(get("KIT_OUT_DIR")); }

    // ---- I2C ---------------------------------------------------------------------------------

    /** Adapter numbers of the i2c-stub buses ({@code /dev/i2c-N}); i2c-stub in 6.1 makes one. */
    public static List<Integer> i2cStubBuses() { return ints(get("KIT_I2C_STUB_BUSES")); }

    /** The first (in 6.1: the only) i2c-stub adapter number. */
    public static int i2cStubBus() { return i2cStubBuses().getFirst(); }

    /** {@code /dev/i2c-<bus>}. */
    public static Path i2cDevice(int bus) { return Path.of("/dev/i2c-" + bus); }

    /** 7-bit addresses of the i2c-stub chips on every stub bus (e.g. 0x23, 0x50, 0x51). */
    public static List<Integer> i2cStubAddresses() { return ints(get("KIT_I2C_STUB_ADDRS")); }

    // ---- GPIO --------------------------------------------------------------------------------

    /** The default gpio-sim chip's character device, e.g. {@code /dev/gpiochip1}. */
    public static Path gpioSimChip() { return Path.of(get("KIT_GPIO_SIM_CHIP")); }

    /** The default gpio-sim chip's name, e.g. {@code gpiochip1}. */
    public static String gpioSimChipName() { return get("KIT_GPIO_SIM_CHIP_NAME"); }

    /** The default chip's label as gpiodetect shows it ({@code pairlock-kit}). */
    public static String gpioSimLabel() { return get("KIT_GPIO_SIM_LABEL"); }

    /** The default gpio-sim platform device, e.g. {@code gpio-sim.0}. */
    public static String gpioSimDevice() { return get("KIT_GPIO_SIM_DEV"); }

    /** The default chip's configfs directory ({@code /sys/kernel/config/gpio-sim/kit}). */
    public static Path gpioSimConfigfs() { return Path.of(get("KIT_GPIO_SIM_CONFIGFS")); }

    /** The default chip's sysfs directory holding {@code sim_gpioN/{pull,value}}. */
    public static Path gpioSimSysfs() { return Path.of(get("KIT_GPIO_SIM_SYSFS")); }

    /** Number of lines of the default chip. */
    public static int gpioSimNumLines() { return Integer.parseInt(get("KIT_GPIO_SIM_NUM_LINES")); }

    /** Named lines of the default chip, name → offset ({@code hb-out=0, hb-in=1, reset-out=2, reset-in=3}). */
    public static Map<String, Integer> gpioSimLines() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String kv : get("KIT_GPIO_SIM_LINES").split(",")) {
            int eq = kv.indexOf('=');
            m.put(kv.substring(0, eq), Integer.parseInt(kv.substring(eq + 1)));
        }
        return m;
    }

    /** Offset of a named line of the default chip. */
    public static int gpioSimLine(String name) {
        Integer off = gpioSimLines().get(name);
        if (off == null) {
            throw new IllegalArgumentException("no line named " + name + " on the default gpio-sim chip: " + gpioSimLines());
        }
        return off;
    }

    /** The default gpio-sim chip as a {@link GpioSim} (closing it does not destroy it). */
    public static GpioSim gpioSim() { return GpioSim.attachDefault(); }

    // ---- registers: ivshmem-plain BAR2 -------------------------------------------------------

    /** Physical address of the ivshmem BAR2 ({@code /dev/mem} offset). */
    public static long ivshmemBarAddress() { return Long.decode(get("KIT_IVSHMEM_BAR_ADDR")); }

    /** Size of the BAR in bytes (= size of the host file, 1 MiB). */
    public static long ivshmemBarSize() { return Long.parseLong(get("KIT_IVSHMEM_BAR_SIZE")); }

    /** PCI address of the ivshmem device, e.g. {@code 0000:00:04.0}. */
    public static String ivshmemPciDevice() { return get("KIT_IVSHMEM_PCI"); }

    /** The sysfs {@code resource2} file of the device (mmap-able, same memory as the BAR). */
    public static Path ivshmemResource() { return Path.of(get("KIT_IVSHMEM_RESOURCE")); }

    /** The host file backing the BAR, as seen inside the VM through 9p ({@code /run/kit/shm/ivshmem}). */
    public static Path ivshmemFile() { return Path.of(get("KIT_IVSHMEM_FILE")); }

    /** The same file's path on the host ({@code /dev/shm/pairlock-kit.XXXXXX/ivshmem}; deleted after the run). */
    public static String ivshmemHostFile() { return get("KIT_IVSHMEM_HOST_FILE"); }

    private static List<Integer> ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Integer::decode).toList();
    }
}

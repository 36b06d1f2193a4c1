package dev.pairlock.bench;

/**
 * Where the kernel-it VM's devices are, for the in-VM benchmarks ({@code Vm*Bench}, run by
 * {@code bench/run-vm}). The VM's stage 2 exports them as {@code KIT_*} environment variables,
 * which JMH's forks inherit. Outside the VM every getter throws: these benchmarks fail, never skip.
 */
final class VmEnv {
    private VmEnv() {
    }

    static String get(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException(name + " is not set: the Vm*Bench benchmarks only run inside the"
                    + " kernel-it VM (i2c-stub, gpio-sim); use bench/run-vm, not bench/run or a plain java -jar");
        }
        return v;
    }

    /** The (first) i2c-stub adapter's bus number. */
    static int i2cStubBus() {
        return Integer.parseInt(get("KIT_I2C_STUB_BUSES").split(",")[0].trim());
    }

    /** The gpio-sim chip's character device, e.g. {@code /dev/gpiochip0}. */
    static String gpioSimChip() {
        return get("KIT_GPIO_SIM_CHIP");
    }

    /** The offset of a named line of the default gpio-sim chip ({@code KIT_GPIO_SIM_LINES=hb-out=0,...}). */
    static int gpioSimLine(String name) {
        for (String e : get("KIT_GPIO_SIM_LINES").split(",")) {
            String[] kv = e.split("=");
            if (kv.length == 2 && kv[0].equals(name)) {
                return Integer.parseInt(kv[1]);
            }
        }
        throw new IllegalStateException("no line '" + name + "' in KIT_GPIO_SIM_LINES=" + get("KIT_GPIO_SIM_LINES"));
    }

    /** The sysfs {@code pull} attribute of a gpio-sim line: the "other side" that makes edges. */
    static String gpioSimPull(int offset) {
        return get("KIT_GPIO_SIM_SYSFS") + "/sim_gpio" + offset + "/pull";
    }
}

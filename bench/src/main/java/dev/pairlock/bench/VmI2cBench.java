package dev.pairlock.bench;

import com.diozero.api.I2CDevice;
import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import com.pi4j.plugin.linuxfs.provider.i2c.LinuxFsI2CProvider;
import dev.pairlock.hal.i2c.I2cAddress;
import dev.pairlock.i2c.LinuxI2cBuses;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SMBus read-byte-data on {@code i2c-stub} (kernel-it VM only, {@code bench/run-vm}): one
 * {@code I2C_SMBUS} ioctl per call through pairlock {@code i2c}, diozero's {@code I2CDevice} and
 * Pi4J 2.7.0's linuxfs provider; the C baseline is {@code bench/c/vmbench.c i2c}. Each technique
 * has its own state, so one that cannot open the device fails only its own benchmark.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = {"--enable-native-access=ALL-UNNAMED"})
public class VmI2cBench {
    /** The stub chip and register read; the value is written in each setup and checked once. */
    static final int ADDRESS = 0x50;
    static final int REGISTER = 0x10;
    static final int VALUE = 0x5A;

    static void check(int read, String technique) {
        if (read != VALUE) {
            throw new IllegalStateException(technique + " read 0x" + Integer.toHexString(read) + " from register 0x"
                    + Integer.toHexString(REGISTER) + ", expected 0x" + Integer.toHexString(VALUE));
        }
    }

    @State(Scope.Thread)
    public static class Pairlock {
        LinuxI2cBuses buses;
        dev.pairlock.hal.i2c.I2cDevice device;

        @Setup(Level.Trial)
        public void open() {
            int bus = VmEnv.i2cStubBus();
            buses = new LinuxI2cBuses();
            device = buses.bus(bus).device(I2cAddress.of(ADDRESS));
            device.writeByteData(REGISTER, VALUE);
            check(device.readByteData(REGISTER), "pairlock");
        }

        @TearDown(Level.Trial)
        public void close() {
            buses.close();
        }
    }

    @State(Scope.Thread)
    public static class Diozero {
        I2CDevice device;

        @Setup(Level.Trial)
        public void open() {
            int bus = VmEnv.i2cStubBus();
            device = I2CDevice.builder(ADDRESS).setController(bus).build();
            device.writeByteData(REGISTER, (byte) VALUE);
            check(device.readByteData(REGISTER) & 0xFF, "diozero");
        }

        @TearDown(Level.Trial)
        public void close() {
            if (device != null) {
                device.close();
            }
        }
    }

    @State(Scope.Thread)
    public static class Pi4j {
        Context context;
        I2C device;

        @Setup(Level.Trial)
        public void open() {
            int bus = VmEnv.i2cStubBus();
            context = Pi4J.newContextBuilder().add(LinuxFsI2CProvider.newInstance()).build();
            device = context.create(I2C.newConfigBuilder(context).id("stub").bus(bus).device(ADDRESS)
                    .provider("linuxfs-i2c").build());
            device.writeRegister(REGISTER, (byte) VALUE);
            check(device.readRegister(REGISTER), "Pi4J");
        }

        @TearDown(Level.Trial)
        public void close() {
            if (context != null) {
                context.shutdown();
            }
        }
    }

    @Benchmark
    public int pairlockReadByteData(Pairlock s) {
        return s.device.readByteData(REGISTER);
    }

    @Benchmark
    public byte diozeroReadByteData(Diozero s) {
        return s.device.readByteData(REGISTER);
    }

    @Benchmark
    public int pi4jReadRegister(Pi4j s) {
        return s.device.readRegister(REGISTER);
    }
}

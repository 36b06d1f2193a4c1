package dev.pairlock.bench;

import com.diozero.api.I2CDevice;
import com.diozero.internal.provider.builtin.DefaultDeviceFactory;
import com.diozero.internal.spi.BaseNativeDeviceFactory;
import dev.pairlock.adapters.diozero.PairlockDeviceFactory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The same diozero application call, {@code I2CDevice.readByteData} on {@code i2c-stub} (kernel-it VM
 * only, {@code bench/run-vm}), through diozero's own native provider (JNI, {@code libdiozero-system-utils})
 * and through pairlock's provider ({@code adapters/diozero}: pairlock's FFM {@code LinuxI2cBus}). Both
 * factories are made explicitly, so the ServiceLoader's choice does not matter.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = {"--enable-native-access=ALL-UNNAMED"})
public class VmDiozeroProviderBench {
    @State(Scope.Thread)
    public static class Device {
        @Param({"diozero-default", "pairlock"})
        public String provider;
        BaseNativeDeviceFactory factory;
        I2CDevice device;

        @Setup(Level.Trial)
        public void open() {
            factory = provider.equals("pairlock") ? new PairlockDeviceFactory() : new DefaultDeviceFactory();
            factory.start();
            device = I2CDevice.builder(VmI2cBench.ADDRESS).setController(VmEnv.i2cStubBus()).setDeviceFactory(factory).build();
            device.writeByteData(VmI2cBench.REGISTER, (byte) VmI2cBench.VALUE);
            VmI2cBench.check(device.readByteData(VmI2cBench.REGISTER) & 0xFF, "diozero on " + provider);
        }

        @TearDown(Level.Trial)
        public void close() {
            if (device != null) {
                device.close();
            }
            factory.close();
        }
    }

    @Benchmark
    public byte readByteData(Device d) {
        return d.device.readByteData(VmI2cBench.REGISTER);
    }
}

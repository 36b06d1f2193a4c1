package dev.pairlock.bench;

import com.diozero.api.I2CDevice;
import dev.pairlock.hal.i2c.I2cAddress;
import dev.pairlock.i2c.LinuxI2cBuses;
import dev.pairlock.libc.CallState;
import dev.pairlock.libc.Libc;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SMBus read-byte-data on i2c-stub, interleaved with its C loop (see {@link Interleaved}); only
 * inside the kernel-it VM ({@code bench/run-vm}). Besides pairlock's and diozero's device calls,
 * raw FFM downcalls of the same {@code I2C_SMBUS} ioctl on prepared arguments split pairlock's
 * cost: the downcall alone, with errno capture, and with the call state in a shared arena (whose
 * session every downcall acquires and releases, two atomic updates).
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar -Dbench.loops=.../libbenchloops.so \
 *     dev.pairlock.bench.InterleavedSmbus [rounds] [batch-millis] [warmup-millis] [out.json]</pre>
 */
public final class InterleavedSmbus {
    static final long I2C_SLAVE = 0x0703;
    static final long I2C_SMBUS = 0x0720;

    private InterleavedSmbus() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        long millis = args.length > 1 ? Long.parseLong(args[1]) : 20;
        long warmup = args.length > 2 ? Long.parseLong(args[2]) : 5000;
        String load = Files.readString(Path.of("/proc/loadavg")).strip();
        int busNumber = VmEnv.i2cStubBus();
        int reg = VmI2cBench.REGISTER;
        try (Arena arena = Arena.ofConfined(); Arena shared = Arena.ofShared(); LinuxI2cBuses buses = new LinuxI2cBuses()) {
            dev.pairlock.hal.i2c.I2cDevice pairlock = buses.bus(busNumber).device(I2cAddress.of(VmI2cBench.ADDRESS));
            pairlock.writeByteData(reg, VmI2cBench.VALUE);
            VmI2cBench.check(pairlock.readByteData(reg), "pairlock");
            I2CDevice diozero = I2CDevice.builder(VmI2cBench.ADDRESS).setController(busNumber).build();
            VmI2cBench.check(diozero.readByteData(reg) & 0xFF, "diozero");

            CallState cs = CallState.allocate(arena, 64);
            CallState sharedCs = CallState.allocate(shared, 64);
            int fd = Libc.open(cs, "/dev/i2c-" + busNumber, Libc.O_RDWR | Libc.O_CLOEXEC);
            Libc.ioctl(cs, fd, I2C_SLAVE, (long) VmI2cBench.ADDRESS);
            MemorySegment args1 = smbusReadByteData(cs.scratch(), reg);
            MemorySegment args2 = smbusReadByteData(sharedCs.scratch(), reg);
            MethodHandle cLoop = Interleaved.loop(Interleaved.loops(arena), "loops_smbus_read_byte_data",
                    Interleaved.longOf(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
            Map<String, Interleaved.Batch> t = new LinkedHashMap<>();
            t.put("c", n -> {
                try {
                    return Interleaved.checked((long) cLoop.invokeExact(fd, reg, n), "I2C_SMBUS");
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
            });
            int[] sink = new int[1];
            t.put("pairlock", n -> {
                int sum = 0;
                long t0 = Interleaved.now();
                for (long i = 0; i < n; i++) {
                    sum += pairlock.readByteData(reg);
                }
                long elapsed = Interleaved.now() - t0;
                sink[0] += sum;
                return elapsed;
            });
            t.put("diozero", n -> {
                int sum = 0;
                long t0 = Interleaved.now();
                for (long i = 0; i < n; i++) {
                    sum += diozero.readByteData(reg);
                }
                long elapsed = Interleaved.now() - t0;
                sink[0] += sum;
                return elapsed;
            });
            t.put("ffm-plain-capture", n -> {
                long t0 = Interleaved.now();
                for (long i = 0; i < n; i++) {
                    if (Libc.tryIoctl(cs, fd, I2C_SMBUS, args1) < 0) {
                        throw new IllegalStateException("I2C_SMBUS failed: errno " + cs.errno());
                    }
                }
                return Interleaved.now() - t0;
            });
            t.put("ffm-plain-capture-shared-arena", n -> {
                long t0 = Interleaved.now();
                for (long i = 0; i < n; i++) {
                    if (Libc.tryIoctl(sharedCs, fd, I2C_SMBUS, args2) < 0) {
                        throw new IllegalStateException("I2C_SMBUS failed: errno " + sharedCs.errno());
                    }
                }
                return Interleaved.now() - t0;
            });
            t.put("ffm-plain-no-capture", n -> {
                long t0 = Interleaved.now();
                try {
                    for (long i = 0; i < n; i++) {
                        if ((int) NativeCallBench.IOCTL_NO_CAPTURE.invokeExact(fd, I2C_SMBUS, args1) < 0) {
                            throw new IllegalStateException("I2C_SMBUS failed");
                        }
                    }
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
                return Interleaved.now() - t0;
            });
            Map<String, double[]> data = Interleaved.measure(t, "c", rounds, millis, warmup, 1);
            String after = Files.readString(Path.of("/proc/loadavg")).strip();
            System.out.print(Interleaved.summary(data, "c"));
            System.out.println("loadavg before " + load + ", after " + after + " (sink " + sink[0] + ")");
            if (args.length > 3) {
                Files.writeString(Path.of(args[3]), Interleaved.json(data, "c",
                        Map.of("what", "SMBus read-byte-data on i2c-stub (kernel-it VM)", "clock", Interleaved.clockName(),
                                "load_before", load, "load_after", after)));
            }
            diozero.close();
            Libc.close(cs, fd);
        }
    }

    /** {@code struct i2c_smbus_ioctl_data} for a read-byte-data of {@code reg}, data union right after it. */
    static MemorySegment smbusReadByteData(MemorySegment scratch, int reg) {
        MemorySegment args = scratch.asSlice(0, 16);
        MemorySegment data = scratch.asSlice(32, 32);
        args.set(ValueLayout.JAVA_BYTE, 0, (byte) 1);            // read_write = I2C_SMBUS_READ
        args.set(ValueLayout.JAVA_BYTE, 1, (byte) reg);          // command
        args.set(ValueLayout.JAVA_INT, 4, 2);                    // size = I2C_SMBUS_BYTE_DATA
        args.set(ValueLayout.ADDRESS, 8, data);                  // data
        return args;
    }
}

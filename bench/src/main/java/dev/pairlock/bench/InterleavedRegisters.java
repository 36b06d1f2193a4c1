package dev.pairlock.bench;

import dev.pairlock.clockregs.MappedRegisterWindow;
import dev.pairlock.clockregs.WindowSource;
import dev.pairlock.hal.reg.AccessMode;
import dev.pairlock.hal.reg.RegisterWindow;
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
 * OPAQUE register reads interleaved with C's volatile read loop (see {@link Interleaved}): one
 * window, four windows through one call site mapped one by one (megamorphic), four windows
 * mapped together ({@link MappedRegisterWindow#mapTogether}), and one window reached the way the
 * four are (picked from an array per access: every opaque access orders memory, so the array
 * element and the window's fields are loaded again each time).
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar -Dbench.loops=bench/target/libbenchloops.so \
 *     [-Dbench.clock=cpu] dev.pairlock.bench.InterleavedRegisters [rounds] [batch-millis] [warmup-millis] [out.json]</pre>
 */
public final class InterleavedRegisters {
    private InterleavedRegisters() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        long millis = args.length > 1 ? Long.parseLong(args[1]) : 10;
        long warmup = args.length > 2 ? Long.parseLong(args[2]) : 2000;
        String load = Files.readString(Path.of("/proc/loadavg")).strip();
        Path file = RegisterFile.create();
        long off = RegisterFile.REGISTER_OFFSET;
        try (Arena arena = Arena.ofConfined()) {
            RegisterWindow one = MappedRegisterWindow.file(file, 0, RegisterFile.WINDOW_BYTES);
            RegisterWindow[] apart = new RegisterWindow[4];
            for (int i = 0; i < 4; i++) {
                apart[i] = MappedRegisterWindow.file(file, 0, RegisterFile.WINDOW_BYTES);
            }
            WindowSource source = WindowSource.file(file, 0, RegisterFile.WINDOW_BYTES);
            RegisterWindow[] together = MappedRegisterWindow.mapTogether(source, source, source, source)
                    .toArray(RegisterWindow[]::new);
            MemorySegment cMapping = RegisterFile.mapSegment(file, arena);
            MethodHandle cRead = Interleaved.loop(Interleaved.loops(arena), "loops_read32",
                    Interleaved.longOf(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
            MemorySegment cRegister = cMapping.asSlice(off, 4);
            Map<String, Interleaved.Batch> t = new LinkedHashMap<>();
            t.put("c", n -> {
                try {
                    return Interleaved.checked((long) cRead.invokeExact(cRegister, n), "read");
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
            });
            int[] sink = new int[1];
            t.put("pairlock-one-window", n -> {
                long t0 = Interleaved.now();
                int sum = 0;
                for (long i = 0; i < n; i++) {
                    sum += one.read32(off, AccessMode.OPAQUE);
                }
                long elapsed = Interleaved.now() - t0;
                sink[0] += sum;
                return elapsed;
            });
            t.put("pairlock-four-windows-apart", n -> {
                long t0 = Interleaved.now();
                int sum = 0;
                for (long i = 0; i < n; i++) {
                    sum += apart[(int) i & 3].read32(off, AccessMode.OPAQUE);
                }
                long elapsed = Interleaved.now() - t0;
                sink[0] += sum;
                return elapsed;
            });
            t.put("pairlock-four-windows-together", n -> {
                long t0 = Interleaved.now();
                int sum = 0;
                for (long i = 0; i < n; i++) {
                    sum += together[(int) i & 3].read32(off, AccessMode.OPAQUE);
                }
                long elapsed = Interleaved.now() - t0;
                sink[0] += sum;
                return elapsed;
            });
            // the loop shape of the two above (a window picked from an array per access) over one window:
            // what the shape itself costs once every access is inlined
            t.put("pairlock-one-window-via-array", n -> {
                long t0 = Interleaved.now();
                int sum = 0;
                RegisterWindow[] ones = {one, one, one, one};
                for (long i = 0; i < n; i++) {
                    sum += ones[(int) i & 3].read32(off, AccessMode.OPAQUE);
                }
                long elapsed = Interleaved.now() - t0;
                sink[0] += sum;
                return elapsed;
            });
            Map<String, double[]> data = Interleaved.measure(t, "c", rounds, millis, warmup, 1);
            String after = Files.readString(Path.of("/proc/loadavg")).strip();
            System.out.print(Interleaved.summary(data, "c"));
            System.out.println("loadavg before " + load + ", after " + after + " (sink " + sink[0] + ")");
            if (args.length > 3) {
                Files.writeString(Path.of(args[3]), Interleaved.json(data, "c",
                        Map.of("what", "OPAQUE register read", "clock", Interleaved.clockName(), "load_before", load,
                                "load_after", after)));
            }
            one.close();
            for (int i = 0; i < 4; i++) {
                apart[i].close();
                together[i].close();
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}

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
 * Register reads interleaved with C's volatile read loop (see {@link Interleaved}): one window,
 * four windows through one call site mapped one by one (megamorphic), four windows mapped together
 * ({@link MappedRegisterWindow#mapTogether}) in each cheap access mode, and one window reached the
 * way the four are (picked from an array per access: every ordered access orders memory, so the
 * array element and the window's fields are loaded again each time). {@link InterleavedRegisterWrites}
 * runs the same shapes as writes against C's volatile write loop.
 *
 * <p>Every technique spells its access mode as a literal at its call site, as a driver or tool
 * does: a mode held in a variable the loop reloads would measure the mode test, not the access.
 * VOLATILE writes are left out: each is a {@code lock}-prefixed fence on x86 (~10 ns), whatever
 * the window shape (bench/RESULTS.md's write note).
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar -Dbench.loops=bench/target/libbenchloops.so \
 *     [-Dbench.clock=cpu] dev.pairlock.bench.InterleavedRegisters [rounds] [batch-millis] [warmup-millis] [out.json]</pre>
 */
public final class InterleavedRegisters {
    private InterleavedRegisters() {
    }

    public static void main(String[] args) throws IOException {
        run(args, false);
    }

    /** The windows every technique uses, all on one register file. */
    private record Windows(RegisterWindow one, RegisterWindow[] apart, RegisterWindow[] together) {
        static Windows map(Path file) {
            RegisterWindow one = MappedRegisterWindow.file(file, 0, RegisterFile.WINDOW_BYTES);
            RegisterWindow[] apart = new RegisterWindow[4];
            for (int i = 0; i < 4; i++) {
                apart[i] = MappedRegisterWindow.file(file, 0, RegisterFile.WINDOW_BYTES);
            }
            WindowSource source = WindowSource.file(file, 0, RegisterFile.WINDOW_BYTES);
            RegisterWindow[] together = MappedRegisterWindow.mapTogether(source, source, source, source)
                    .toArray(RegisterWindow[]::new);
            return new Windows(one, apart, together);
        }

        void close() {
            one.close();
            for (int i = 0; i < 4; i++) {
                apart[i].close();
                together[i].close();
            }
        }
    }

    static void run(String[] args, boolean writes) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        long millis = args.length > 1 ? Long.parseLong(args[1]) : 10;
        long warmup = args.length > 2 ? Long.parseLong(args[2]) : 2000;
        String load = Files.readString(Path.of("/proc/loadavg")).strip();
        Path file = RegisterFile.create();
        try (Arena arena = Arena.ofConfined()) {
            Windows w = Windows.map(file);
            MemorySegment cRegister = RegisterFile.mapSegment(file, arena).asSlice(RegisterFile.REGISTER_OFFSET, 4);
            MethodHandle cLoop = Interleaved.loop(Interleaved.loops(arena), writes ? "loops_write32" : "loops_read32",
                    Interleaved.longOf(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
            Map<String, Interleaved.Batch> t = new LinkedHashMap<>();
            t.put("c", n -> {
                try {
                    return Interleaved.checked((long) cLoop.invokeExact(cRegister, n), writes ? "write" : "read");
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
            });
            int[] sink = new int[1];
            if (writes) {
                writes(t, w);
            } else {
                reads(t, w, sink);
            }
            Map<String, double[]> data = Interleaved.measure(t, "c", rounds, millis, warmup, 1);
            String after = Files.readString(Path.of("/proc/loadavg")).strip();
            System.out.print(Interleaved.summary(data, "c"));
            System.out.println("loadavg before " + load + ", after " + after + " (sink " + sink[0] + ")");
            if (args.length > 3) {
                Files.writeString(Path.of(args[3]), Interleaved.json(data, "c",
                        Map.of("what", writes ? "register write (OPAQUE unless the row names a mode)"
                                        : "register read (OPAQUE unless the row names a mode)",
                                "clock", Interleaved.clockName(), "load_before", load, "load_after", after)));
            }
            w.close();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void reads(Map<String, Interleaved.Batch> t, Windows w, int[] sink) {
        long off = RegisterFile.REGISTER_OFFSET;
        RegisterWindow one = w.one();
        RegisterWindow[] apart = w.apart();
        RegisterWindow[] together = w.together();
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
        t.put("pairlock-four-windows-together-acquire", n -> {
            long t0 = Interleaved.now();
            int sum = 0;
            for (long i = 0; i < n; i++) {
                sum += together[(int) i & 3].read32(off, AccessMode.ACQUIRE_RELEASE);
            }
            long elapsed = Interleaved.now() - t0;
            sink[0] += sum;
            return elapsed;
        });
        t.put("pairlock-four-windows-together-volatile", n -> {
            long t0 = Interleaved.now();
            int sum = 0;
            for (long i = 0; i < n; i++) {
                sum += together[(int) i & 3].read32(off, AccessMode.VOLATILE);
            }
            long elapsed = Interleaved.now() - t0;
            sink[0] += sum;
            return elapsed;
        });
        // the loop shape of the four-window rows over one window: what the shape itself costs once inlined
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
    }

    private static void writes(Map<String, Interleaved.Batch> t, Windows w) {
        long off = RegisterFile.REGISTER_OFFSET;
        RegisterWindow one = w.one();
        RegisterWindow[] apart = w.apart();
        RegisterWindow[] together = w.together();
        t.put("pairlock-one-window", n -> {
            long t0 = Interleaved.now();
            for (long i = 0; i < n; i++) {
                one.write32(off, (int) i, AccessMode.OPAQUE);
            }
            return Interleaved.now() - t0;
        });
        t.put("pairlock-four-windows-apart", n -> {
            long t0 = Interleaved.now();
            for (long i = 0; i < n; i++) {
                apart[(int) i & 3].write32(off, (int) i, AccessMode.OPAQUE);
            }
            return Interleaved.now() - t0;
        });
        t.put("pairlock-four-windows-together", n -> {
            long t0 = Interleaved.now();
            for (long i = 0; i < n; i++) {
                together[(int) i & 3].write32(off, (int) i, AccessMode.OPAQUE);
            }
            return Interleaved.now() - t0;
        });
        t.put("pairlock-four-windows-together-release", n -> {
            long t0 = Interleaved.now();
            for (long i = 0; i < n; i++) {
                together[(int) i & 3].write32(off, (int) i, AccessMode.ACQUIRE_RELEASE);
            }
            return Interleaved.now() - t0;
        });
        t.put("pairlock-one-window-via-array", n -> {
            long t0 = Interleaved.now();
            RegisterWindow[] ones = {one, one, one, one};
            for (long i = 0; i < n; i++) {
                ones[(int) i & 3].write32(off, (int) i, AccessMode.OPAQUE);
            }
            return Interleaved.now() - t0;
        });
    }
}

package dev.pairlock.bench;

import dev.pairlock.libc.CallState;
import dev.pairlock.libc.IdempotentIoctl;
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
 * {@code ioctl(pipe, FIONREAD)} interleaved with its C loop (see {@link Interleaved}): pairlock's
 * plain and critical ioctl handles, FIONREAD as libc calls it ({@code IdempotentIoctl}: critical,
 * errno captured only on failure), the plain one with the call state in a shared arena (as a
 * device holds it), and raw FFM handles without errno capture.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar -Dbench.loops=bench/target/libbenchloops.so \
 *     dev.pairlock.bench.InterleavedIoctl [rounds] [batch-millis] [warmup-millis] [out.json]</pre>
 */
public final class InterleavedIoctl {
    private InterleavedIoctl() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        long millis = args.length > 1 ? Long.parseLong(args[1]) : 10;
        long warmup = args.length > 2 ? Long.parseLong(args[2]) : 2000;
        String load = Files.readString(Path.of("/proc/loadavg")).strip();
        try (Arena arena = Arena.ofConfined(); Arena shared = Arena.ofShared()) {
            CallState cs = CallState.allocate(arena, Integer.BYTES);
            CallState sharedCs = CallState.allocate(shared, Integer.BYTES);
            MemorySegment count = cs.scratch();
            MemorySegment sharedCount = sharedCs.scratch();
            int[] pipe = Libc.pipe2(cs, Libc.O_CLOEXEC);
            int fd = pipe[0];
            MethodHandle cLoop = Interleaved.loop(Interleaved.loops(arena), "loops_fionread",
                    Interleaved.longOf(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
            Map<String, Interleaved.Batch> t = new LinkedHashMap<>();
            t.put("c", n -> {
                try {
                    return Interleaved.checked((long) cLoop.invokeExact(fd, n), "FIONREAD");
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
            });
            t.put("pairlock-plain", n -> {
                long t0 = Interleaved.now();
                for (long i = 0; i < n; i++) {
                    if (Libc.tryIoctl(cs, fd, Libc.FIONREAD, count) < 0) {
                        throw new IllegalStateException("FIONREAD failed: errno " + cs.errno());
                    }
                }
                return Interleaved.now() - t0;
            });
            t.put("pairlock-critical", n -> {
                long t0 = Interleaved.now();
                for (long i = 0; i < n; i++) {
                    if (Libc.tryIoctlCritical(cs, fd, Libc.FIONREAD, count) < 0) {
                        throw new IllegalStateException("FIONREAD failed: errno " + cs.errno());
                    }
                }
                return Interleaved.now() - t0;
            });
            t.put("pairlock-idempotent-critical", n -> {
                long t0 = Interleaved.now();
                for (long i = 0; i < n; i++) {
                    if (IdempotentIoctl.FIONREAD.tryCritical(cs, fd, count) < 0) {
                        throw new IllegalStateException("FIONREAD failed: errno " + cs.errno());
                    }
                }
                return Interleaved.now() - t0;
            });
            t.put("pairlock-plain-shared-arena", n -> {
                long t0 = Interleaved.now();
                for (long i = 0; i < n; i++) {
                    if (Libc.tryIoctl(sharedCs, fd, Libc.FIONREAD, sharedCount) < 0) {
                        throw new IllegalStateException("FIONREAD failed: errno " + sharedCs.errno());
                    }
                }
                return Interleaved.now() - t0;
            });
            t.put("ffm-plain-no-capture", n -> {
                long t0 = Interleaved.now();
                try {
                    for (long i = 0; i < n; i++) {
                        if ((int) NativeCallBench.IOCTL_NO_CAPTURE.invokeExact(fd, Libc.FIONREAD, count) < 0) {
                            throw new IllegalStateException("FIONREAD failed");
                        }
                    }
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
                return Interleaved.now() - t0;
            });
            t.put("ffm-critical-no-capture", n -> {
                long t0 = Interleaved.now();
                try {
                    for (long i = 0; i < n; i++) {
                        if ((int) NativeCallBench.IOCTL_CRITICAL_NO_CAPTURE.invokeExact(fd, Libc.FIONREAD, count) < 0) {
                            throw new IllegalStateException("FIONREAD failed");
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
            System.out.println("loadavg before " + load + ", after " + after);
            if (args.length > 3) {
                Files.writeString(Path.of(args[3]), Interleaved.json(data, "c",
                        Map.of("what", "ioctl(pipe, FIONREAD)", "clock", Interleaved.clockName(), "load_before", load, "load_after", after)));
            }
            Libc.close(cs, pipe[0]);
            Libc.close(cs, pipe[1]);
        }
    }
}

package dev.pairlock.bench;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.pairlock.libc.CallState;
import dev.pairlock.libc.IdempotentIoctl;
import dev.pairlock.libc.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cheapest real ioctl, {@code FIONREAD} on an empty pipe: the kernel work is a lock and a
 * copy-out of 4 bytes, so the figure is dominated by the call path being measured. One call per
 * invocation: a native call cannot be hoisted, and the C baseline pays its own loop in the same way.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Warmup(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(value = 2, jvmArgs = {"--enable-native-access=ALL-UNNAMED"})
public class NativeCallBench {

    /** The same downcall as pairlock's, minus errno capture: shows what the capture costs. */
    static final MethodHandle IOCTL_NO_CAPTURE = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().findOrThrow("ioctl"),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS),
            Linker.Option.firstVariadicArg(2));

    /** The same, linked critical(false): no thread-state transition, no errno capture. */
    static final MethodHandle IOCTL_CRITICAL_NO_CAPTURE = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().findOrThrow("ioctl"),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS),
            Linker.Option.firstVariadicArg(2), Linker.Option.critical(false));

    Arena arena;
    /** A device's call state lives in a shared arena (any thread may call): each downcall acquires its session. */
    Arena sharedArena;
    CallState sharedState;
    MemorySegment sharedCount;
    CallState callState;
    MemorySegment count;
    Memory jnaCount;
    Pointer jnaCountPointer;
    int readFd;
    int writeFd;
    long request;
    /** FIONREAD as libc's fast path takes it (a field, as {@link #request} is: not a constant to fold). */
    IdempotentIoctl idempotentRequest;
    /** An 8-byte argument for the failing pair: I2C_FUNCS on a pipe is ENOTTY. */
    MemorySegment funcs;
    IdempotentIoctl failingIdempotentRequest;
    long failingRequest;

    /** Calls of the C loop per invocation of {@link #cLoopInThisProcess}: the downcall's own cost spread thin. */
    static final int C_BATCH = 1000;
    /** bench/c/loops.c's {@code loops_fionread}, linked in {@link #openPipe}: null when the library is not built. */
    MethodHandle cFionread;

    @Setup(Level.Trial)
    public void openPipe() {
        arena = Arena.ofConfined();
        callState = CallState.allocate(arena, Integer.BYTES);
        count = callState.scratch();
        int[] fds = Libc.pipe2(callState, Libc.O_CLOEXEC);
        readFd = fds[0];
        writeFd = fds[1];
        sharedArena = Arena.ofShared();
        sharedState = CallState.allocate(sharedArena, Integer.BYTES);
        sharedCount = sharedState.scratch();
        jnaCount = new Memory(Integer.BYTES);
        jnaCountPointer = jnaCount;
        request = Libc.FIONREAD;
        idempotentRequest = IdempotentIoctl.FIONREAD;
        funcs = arena.allocate(Libc.C_LONG);
        failingIdempotentRequest = IdempotentIoctl.I2C_FUNCS;
        failingRequest = IdempotentIoctl.I2C_FUNCS.number();
        try {
            cFionread = Interleaved.loop(Interleaved.loops(Arena.global()), "loops_fionread",
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
        } catch (IllegalStateException e) {
            cFionread = null; // cLoopInThisProcess says so when it runs; the other benchmarks need no library
        }
    }

    @TearDown(Level.Trial)
    public void closePipe() {
        Libc.close(callState, readFd);
        Libc.close(callState, writeFd);
        jnaCount.close();
        sharedArena.close();
        arena.close();
    }

    /**
     * The C baseline's loop, run inside this JMH fork (bench/c/loops.c through one downcall per
     * {@value #C_BATCH} calls): the syscall as this process pays it — a JVM's descriptor table is
     * shared by its threads, which a single-threaded C program's is not (regbench measures both) —
     * timed by the same harness as the Java rows, minutes apart from nothing.
     */
    @Benchmark
    @OperationsPerInvocation(C_BATCH)
    public long cLoopInThisProcess() throws Throwable {
        if (cFionread == null) {
            throw new IllegalStateException("bench/target/libbenchloops.so is not built (bench/run builds it; "
                    + "or -Dbench.loops=PATH): no in-process C loop");
        }
        long ns = (long) cFionread.invokeExact(readFd, (long) C_BATCH);
        if (ns < 0) {
            throw new IllegalStateException("ioctl(FIONREAD) failed in the C loop");
        }
        return ns;
    }

    @Benchmark
    public int pairlockLibc() {
        return Libc.tryIoctl(callState, readFd, request, count);
    }

    /** The critical handle pairlock uses for ioctls that never block (FIONREAD is one). */
    @Benchmark
    public int pairlockLibcCritical() {
        return Libc.tryIoctlCritical(callState, readFd, request, count);
    }

    /**
     * FIONREAD as libc calls it ({@link IdempotentIoctl}): critical, errno captured only if it fails (by
     * repeating the call). Compare {@link #ffmCriticalNoCapture}, the same handle bare.
     */
    @Benchmark
    public int pairlockLibcIdempotentCritical() {
        return idempotentRequest.tryCritical(callState, readFd, count);
    }

    /** The cost of a failure, capture on the first call: one critical call, errno captured (ENOTTY). */
    @Benchmark
    public int pairlockLibcCriticalEnotty() {
        return Libc.tryIoctlCritical(callState, readFd, failingRequest, funcs);
    }

    /** The same failure through the fast path: the call without capture, then its capturing repeat. */
    @Benchmark
    public int pairlockLibcIdempotentCriticalEnotty() {
        return failingIdempotentRequest.tryCritical(callState, readFd, funcs);
    }

    /** As a device calls it: the call state in a shared arena, so the downcall acquires and releases its session. */
    @Benchmark
    public int pairlockLibcSharedArena() {
        return Libc.tryIoctl(sharedState, readFd, request, sharedCount);
    }

    @Benchmark
    public int ffmCriticalNoCapture() throws Throwable {
        return (int) IOCTL_CRITICAL_NO_CAPTURE.invokeExact(readFd, request, count);
    }

    @Benchmark
    public int ffmNoCapture() throws Throwable {
        return (int) IOCTL_NO_CAPTURE.invokeExact(readFd, request, count);
    }

    @Benchmark
    public int jnaDirect() {
        return JnaDirectLibc.ioctl(readFd, request, jnaCountPointer);
    }

    @Benchmark
    public int jnaInterface() {
        return JnaLibc.C.ioctl(readFd, request, jnaCountPointer);
    }
}

package dev.pairlock.bench;

import java.io.IOException;

/**
 * Register writes interleaved with C's volatile write loop: {@link InterleavedRegisters}' shapes as
 * writes (a class of its own so that {@code bench/run} starts it by name as it does the others).
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar -Dbench.loops=bench/target/libbenchloops.so \
 *     [-Dbench.clock=cpu] dev.pairlock.bench.InterleavedRegisterWrites [rounds] [batch-millis] [warmup-millis] [out.json]</pre>
 */
public final class InterleavedRegisterWrites {
    private InterleavedRegisterWrites() {
    }

    public static void main(String[] args) throws IOException {
        InterleavedRegisters.run(args, true);
    }
}

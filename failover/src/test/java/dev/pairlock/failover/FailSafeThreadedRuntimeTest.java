package dev.pairlock.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.failover.ThreadedChassis.HalCall;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.clock.RefSel;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * The thread-based runtime fails safe: an exception from any HAL call it makes, on the control
 * thread or on a lane, is logged and counted, the SC gives up authority (FOLLOWER, no MAIN) and
 * restarts as UNKNOWN, and the pair ends with exactly one MAIN again. Real threads, the real clock;
 * every wait is a condition polled with a generous bound, never a duration asserted.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FailSafeThreadedRuntimeTest {
    /**
     * Generous for real threads on a loaded machine: the protocol drops frames older than a tick
     * (FDT/10) and declares a signal failed after FDT, so scheduling delays must stay well below
     * those; at 500 ms they do even under a load of 20 on 2 cores.
     */
    private static final long FDT = 500_000_000L;
    private static final long BOUND_MILLIS = 60_000;

    /** What the runtime must at least call in the baseline scenario for it to mean anything. */
    private static final Set<HalCall> EXPECTED = EnumSet.of(HalCall.EDGE_COUNT, HalCall.BEAT, HalCall.CARRIER,
            HalCall.SEND, HalCall.ON_FRAME, HalCall.REF_SEL, HalCall.SET_REF_SEL, HalCall.PHASE_LOCKED, HalCall.BOARD,
            HalCall.PRESENCE, HalCall.SPLL_STATUS, HalCall.SPLL_SELECT, HalCall.RESET_ASSERT, HalCall.RESET_RELEASE);

    /**
     * The scenario that makes the runtime exercise all of its HAL calls: settle, a planned
     * switchover, then the MAIN's software dies and the SPARE fences it and takes over. Stops early
     * once {@code done} holds.
     */
    private static void disturb(ThreadedChassis chassis, BooleanSupplier done) {
        await("the pair settles first", chassis::settled);
        pause(FDT);
        if (done.getAsBoolean()) {
            return;
        }
        // settled (stable for 3 FDT) just now; should the MAIN have moved since, the force is refused: harmless
        Optional<ScId> first = chassis.main();
        first.ifPresent(main -> chassis.onControlThread(main, rt -> {
            rt.post(new Event.Operator(Event.Operator.Op.FAILOVER_FORCE));
            return null;
        }));
        pollUntil(() -> done.getAsBoolean() || chassis.main().filter(m -> !first.equals(Optional.of(m))).isPresent(), 10 * FDT);
        pause(2 * FDT);
        if (done.getAsBoolean()) {
            return;
        }
        await("a MAIN to crash", () -> chassis.main().isPresent());
        chassis.main().ifPresent(chassis::crash);
        pollUntil(done, 40 * FDT);
    }

    @TestFactory
    Stream<DynamicTest> anExceptionFromEveryHalCallTheRuntimeMakesIsSurvived() {
        Set<HalCall> calls;
        try (ThreadedChassis baseline = new ThreadedChassis(FDT)) {
            baseline.startBoth();
            disturb(baseline, () -> false);
            await("the baseline pair recovers from the crash", baseline::settled);
            calls = EnumSet.copyOf(baseline.seen);
            assertTrue(calls.containsAll(EXPECTED), "the baseline exercised only " + calls);
            assertEquals(0, baseline.twoLeaders.get(), "two leaders in the baseline");
            assertEquals(0, baseline.faults.size(), "faults without injection: " + baseline.faults);
        }
        // each injection runs on its own chassis; they mostly wait, so several at once save wall time
        Map<HalCall, Future<?>> runs = new EnumMap<>(HalCall.class);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            calls.forEach(call -> runs.put(call, pool.submit(() -> injectAndRecover(call))));
            return runs.entrySet().stream().map(r -> DynamicTest.dynamicTest("fault in " + r.getKey(), () -> {
                try {
                    r.getValue().get(10, TimeUnit.MINUTES);
                } catch (ExecutionException e) {
                    throw e.getCause();
                }
            })).toList().stream();
        } finally {
            pool.shutdown();
        }
    }

    private static void injectAndRecover(HalCall call) {
        try (ThreadedChassis chassis = new ThreadedChassis(FDT)) {
            chassis.startBoth();
            await("the pair settles", chassis::settled);
            chassis.arm(call);
            disturb(chassis, () -> chassis.firedOn() != null);
            ScId faulty = chassis.firedOn();
            assertNotNull(faulty, call + " was never called after it was armed");
            await("the fault is reported", () -> !chassis.faults.isEmpty());
            ThreadedChassis.Fault f = chassis.faults.getFirst();
            assertEquals(faulty, f.sc(), f.toString());
            assertTrue(f.error() instanceof ThreadedChassis.InjectedFault, f.toString());
            // gave up authority: FOLLOWER written before anyone was told (unless held in reset meanwhile)
            assertEquals(RefSel.FOLLOWER, f.refSelAfter(), f.toString());
            assertTrue(chassis.faultsOf(faulty) >= 1, "the runtime did not count the fault");
            await("exactly one MAIN again after a fault in " + call, chassis::settled);
            assertEquals(0, chassis.twoLeaders.get(), "both SCs led at once");
            assertEquals(0, chassis.unlockedSwitches.get(), "an SPLL was switched while unlocked");
            assertFalse(chassis.faults.size() > 1 && chassis.faults.stream().anyMatch(x -> !(x.error() instanceof ThreadedChassis.InjectedFault)),
                    "a fault that was not injected: " + chassis.faults);
        }
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + BOUND_MILLIS * 1_000_000L;
        while (System.nanoTime() < deadline) {
            // stable: the condition holds now and still 3 FDT later
            if (condition.getAsBoolean()) {
                pause(3 * FDT);
                if (condition.getAsBoolean()) {
                    return;
                }
            }
            pause(FDT / 4);
        }
        throw new AssertionError("not within " + BOUND_MILLIS + " ms: " + what);
    }

    private static void pollUntil(BooleanSupplier condition, long maxNanos) {
        long deadline = System.nanoTime() + maxNanos;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            pause(FDT / 10);
        }
    }

    static void pause(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

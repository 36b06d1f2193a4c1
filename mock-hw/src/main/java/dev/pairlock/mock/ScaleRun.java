package dev.pairlock.mock;

import dev.pairlock.hal.time.SystemClock;

import java.time.Duration;

/**
 * Runs the exerciser on a large chassis and prints how many events it simulated and how long that
 * took in wall time: {@code java -cp ... dev.pairlock.mock.ScaleRun [slots] [virtual seconds] [seed] [noscan]}.
 * Defaults: 256 slots, 600 s (10 virtual minutes), seed 42; a fourth argument {@code noscan} drops
 * the per-event scan of every slot that stands in for the safety checker.
 */
public final class ScaleRun {
    private ScaleRun() {
    }

    public static void main(String[] args) {
        int slots = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 600;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
        boolean scan = args.length <= 3 || !args[3].equals("noscan");
        ChassisConfig config = ChassisConfig.builder().slots(slots).seed(seed)
                .initialState(InitialState.RUNNING_SC0_LEADS).traceCapacity(100_000).build();
        VirtualTime time = new VirtualTime();
        Chassis chassis = new Chassis(config, time);
        Exerciser ex = new Exerciser(chassis, Duration.ofMillis(1).toNanos(), Duration.ofMillis(200).toNanos()).start();
        long[] checks = new long[1];
        // a checker-sized hook: scan every slot after every event, as the safety checker will
        time.afterEachEvent(() -> {
            if (!scan) {
                return;
            }
            Physics p = chassis.physics();
            for (int s = 0; s < slots; s++) {
                if (p.boardRunning(s)) {
                    checks[0]++;
                }
            }
        });
        // wall time through the HAL's one real clock: this entry point measures the simulator itself
        long wallStart = SystemClock.INSTANCE.nanos();
        time.runUntil(Duration.ofSeconds(seconds).toNanos());
        long wallNanos = SystemClock.INSTANCE.nanos() - wallStart;
        System.out.printf("slots=%d virtual=%ds seed=%d%n", slots, seconds, seed);
        System.out.printf("events=%d trace=%d ops=%d opFailures=%d faults=%d violations=%d physicalLosses=%d%n",
                time.eventsRun(), chassis.trace().recorded(), ex.operations(), ex.failures(), ex.faults(),
                chassis.physics().violations().size(), chassis.physics().physicalLosses().size());
        System.out.printf("hash=%016x wall=%.3f s (%.0f events/s)%n", chassis.trace().hash(), wallNanos / 1e9,
                time.eventsRun() / (wallNanos / 1e9));
    }
}

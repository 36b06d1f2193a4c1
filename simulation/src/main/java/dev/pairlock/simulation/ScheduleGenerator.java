package dev.pairlock.simulation;

import dev.pairlock.failover.Event.Operator.Op;
import dev.pairlock.hal.ScId;
import dev.pairlock.mock.ChassisConfig;
import dev.pairlock.mock.Fault;
import dev.pairlock.mock.InitialState;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random schedules, each a function of its seed alone: cold or running chassis, reset wiring (both,
 * or one direction as in the seed), start skew from exactly simultaneous to seconds, software
 * restarts at any moment, up to six faults of every kind the chassis knows, operator switchovers and
 * sync losses; then every fault is healed and the pair gets a settle tail to prove liveness.
 */
public final class ScheduleGenerator {
    private static final long MS = 1_000_000L;

    private ScheduleGenerator() {
    }

    public static Schedule generate(long seed, long fdtNanos) {
        SplittableRandom r = new SplittableRandom(seed);
        ChassisConfig.Builder b = ChassisConfig.defaults().toBuilder()
                .seed(r.nextLong())
                .initialState(r.nextBoolean() ? InitialState.COLD : InitialState.RUNNING_SC0_LEADS);
        switch (r.nextInt(4)) {
            case 2 -> b.resetWired(ScId.SC1, false);
            case 3 -> b.resetWired(ScId.SC0, false);
            default -> { }
        }
        ChassisConfig cc = b.build();
        List<Action> actions = new ArrayList<>();
        ScId first = r.nextBoolean() ? ScId.SC0 : ScId.SC1;
        long skew = switch (r.nextInt(3)) {
            case 0 -> 0;
            case 1 -> r.nextLong(50 * MS);
            default -> r.nextLong(5_000 * MS);
        };
        actions.add(new Action.StartSoftware(0, first));
        actions.add(new Action.StartSoftware(skew, first.peer()));
        long window = 10 * fdtNanos + 3_000 * MS;
        int faults = r.nextInt(7);
        for (int i = 0; i < faults; i++) {
            Fault f = Fault.random(r, cc);
            actions.add(new Action.InjectFault(r.nextLong(window), f));
        }
        if (r.nextInt(4) == 0) {
            actions.add(new Action.StartSoftware(r.nextLong(window), ScId.of(r.nextInt(2))));
        }
        if (r.nextInt(4) == 0) {
            actions.add(new Action.OperatorCommand(r.nextLong(window), ScId.of(r.nextInt(2)), Op.FAILOVER_FORCE));
        }
        if (r.nextInt(5) == 0) {
            long from = r.nextLong(window);
            actions.add(new Action.Sync(from, false));
            actions.add(new Action.Sync(from + r.nextLong(window - from + 1), true));
        }
        long settle = 20 * fdtNanos + 6_000 * MS;
        return new Schedule("random", seed, cc, fdtNanos, actions, window, window + settle);
    }
}

package dev.pairlock.simulation;

import dev.pairlock.failover.Event.Operator.Op;
import dev.pairlock.hal.ScId;
import dev.pairlock.mock.ChassisConfig;
import dev.pairlock.mock.DurationRange;
import dev.pairlock.mock.Fault;
import dev.pairlock.mock.InitialState;
import dev.pairlock.mock.LinkDirection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random schedules, each a function of its seed alone: cold or running chassis, reset wiring (both,
 * or one direction as in the seed), a fast or a slow peer link (fixed or random latency up to 3 FDT,
 * for the whole run), start skew from exactly simultaneous to seconds, then within the fault window:
 * up to six faults of every kind the chassis knows (stalls scaled to the FDT, around the lease and
 * 1-5 FDT; one-way or two-way latency changes up to 3 FDT), and, each with its own probability,
 * restarts of either or both SCs (sometimes in bursts), the peer link hung while the heartbeat
 * stays up and the reverse, partitions flapping at the probe interval, setfailover on/off on either
 * SC, forced switchovers (some with a board hot-plugged during them), sync losses; the SMS
 * disable-after-failover rule on or off; how long data sync takes to speak for a new role. Then
 * every fault is healed (the whole-run link latency stays: the pair must settle at any latency the
 * link delivers at all) and a settle tail proves liveness.
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
        long slowest = 1 * MS;
        if (r.nextInt(8) == 0) {
            DurationRange slow = latency(r, fdtNanos);
            b.peerLinkLatency(slow);
            slowest = slow.maxNanos();
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
            Fault f = switch (Fault.random(r, cc)) {
                case Fault.Stall s -> new Fault.Stall(s.sc(), Duration.ofNanos(stallNanos(r, fdtNanos)));
                case Fault.LinkLatency l -> new Fault.LinkLatency(l.from(), latency(r, fdtNanos));
                case Fault other -> other;
            };
            actions.add(new Action.InjectFault(r.nextLong(window), f));
        }
        restarts(r, window, fdtNanos, actions);
        long probe = fdtNanos / 5;
        if (r.nextInt(8) == 0) {
            // the peer link hangs both ways while the heartbeat stays up
            long at = r.nextLong(window);
            actions.add(new Action.InjectFault(at, new Fault.Partition(LinkDirection.BOTH)));
            actions.add(new Action.InjectFault(at + r.nextLong(fdtNanos, 5 * fdtNanos), new Fault.HealPartition(LinkDirection.BOTH)));
        }
        if (r.nextInt(8) == 0) {
            // the reverse: both heartbeat lines cut while the peer link works
            long at = r.nextLong(window);
            long until = at + r.nextLong(fdtNanos, 5 * fdtNanos);
            for (ScId sc : ScId.values()) {
                actions.add(new Action.InjectFault(at, new Fault.CutHeartbeat(sc)));
                actions.add(new Action.InjectFault(until, new Fault.RestoreHeartbeat(sc)));
            }
        }
        if (r.nextInt(8) == 0) {
            // a partition flapping at about the probe interval
            LinkDirection dir = LinkDirection.values()[r.nextInt(3)];
            long at = r.nextLong(window);
            int cycles = 3 + r.nextInt(8);
            for (int i = 0; i < cycles; i++) {
                long period = probe / 2 + r.nextLong(probe + 1);
                actions.add(new Action.InjectFault(at, new Fault.Partition(dir)));
                actions.add(new Action.InjectFault(at + period / 2, new Fault.HealPartition(dir)));
                at += period;
            }
        }
        if (r.nextInt(4) == 0) {
            long at = r.nextLong(window);
            actions.add(new Action.OperatorCommand(at, ScId.of(r.nextInt(2)), Op.FAILOVER_FORCE));
            if (r.nextBoolean()) {
                // a board hot-plugged while the boards move to the new MAIN
                int slot = r.nextInt(cc.slots());
                long plug = at + r.nextLong(fdtNanos);
                actions.add(new Action.InjectFault(plug, new Fault.RemoveBoard(slot)));
                if (r.nextBoolean()) {
                    actions.add(new Action.InjectFault(plug + r.nextLong(fdtNanos), new Fault.InsertBoard(slot)));
                }
            }
        }
        if (r.nextInt(3) == 0) {
            // setfailover off/on, on either SC, at any time
            int ops = 1 + r.nextInt(3);
            for (int i = 0; i < ops; i++) {
                actions.add(new Action.OperatorCommand(r.nextLong(window), ScId.of(r.nextInt(2)),
                        r.nextBoolean() ? Op.FAILOVER_OFF : Op.FAILOVER_ON));
            }
        }
        if (r.nextInt(5) == 0) {
            long from = r.nextLong(window);
            actions.add(new Action.Sync(from, false));
            actions.add(new Action.Sync(from + r.nextLong(window - from + 1), true));
        }
        boolean disableAfterFailover = r.nextBoolean();
        long settle = 20 * fdtNanos + 6_000 * MS + 8 * slowest;
        // drawn last, so that every other part of a seed's schedule is what it was before this was
        return new Schedule("random", seed, cc, fdtNanos, actions, window, window + settle, disableAfterFailover,
                syncPublishNanos(r, fdtNanos));
    }

    /**
     * How long data sync takes to speak for a role it was handed: mostly its idle thread's hop
     * (50 µs-5 ms); in 1 of 4, a thread busy with a pass, a disk or a loaded CPU (5 ms-2 FDT).
     */
    private static long syncPublishNanos(SplittableRandom r, long fdtNanos) {
        return r.nextInt(4) == 0 ? r.nextLong(5 * MS, 2 * fdtNanos + 1) : r.nextLong(50_000L, 5 * MS + 1);
    }

    /** Software restarts: none mostly; else one to four, on either SC, sometimes both within an FDT. */
    private static void restarts(SplittableRandom r, long window, long fdtNanos, List<Action> actions) {
        if (r.nextInt(3) != 0) {
            return;
        }
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            long at = r.nextLong(window);
            if (r.nextInt(3) == 0) {
                actions.add(new Action.StartSoftware(at, ScId.SC0));
                actions.add(new Action.StartSoftware(at + r.nextLong(fdtNanos), ScId.SC1));
            } else {
                actions.add(new Action.StartSoftware(at, ScId.of(r.nextInt(2))));
            }
        }
    }

    /** A stall around the lease (FDT/2: 0.3-0.7 FDT) or of 1-5 FDT. */
    private static long stallNanos(SplittableRandom r, long fdtNanos) {
        return r.nextInt(5) < 2 ? r.nextLong(3 * fdtNanos / 10, 7 * fdtNanos / 10 + 1)
                : r.nextLong(fdtNanos, 5 * fdtNanos + 1);
    }

    /** A one-way latency up to 3 FDT: fixed, or a uniform draw per frame from a range. */
    private static DurationRange latency(SplittableRandom r, long fdtNanos) {
        long max = r.nextLong(MS, 3 * fdtNanos + 1);
        long min = r.nextBoolean() ? max : r.nextLong(max + 1);
        return new DurationRange(Duration.ofNanos(min), Duration.ofNanos(max));
    }
}

package dev.pairlock.simulation;

import dev.pairlock.failover.Event.Operator.Op;
import dev.pairlock.hal.ScId;
import dev.pairlock.mock.ChassisConfig;
import dev.pairlock.mock.Fault;
import dev.pairlock.mock.InitialState;
import dev.pairlock.mock.LinkDirection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** The named scenarios, each a {@link Schedule} made from (seed, FDT). */
public final class Scenarios {
    public static final String SEED = "seed";

    /** A named scenario with a one-line description. */
    public record Scenario(String name, String description, BiFunction<Long, Long, Schedule> make) {
        public Schedule schedule(long seed, long fdtNanos) {
            return make.apply(seed, fdtNanos);
        }
    }

    private static final long S = 1_000_000_000L;
    private static final Map<String, Scenario> ALL = new LinkedHashMap<>();

    static {
        add(SEED, "the seed's dstop: SMS restarted on both SCs at once, SC0's buses 0-12 hung, later SC0 loses power"
                        + " (SC1, reaching every board, is MAIN long before)",
                (b, fdt) -> {
                    for (int bus = 0; bus <= 12; bus++) {
                        b.fault(0, new Fault.HangBus(ScId.SC0, bus));
                    }
                    b.start(ScId.SC0, 0).start(ScId.SC1, 0).fault(8 * S, new Fault.PowerOff(ScId.SC0));
                }, true);
        add("ordered-start", "cold chassis; SC0 starts, SC1 starts 5 s later (Sun's operating procedure)",
                (b, fdt) -> b.start(ScId.SC0, 0).start(ScId.SC1, 5 * S), false);
        add("simultaneous-start", "cold chassis; both SCs start at the same instant: SC0 must win without a reset",
                (b, fdt) -> b.start(ScId.SC0, 0).start(ScId.SC1, 0), false);
        add("main-power-loss", "SC0 is MAIN with every board on its clock and loses power",
                (b, fdt) -> b.start(ScId.SC0, 0).start(ScId.SC1, 0).fault(5 * S, new Fault.PowerOff(ScId.SC0)), true);
        add("main-gc-pause", "the MAIN's software freezes for 3 x FDT (hardware keeps running): lease and fence",
                (b, fdt) -> b.start(ScId.SC0, 0).start(ScId.SC1, 0)
                        .fault(5 * S, new Fault.Stall(ScId.SC0, Duration.ofNanos(3 * fdt))), true);
        add("link-partition", "the peer link is cut both ways, heartbeat intact: no takeover, the broken signal is reported",
                (b, fdt) -> b.start(ScId.SC0, 0).start(ScId.SC1, 0).fault(5 * S, new Fault.Partition(LinkDirection.BOTH)), true);
        add("heartbeat-cut", "both heartbeat lines cut, peer link intact: no takeover",
                (b, fdt) -> b.start(ScId.SC0, 0).start(ScId.SC1, 0)
                        .fault(5 * S, new Fault.CutHeartbeat(ScId.SC0)).fault(5 * S, new Fault.CutHeartbeat(ScId.SC1)), true);
        add("local-nic-fault", "the SPARE's NIC goes down and its heartbeat input dies: a local fault, no takeover",
                (b, fdt) -> b.start(ScId.SC0, 0).start(ScId.SC1, 0)
                        .fault(5 * S, new Fault.NicDown(ScId.SC1)).fault(5 * S, new Fault.CutHeartbeat(ScId.SC0)), true);
        add("planned-switchover", "setfailover force on the MAIN with data in sync: SC1 takes over, no dstop, never two leaders",
                (b, fdt) -> b.start(ScId.SC0, 0).start(ScId.SC1, 0).operator(5 * S, ScId.SC0, Op.FAILOVER_FORCE), true);
        add("switchover-refused-sync", "setfailover force while priority-1 data is not in sync: refused, SC0 stays MAIN",
                (b, fdt) -> b.start(ScId.SC0, 0).start(ScId.SC1, 0).sync(4 * S, false)
                        .operator(5 * S, ScId.SC0, Op.FAILOVER_FORCE), true);
        add("main-loses-buses", "SC0 is MAIN; at 5 s its buses 0-12 hang: SC1 reaches clearly more boards and "
                        + "takes over by the planned path (no both-leader moment)",
                (b, fdt) -> {
                    b.start(ScId.SC0, 0).start(ScId.SC1, 0);
                    for (int bus = 0; bus <= 12; bus++) {
                        b.fault(5 * S, new Fault.HangBus(ScId.SC0, bus));
                    }
                }, true);
        add("seed-wiring-main-loss", "the seed's wiring (reset line SC0 -> SC1 only): SC0 is MAIN and loses power; "
                        + "SC1 cannot fence it and proves it absent by its clock",
                (b, fdt) -> b.start(ScId.SC0, 0).start(ScId.SC1, 0).fault(5 * S, new Fault.PowerOff(ScId.SC0)), true,
                cc -> cc.toBuilder().resetWired(ScId.SC1, false).build());
        add("failover-off-pair-wide", "setfailover off on the MAIN (SC0) at 3 s, then SC0 loses power: the SPARE learned "
                        + "the setting and does not take over; SC0 comes back at 15 s and the pair re-forms",
                (b, fdt) -> b.start(ScId.SC0, 0).start(ScId.SC1, 0).operator(3 * S, ScId.SC0, Op.FAILOVER_OFF)
                        .fault(5 * S, new Fault.PowerOff(ScId.SC0)), true);
        add("hot-insert-during-failover", "slot 5 is empty, SC0 (MAIN) loses power, a board is inserted in slot 5 mid-failover",
                (b, fdt) -> b.start(ScId.SC0, 0).start(ScId.SC1, 0).fault(2 * S, new Fault.RemoveBoard(5))
                        .fault(5 * S, new Fault.PowerOff(ScId.SC0)).fault(5 * S + fdt / 2, new Fault.InsertBoard(5)), true);
    }

    private Scenarios() {
    }

    private interface Body {
        void build(Builder b, long fdt);
    }

    private static void add(String name, String description, Body body, boolean running) {
        add(name, description, body, running, cc -> cc);
    }

    private static void add(String name, String description, Body body, boolean running,
                            java.util.function.UnaryOperator<ChassisConfig> chassis) {
        ALL.put(name, new Scenario(name, description, (seed, fdt) -> {
            ChassisConfig cc = chassis.apply(ChassisConfig.defaults().withSeed(seed)
                    .withInitialState(running ? InitialState.RUNNING_SC0_LEADS : InitialState.COLD));
            Builder b = new Builder();
            body.build(b, fdt);
            long faultsEnd = 15 * S;
            return new Schedule(name, seed, cc, fdt, b.actions, faultsEnd, faultsEnd + 15 * S);
        }));
    }

    public static Map<String, Scenario> all() {
        return ALL;
    }

    public static Scenario get(String name) {
        return ALL.get(name);
    }

    /** Collects actions in a readable order. */
    static final class Builder {
        final List<Action> actions = new ArrayList<>();

        Builder start(ScId sc, long at) {
            actions.add(new Action.StartSoftware(at, sc));
            return this;
        }

        Builder fault(long at, Fault f) {
            actions.add(new Action.InjectFault(at, f));
            return this;
        }

        Builder operator(long at, ScId sc, Op op) {
            actions.add(new Action.OperatorCommand(at, sc, op));
            return this;
        }

        Builder sync(long at, boolean inSync) {
            actions.add(new Action.Sync(at, inSync));
            return this;
        }
    }
}

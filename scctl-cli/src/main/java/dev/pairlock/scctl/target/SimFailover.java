package dev.pairlock.scctl.target;

import dev.pairlock.failover.ControllerRuntime;
import dev.pairlock.failover.CoreConfig;
import dev.pairlock.failover.Event;
import dev.pairlock.failover.FailoverStatus;
import dev.pairlock.failover.HealthEvent;
import dev.pairlock.failover.MeteredLanes;
import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import dev.pairlock.mock.Chassis;
import dev.pairlock.platform.SimBackend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The failover runtimes of both SCs, in-process on the chassis' virtual time: what the daemon
 * would be on real hardware. Started and settled on first use; operations run time forward until
 * the protocol has acted on them.
 */
final class SimFailover implements FailoverControl {
    /** Several failure detection times: enough for a simultaneous start to settle on one MAIN. */
    private static final long SETTLE_NANOS = 5 * CoreConfig.DEFAULT_FDT_NANOS;

    private final Chassis chassis;
    private final ControllerRuntime[] runtimes = new ControllerRuntime[2];
    private final List<List<FailoverEvent>> events = List.of(new ArrayList<>(), new ArrayList<>());
    private final long[] epochs = new long[2];

    SimFailover(SimBackend backend) {
        this.chassis = backend.chassis();
        int slots = chassis.config().slots();
        for (ScId sc : ScId.values()) {
            CoreConfig cfg = CoreConfig.defaults(sc, slots)
                    .withWiring(chassis.config().resetWired(sc), chassis.config().resetWired(sc.peer()));
            runtimes[sc.index()] = new ControllerRuntime(backend.controller(sc), cfg, chassis.time(),
                    new MeteredLanes(chassis.time(), () -> chassis.drainBusyNanos(sc), slots), new ControllerRuntime.Listener() {
                        @Override
                        public void onHealth(ScId who, HealthEvent e) {
                            epochs[who.index()] = e.epoch();
                            record(who, e.timeNanos(), e.kind().name().toLowerCase(Locale.ROOT), e.detail().describe(),
                                    e.kind().meaning());
                        }

                        @Override
                        public void onHalt(ScId who, long now) {
                            record(who, now, "halt", "", "failfast halt: the software restarts");
                        }
                    });
        }
        for (ControllerRuntime r : runtimes) {
            r.start();
        }
        // the sync engine is not simulated here: priority-1 data is taken as in sync, so force can act
        for (ControllerRuntime r : runtimes) {
            r.deliver(new Event.SyncStatus(true));
        }
        chassis.time().runFor(SETTLE_NANOS);
    }

    private void record(ScId sc, long now, String kind, String detail, String message) {
        List<FailoverEvent> mine = events.get(sc.index());
        mine.add(new FailoverEvent(mine.size() + 1, now, sc, kind, epochs[sc.index()], detail, message));
    }

    @Override
    public Map<String, Object> show(ScId sc) {
        FailoverStatus st = runtimes[sc.index()].status();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sc", sc.name().toLowerCase(Locale.ROOT));
        m.put("role", st.role().name().toLowerCase(Locale.ROOT));
        m.put("epoch", st.epoch());
        m.put("peer_role", st.peerRole().name().toLowerCase(Locale.ROOT));
        m.put("peer_epoch", st.peerEpoch());
        m.put("heartbeat_failed", st.heartbeatFailed());
        m.put("link_failed", st.linkFailed());
        m.put("carrier", st.carrier());
        m.put("priority1_in_sync", st.priority1InSync());
        m.put("failover_enabled", st.failoverEnabled());
        m.put("boards_on_our_clock", st.boardsOnOurClock());
        m.put("virtual_time_s", chassis.time().now() / 1e9);
        return m;
    }

    @Override
    public List<FailoverEvent> recentEvents(ScId sc, int max) {
        List<FailoverEvent> all = events.get(sc.index());
        return List.copyOf(all.subList(Math.max(0, all.size() - max), all.size()));
    }

    @Override
    public void setAutomatic(ScId sc, boolean enabled) {
        runtimes[sc.index()].deliver(new Event.Operator(enabled ? Event.Operator.Op.FAILOVER_ON : Event.Operator.Op.FAILOVER_OFF));
        chassis.time().runFor(CoreConfig.DEFAULT_FDT_NANOS);
    }

    @Override
    public void force(ScId sc) {
        runtimes[sc.index()].deliver(new Event.Operator(Event.Operator.Op.FAILOVER_FORCE));
        chassis.time().runFor(SETTLE_NANOS);
    }
}

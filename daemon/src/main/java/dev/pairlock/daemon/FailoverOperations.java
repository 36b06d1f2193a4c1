package dev.pairlock.daemon;

import dev.pairlock.control.ArgSpec;
import dev.pairlock.control.ControlException;
import dev.pairlock.control.EventRecord;
import dev.pairlock.control.EventSource;
import dev.pairlock.control.Access;
import dev.pairlock.control.HandlerRegistry;
import dev.pairlock.failover.ControllerRuntime;
import dev.pairlock.failover.Event;
import dev.pairlock.failover.FailoverSetting;
import dev.pairlock.failover.FailoverStatus;
import dev.pairlock.hal.ScId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code failover.show} and {@code failover.set}: the seeds' {@code showfailover} and
 * {@code setfailover on|off|force} over the control socket.
 *
 * <p>{@code on}/{@code off} act on the pair: the operator event goes to the runtime, whose core
 * gives the setting a new generation, persists it (the daemon's {@link FileStateStore}) and carries
 * it in every peer frame; the reply waits (at most 2 FDT) until the peer's frames echo that
 * generation, and says "acknowledged by SCx" or "SCx did not acknowledge; it will learn on
 * reconnect". {@code force} starts a planned switchover and waits (at most 3 FDT) for the peer to
 * be MAIN, or reports the refusal and its reason.
 */
final class FailoverOperations {
    private final ScId self;
    private final ControlLoop loop;
    private final LinkReport links;
    private final EventSource events;
    private final int ticksPerFdt;
    private final java.util.function.Supplier<Map<String, Object>> datasync;

    FailoverOperations(ScId self, ControlLoop loop, LinkReport links, EventSource events, int ticksPerFdt,
                       java.util.function.Supplier<Map<String, Object>> datasync) {
        this.datasync = datasync;
        this.self = self;
        this.loop = loop;
        this.links = links;
        this.events = events;
        this.ticksPerFdt = ticksPerFdt;
    }

    void register(HandlerRegistry r) {
        r.register("failover.show", Access.READ, "showfailover: role, epoch, peer, the mechanism's state, links, sync, setting, last events",
                ArgSpec.none(), (args, s) -> show());
        // on/off change the pair's behaviour for good (persisted, pair-wide), force moves MAIN: an administrator's
        r.register("failover.set", Access.ADMIN, "setfailover on|off (pair-wide, persistent) or force (planned switchover)",
                ArgSpec.none().required("mode", new ArgSpec.OneOf(List.of("on", "off", "force"))),
                (args, s) -> set(args.choice("mode", "")));
    }

    Map<String, Object> show() {
        FailoverStatus st = loop.call(ControllerRuntime::status);
        long faults = loop.call(ControllerRuntime::faults);
        if (st == null) {
            throw new ControlException("unavailable", "the failover runtime has not started yet");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sc", name(self));
        m.put("state", st.mechanism().name());
        if (st.failure() != null) {
            m.put("failure", Map.of("code", st.failure().name().toLowerCase(Locale.ROOT), "text", st.failure().describe()));
        }
        m.put("role", st.role().name());
        m.put("epoch", st.epoch());
        m.put("peer", name(self.peer()));
        m.put("peer_role", st.peerRole().name());
        m.put("peer_epoch", st.peerEpoch());
        FailoverSetting set = st.setting();
        Map<String, Object> setting = new LinkedHashMap<>();
        setting.put("failover", set.enabled() ? "on" : "off");
        setting.put("generation", set.generation());
        setting.put("reason", set.reason().name().toLowerCase(Locale.ROOT));
        setting.put("peer_generation", st.peerConfirmedGeneration());
        setting.put("acknowledged_by_peer", st.settingConfirmed());
        m.put("setting", setting);
        m.put("heartbeat", st.heartbeatFailed() ? "FAILED" : "GOOD");
        m.put("peer_link", st.linkFailed() ? "FAILED" : "GOOD");
        m.put("carrier", st.carrier());
        m.put("links", links.links());
        m.put("traffic_link", links.trafficLink().orElse(null));
        m.put("priority1_sync", st.priority1InSync() ? "in sync" : "NOT in sync");
        m.put("datasync", datasync.get());
        m.put("boards_on_our_clock", st.boardsOnOurClock());
        m.put("runtime_faults", faults);
        m.put("frames", links.counters());
        List<Map<String, Object>> last = new ArrayList<>();
        for (EventRecord e : events.last(8)) {
            last.add(e.toJson());
        }
        m.put("last_events", last);
        return m;
    }

    private Map<String, Object> set(String mode) {
        return switch (mode) {
            case "on", "off" -> setting(mode.equals("on"));
            case "force" -> force();
            default -> throw new ControlException("bad_args", "mode must be on, off or force");
        };
    }

    private Map<String, Object> setting(boolean on) {
        long before = loop.call(rt -> rt.status() == null ? -1L : rt.status().setting().generation());
        loop.post(new Event.Operator(on ? Event.Operator.Op.FAILOVER_ON : Event.Operator.Op.FAILOVER_OFF));
        ControlLoop.Polled<FailoverStatus> p = loop.poll(ControllerRuntime::status,
                st -> st != null && st.setting().enabled() == on && st.settingConfirmed(), 2 * ticksPerFdt);
        FailoverStatus st = p.value();
        if (st == null) {
            throw new ControlException("unavailable", "the failover runtime is restarting; try again");
        }
        if (st.setting().generation() <= before) {
            // the event went to an incarnation that ended (failfast, a fault) before it acted
            throw new ControlException("failed", "not applied: " + self + "'s failover runtime restarted meanwhile (now "
                    + st.role() + ", setting " + st.setting().describe() + "); run the command again");
        }
        if (st.setting().enabled() != on) {
            throw new ControlException("failed", "the setting is " + st.setting().describe()
                    + ": a newer setting from " + name(self.peer()) + " won (run failover show)");
        }
        String peer = self.peer().name();
        String word = on ? "on" : "off";
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("failover", word);
        m.put("generation", st.setting().generation());
        m.put("acknowledged", p.held());
        m.put("message", p.held()
                ? "failover " + word + " for the pair (generation " + st.setting().generation() + "): acknowledged by " + peer
                : "failover " + word + " on " + self + " (generation " + st.setting().generation() + ", persisted); " + peer
                        + " did not acknowledge; it will learn on reconnect");
        return m;
    }

    private Map<String, Object> force() {
        PlannedSwitchover.Outcome o = PlannedSwitchover.ask(loop, PlannedSwitchover.Until.HANDED_OVER, 3 * ticksPerFdt);
        if (o.refusal() != null) {
            throw new ControlException("failed", "switchover refused: " + o.refusal().detail().describe());
        }
        FailoverStatus st = o.status();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("switched", o.reached());
        m.put("role", st == null ? "UNKNOWN" : st.role().name());
        m.put("message", o.reached() ? "switchover done: " + self.peer() + " is MAIN (epoch " + st.epoch() + "), " + self + " is SPARE"
                : o.started() ? "switchover started; " + self.peer() + " is not MAIN yet (run failover show)"
                : "no answer from " + self + "'s failover core within 3 FDT (it is " + (st == null ? "restarting" : st.role())
                        + "); run failover show");
        return m;
    }

    static String name(ScId sc) {
        return sc.name().toLowerCase(Locale.ROOT);
    }
}

package dev.pairlock.events;

import dev.pairlock.failover.ControllerRuntime;
import dev.pairlock.failover.FailoverSetting;
import dev.pairlock.failover.HealthEvent;
import dev.pairlock.failover.Role;
import dev.pairlock.failover.Signal;
import dev.pairlock.hal.ScId;
import java.util.EnumSet;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The failover runtime's listener that turns what the protocol reports into SEL drafts, adding what
 * an operator needs and the core does not say in one event: the peer is lost when both signals have
 * failed and repaired when one answers again; a local fault clears when a signal is repaired; the
 * MAIN role arriving at an SC that was SPARE is a failover (dead-main when the core took over a dead
 * MAIN, planned otherwise). Role changes come from {@code onRoleChange} (the core's own ROLE_CHANGE
 * health event says the same and is not recorded twice).
 *
 * <p>Called on the protocol's thread: it only builds drafts and hands them to {@code sink} (the
 * {@link EventReporter}, which never blocks).
 */
public final class RuntimeEvents implements ControllerRuntime.Listener {
    private final Consumer<EventDraft> sink;
    private final EnumSet<Signal> failed = EnumSet.noneOf(Signal.class);
    private boolean peerLost;
    private boolean localFault;
    private boolean wasSpare;
    private Role role = Role.UNKNOWN;
    private String pendingCause;
    private long lastEpoch;

    public RuntimeEvents(Consumer<EventDraft> sink) {
        this.sink = sink;
    }

    @Override
    public void onRoleChange(ScId sc, Role newRole, long epoch, long nowNanos) {
        if (newRole == role) {
            return;
        }
        Role previous = role;
        role = newRole;
        lastEpoch = epoch;
        EventDraft d = EventDraft.of(EventKind.ROLE_CHANGED, newRole, epoch).with("role", newRole).with("previous", previous);
        if (pendingCause != null) {
            d = d.with("cause", pendingCause);
        }
        sink.accept(d);
        if (newRole == Role.MAIN && wasSpare && !"dead-main".equals(pendingCause)) {
            // the MAIN role came over from the peer by its handover (a dead MAIN's takeover is recorded as it happens)
            sink.accept(EventDraft.of(EventKind.FAILOVER, newRole, epoch).with("cause", "planned").with("previous", previous));
        }
        switch (newRole) {
            case SPARE -> wasSpare = true;
            case MAIN -> wasSpare = false;
            default -> {
            }
        }
        if (newRole != Role.BECOMING_MAIN) {
            pendingCause = null; // it explained this change; BECOMING_MAIN is a step on the way to MAIN
        }
    }

    @Override
    public void onHealth(ScId sc, HealthEvent e) {
        long ep = e.epoch();
        lastEpoch = ep;
        switch (e.kind()) {
            case ROLE_CHANGE -> {
                // recorded from onRoleChange
            }
            case DEAD_MAIN_TAKEOVER -> {
                boolean inSync = e.detail() instanceof HealthEvent.Detail.Priority1 p && p.inSync();
                pendingCause = "dead-main";
                emit(EventKind.FAILOVER, ep, "cause", "dead-main", "in_sync", inSync ? "yes" : "no");
            }
            case TAKEOVER_WHILE_NOT_IN_SYNC -> emit(EventKind.TAKEOVER_NOT_IN_SYNC, ep);
            case PEER_FENCED -> emit(EventKind.PEER_FENCED, ep);
            case PEER_RELEASED -> emit(EventKind.PEER_RELEASED, ep);
            case LOCAL_FAULT -> {
                localFault = true;
                pendingCause = "local-fault";
                emit(EventKind.LOCAL_FAULT, ep);
            }
            case SIGNAL_FAILED -> {
                Signal s = e.detail() instanceof Signal sig ? sig : null;
                emit(EventKind.SIGNAL_FAILED, ep, "signal", signal(s));
                if (s != null) {
                    failed.add(s);
                }
                if (!peerLost && failed.size() == Signal.values().length) {
                    peerLost = true;
                    emit(EventKind.PEER_LOST, ep, "signals", "heartbeat, peer-link");
                }
            }
            case SIGNAL_REPAIRED -> {
                Signal s = e.detail() instanceof Signal sig ? sig : null;
                emit(EventKind.SIGNAL_REPAIRED, ep, "signal", signal(s));
                if (s != null) {
                    failed.remove(s);
                }
                if (peerLost) {
                    peerLost = false;
                    emit(EventKind.PEER_REPAIRED, ep, "signal", signal(s));
                }
                if (localFault) {
                    localFault = false;
                    emit(EventKind.LOCAL_FAULT_CLEARED, ep, "signal", signal(s));
                }
            }
            case FAILOVER_DISABLED_PEER_DEAD -> emit(EventKind.FAILOVER_BLOCKED, ep);
            case SWITCHOVER_STARTED -> {
                pendingCause = "planned";
                emit(EventKind.SWITCHOVER_STARTED, ep, "cause", "planned");
            }
            case SWITCHOVER_REFUSED -> emit(EventKind.SWITCHOVER_REFUSED, ep, "reason", e.detail().describe());
            case LEASE_LAPSED -> {
                pendingCause = "lease-lapsed";
                emit(EventKind.FAILFAST, ep, "cause", "lease-lapsed");
            }
            case BOARD_ERROR -> emit(EventKind.BOARD_UNREACHABLE, ep, "slot",
                    e.detail() instanceof HealthEvent.Detail.Slot sl ? String.valueOf(sl.slot()) : "?");
            case BOARD_REPAIRED -> emit(EventKind.BOARD_REPAIRED, ep, "slot",
                    e.detail() instanceof HealthEvent.Detail.Slot sl ? String.valueOf(sl.slot()) : "?");
            case SYNC_CHANGED -> {
                // not recorded: the SEL is itself a priority-1 sync item, so a record of each in-sync
                // flip made the next flip (in sync -> record -> not in sync -> record ...), an endless
                // churn that kept the S5 gate shut (seen in the kernel-VM campaign). Failures and their
                // clearing are recorded once each (SYNC_FAILED / SYNC_CLEARED); the flips stay in the
                // daemon's log and its health ring.
            }
            case FAILOVER_MODE -> {
                if (e.detail() instanceof FailoverSetting fs) {
                    emit(EventKind.FAILOVER_MODE_CHANGED, ep, "mode", fs.enabled() ? "on" : "off", "reason",
                            fs.reason().name().toLowerCase(Locale.ROOT).replace('_', '-'), "generation",
                            String.valueOf(fs.generation()));
                } else {
                    emit(EventKind.FAILOVER_MODE_CHANGED, ep, "detail", e.detail().describe());
                }
            }
            case BAD_FRAME -> emit(EventKind.BAD_FRAME, ep, "detail", e.detail().describe());
        }
    }

    @Override
    public void onHalt(ScId sc, long nowNanos) {
        onRoleChange(sc, Role.HALTED, lastEpoch, nowNanos);
    }

    @Override
    public void onFault(ScId sc, String context, Throwable error, long restartInNanos, long nowNanos) {
        pendingCause = "runtime-fault";
        sink.accept(EventDraft.of(EventKind.RUNTIME_FAULT, role, 0).with("context", context).with("error", String.valueOf(error))
                .with("restart_in_ms", restartInNanos / 1_000_000));
    }

    private static String signal(Signal s) {
        return s == null ? "?" : s == Signal.HEARTBEAT ? "heartbeat" : "peer-link";
    }

    private void emit(EventKind kind, long epoch, String... kv) {
        EventDraft d = EventDraft.of(kind, role, epoch);
        for (int i = 0; i + 1 < kv.length; i += 2) {
            d = d.with(kv[i], kv[i + 1]);
        }
        sink.accept(d);
    }
}

package dev.pairlock.daemon;

import dev.pairlock.failover.ControllerRuntime;
import dev.pairlock.failover.HealthEvent;
import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the runtime reports, as one log line per event with the role, the epoch and the cause, and
 * as an entry of the health-event ring ({@code scctl events}):
 * <pre>
 * SC0 role=MAIN epoch=3 event=ROLE_CHANGE MAIN cause=DEAD_MAIN_TAKEOVER
 * SC1 role=SPARE epoch=3 event=SIGNAL_FAILED heartbeat cause=a signal to the peer failed
 * </pre>
 * A role change's cause is the event that came just before it on this SC (the takeover, the
 * switchover, the lapsed lease, the claim of the peer).
 */
final class DaemonLog implements ControllerRuntime.Listener {
    private static final Logger LOG = LoggerFactory.getLogger("pairlockd");

    private final HealthEventRing ring;
    private volatile Role role = Role.UNKNOWN;
    private volatile long epoch;
    private volatile String lastCause = "start";

    DaemonLog(HealthEventRing ring) {
        this.ring = ring;
    }

    Role role() {
        return role;
    }

    @Override
    public void onRoleChange(ScId sc, Role newRole, long newEpoch, long nowNanos) {
        role = newRole;
        epoch = newEpoch;
    }

    @Override
    public void onHealth(ScId sc, HealthEvent e) {
        epoch = e.epoch();
        String severity = severity(e.kind());
        String cause = e.kind() == HealthEvent.Kind.ROLE_CHANGE ? lastCause : e.kind().meaning();
        Role shown = e.detail() instanceof HealthEvent.Detail.NewRole r ? r.role() : role;
        String line = sc + " role=" + shown + " epoch=" + e.epoch() + " event=" + e.describe() + " cause=" + cause;
        switch (severity) {
            case "error" -> LOG.error(line);
            case "warning" -> LOG.warn(line);
            default -> LOG.info(line);
        }
        if (e.kind() != HealthEvent.Kind.ROLE_CHANGE) {
            lastCause = e.describe();
        }
        ring.add(name(sc), severity, e.kind().name().toLowerCase(Locale.ROOT), e.epoch(),
                e.describe() + (e.kind() == HealthEvent.Kind.ROLE_CHANGE ? " (after " + cause + ")" : ": " + e.kind().meaning()));
    }

    @Override
    public void onHalt(ScId sc, long nowNanos) {
        LOG.error("{} role=HALTED epoch={} event=HALT cause={}: failfast, FOLLOWER written, restarting", sc, epoch, lastCause);
        ring.add(name(sc), "error", "halt", epoch, "failfast halt after " + lastCause + "; the software restarts");
        lastCause = "HALT";
    }

    @Override
    public void onFault(ScId sc, String context, Throwable error, long restartInNanos, long nowNanos) {
        // the runtime logged the fault with its stack trace; the ring gets one line
        ring.add(name(sc), "error", "fault", epoch, "unexpected " + error + " in " + context
                + ": authority given up, restart in " + restartInNanos / 1_000_000 + " ms");
        lastCause = "FAULT " + error.getClass().getSimpleName();
    }

    /** A line of the daemon's own (start, stop, watchdog) in the log and the ring. */
    void daemon(ScId sc, String severity, String kind, String message) {
        String line = sc + " role=" + role + " epoch=" + epoch + " event=" + kind.toUpperCase(Locale.ROOT) + " cause=" + message;
        switch (severity) {
            case "error" -> LOG.error(line);
            case "warning" -> LOG.warn(line);
            default -> LOG.info(line);
        }
        ring.add(name(sc), severity, kind, epoch, message);
    }

    private static String name(ScId sc) {
        return sc.name().toLowerCase(Locale.ROOT);
    }

    static String severity(HealthEvent.Kind k) {
        return switch (k) {
            case LEASE_LAPSED, LOCAL_FAULT, TAKEOVER_WHILE_NOT_IN_SYNC, FAILOVER_DISABLED_PEER_DEAD -> "error";
            case DEAD_MAIN_TAKEOVER, PEER_FENCED, SIGNAL_FAILED, SWITCHOVER_REFUSED, BOARD_ERROR, BAD_FRAME -> "warning";
            default -> "info";
        };
    }
}

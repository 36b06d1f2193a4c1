package dev.pairlock.events;

import dev.pairlock.events.PairlockMib.Notification;
import dev.pairlock.failover.Role;
import java.util.Optional;

/**
 * Which SEL records become traps, and how. Plain events (a role change, a failover, a service start)
 * are sent as they happen; a failure condition's start and end are sent through the
 * {@link ConditionTracker}, which reports each once and summarises flapping.
 */
public final class TrapCatalog {
    private TrapCatalog() {
    }

    /**
     * @param notification the NOTIFICATION-TYPE to send
     * @param condition    the failure condition the record starts or ends ({@code peer}, {@code sync},
     *                     {@code local-fault}, {@code board:N}, {@code service:NAME}), or null for a
     *                     plain event
     * @param active       for a condition: whether it now holds
     */
    public record Decision(Notification notification, String condition, boolean active) {
        public boolean isCondition() {
            return condition != null;
        }
    }

    /** What {@code r} sends, if anything. */
    public static Optional<Decision> classify(SelRecord r) {
        Decision d = switch (r.kind()) {
            case ROLE_CHANGED -> r.role() == Role.MAIN ? plain(Notification.BECAME_MAIN)
                    : r.role() == Role.SPARE ? plain(Notification.BECAME_SPARE) : null;
            case FAILOVER -> plain(Notification.FAILOVER);
            case LOCAL_FAULT -> condition(Notification.LOCAL_FAULT, "local-fault", true);
            case LOCAL_FAULT_CLEARED -> condition(Notification.LOCAL_FAULT_CLEARED, "local-fault", false);
            case PEER_LOST -> condition(Notification.PEER_LOST, "peer", true);
            case PEER_REPAIRED -> condition(Notification.PEER_REPAIRED, "peer", false);
            case SYNC_FAILED -> condition(Notification.SYNC_FAILED, "sync", true);
            case SYNC_CLEARED -> condition(Notification.SYNC_CLEARED, "sync", false);
            case BOARD_UNREACHABLE -> condition(Notification.BOARD_UNREACHABLE, "board:" + r.field("slot"), true);
            case BOARD_REPAIRED -> condition(Notification.BOARD_REPAIRED, "board:" + r.field("slot"), false);
            case SERVICE_STARTED -> plain(Notification.SERVICE_STARTED);
            case SERVICE_EXITED, SERVICE_HEALTH_FAILED -> plain(Notification.SERVICE_FAILED);
            case SERVICE_RESTARTED -> plain(Notification.SERVICE_RESTARTED);
            case SERVICE_EXHAUSTED -> condition(Notification.SERVICE_EXHAUSTED, "service:" + r.field("service"), true);
            case SERVICE_EXHAUSTED_CLEARED -> condition(Notification.SERVICE_EXHAUSTED_CLEARED,
                    "service:" + r.field("service"), false);
            case FAILFAST -> plain(Notification.FAILFAST);
            case CONDITION_FLAPPING -> plain(Notification.CONDITION_FLAPPING);
            default -> null;
        };
        return Optional.ofNullable(d);
    }

    private static Decision plain(Notification n) {
        return new Decision(n, null, false);
    }

    private static Decision condition(Notification n, String key, boolean active) {
        return new Decision(n, key, active);
    }

    /** pairlockEventSubject: what the record is about, or "" when it is about the SC itself. */
    public static String subject(SelRecord r) {
        Optional<Decision> d = classify(r);
        if (d.isPresent() && d.get().isCondition()) {
            return d.get().condition();
        }
        return switch (r.kind()) {
            case CONDITION_FLAPPING -> r.field("condition");
            case SERVICE_STARTED, SERVICE_EXITED, SERVICE_HEALTH_FAILED, SERVICE_RESTARTED, SERVICE_STOPPED ->
                    "service:" + r.field("service");
            case SIGNAL_FAILED, SIGNAL_REPAIRED -> r.field("signal");
            default -> "";
        };
    }
}

package dev.pairlock.failover;

/** One entry of the health log (the SEL): what happened, when, in which epoch, and a kind-specific value. */
public record HealthEvent(long timeNanos, Kind kind, long epoch, long value) {
    public enum Kind {
        ROLE_CHANGE("role changed (value = new role ordinal)"),
        DEAD_MAIN_TAKEOVER("the MAIN was dead on both signals and was replaced (value 1 = priority-1 in sync)"),
        TAKEOVER_WHILE_NOT_IN_SYNC("a dead MAIN was replaced while priority-1 data was not in sync"),
        PEER_FENCED("the peer was held in reset (fence)"),
        PEER_RELEASED("the peer's reset was released so it reboots as SPARE"),
        LOCAL_FAULT("every signal failed on our own side: no takeover"),
        SIGNAL_FAILED("a signal to the peer failed (value 0 = heartbeat, 1 = peer link)"),
        SIGNAL_REPAIRED("a signal to the peer was repaired (value 0 = heartbeat, 1 = peer link)"),
        FAILOVER_DISABLED_PEER_DEAD("the MAIN is dead but failover is off: not taking over"),
        SWITCHOVER_STARTED("planned switchover started"),
        SWITCHOVER_REFUSED("planned switchover refused (value 1 = not in sync, 2 = peer not a healthy SPARE, 3 = not MAIN)"),
        LEASE_LAPSED("MAIN lease lapsed: self-fenced (failfast)"),
        BOARD_ERROR("a board slot did not answer (value = slot)"),
        SYNC_CHANGED("priority-1 sync status changed (value 1 = in sync)"),
        FAILOVER_MODE("failover mode changed (value 1 = on)"),
        BAD_FRAME("a peer frame could not be decoded");

        private final String meaning;

        Kind(String meaning) {
            this.meaning = meaning;
        }

        public String meaning() {
            return meaning;
        }
    }
}

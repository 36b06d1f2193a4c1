package dev.pairlock.scctl.target;

import dev.pairlock.hal.ScId;
import java.util.List;
import java.util.Map;

/** The failover daemon's operator interface: the seed's showfailover and setfailover. */
public interface FailoverControl {
    /** showfailover as ordered fields: role, peer state, sync state, automatic failover, last events. */
    Map<String, Object> show(ScId sc);

    /** The last {@code max} health events of {@code sc}, oldest first. */
    List<FailoverEvent> recentEvents(ScId sc, int max);

    /** setfailover on|off: enables or disables automatic failover on {@code sc}. */
    void setAutomatic(ScId sc, boolean enabled);

    /** setfailover force: a planned switchover of MAIN authority to the peer. */
    void force(ScId sc);
}

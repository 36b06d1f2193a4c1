package dev.pairlock.failover;

import dev.pairlock.hal.ScId;
import java.util.List;

/** {@code showfailover}: a snapshot of one SC's view. */
public record FailoverStatus(ScId self, Role role, long epoch, Role peerRole, long peerEpoch,
                             boolean heartbeatFailed, boolean linkFailed, boolean carrier,
                             boolean priority1InSync, boolean failoverEnabled, int boardsOnOurClock,
                             List<HealthEvent> lastEvents) {
}

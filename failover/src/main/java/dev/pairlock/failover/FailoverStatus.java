package dev.pairlock.failover;

import dev.pairlock.hal.ScId;
import java.util.List;

/**
 * {@code showfailover}: a snapshot of one SC's view.
 *
 * @param heartbeatFailed         the heartbeat signal is FAILED (5 missed probes; repaired after 10 good)
 * @param linkFailed              the peer-link signal is FAILED (likewise; either physical link counts)
 * @param carrier                 our own NIC's carrier
 * @param setting                 the pair-wide failover setting as this SC holds it
 * @param peerConfirmedGeneration the setting generation in the peer's latest frame (-1: none heard
 *                                since boot); the peer holds our setting once this reaches
 *                                {@code setting.generation()} ({@link #settingConfirmed()})
 * @param mechanism               ACTIVATING, ACTIVE, DISABLED or FAILED, as SMS's showfailover
 * @param failure                 why FAILED; null otherwise
 * @param boardsOnOurClock        boards this SC (as MAIN) has on its clock
 * @param lastEvents              the last health events, oldest first
 */
public record FailoverStatus(ScId self, Role role, long epoch, Role peerRole, long peerEpoch,
                             boolean heartbeatFailed, boolean linkFailed, boolean carrier,
                             boolean priority1InSync, FailoverSetting setting, long peerConfirmedGeneration,
                             FailoverState mechanism, FailoverFailure failure, int boardsOnOurClock,
                             List<HealthEvent> lastEvents) {
    public boolean failoverEnabled() {
        return setting.enabled();
    }

    /** The same status with another role (the runtime's word while its software is stopped). */
    public FailoverStatus withRole(Role r) {
        return new FailoverStatus(self, r, epoch, peerRole, peerEpoch, heartbeatFailed, linkFailed, carrier, priority1InSync,
                setting, peerConfirmedGeneration, mechanism, failure, boardsOnOurClock, lastEvents);
    }

    /** The peer's frames echo our setting's generation (or a later one): it has the setting, persisted. */
    public boolean settingConfirmed() {
        return peerConfirmedGeneration >= setting.generation();
    }
}

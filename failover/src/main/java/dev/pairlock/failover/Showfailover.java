package dev.pairlock.failover;

import java.util.List;

/**
 * SMS's {@code showfailover} for one SC, read from its core: the mechanism's state (DISABLED,
 * FAILED and why, ACTIVATING, ACTIVE) beside the SC's and the peer's roles, the signals and sync.
 * Only reads; {@link ControllerCore#status} is its one caller.
 */
final class Showfailover {
    private Showfailover() {
    }

    static FailoverStatus of(ControllerCore core, long peerGeneration, List<HealthEvent> lastEvents) {
        FailoverFailure failure = failure(core);
        FailoverState mechanism = !core.setting.enabled() ? FailoverState.DISABLED
                : failure != null ? FailoverState.FAILED
                : activating(core) ? FailoverState.ACTIVATING : FailoverState.ACTIVE;
        FailureDetector detector = core.detector;
        return new FailoverStatus(core.self, core.role, core.epoch, core.peer.role, core.peer.epoch,
                detector.heartbeatFailed(), detector.linkFailed(), detector.carrier(), core.sync.inSync(), core.setting,
                peerGeneration, mechanism, mechanism == FailoverState.FAILED ? failure : null,
                core.main.boards.onOurClock(), lastEvents);
    }

    /** A condition that makes a failover impossible now, or null. */
    private static FailoverFailure failure(ControllerCore core) {
        FailureDetector detector = core.detector;
        if (core.role == Role.HALTED) {
            return FailoverFailure.HALTED;
        } else if (detector.localFault()) {
            return FailoverFailure.LOCAL_FAULT;
        } else if (core.fence.held) {
            return FailoverFailure.PEER_HELD_IN_RESET;
        } else if (detector.heartbeatFailed() && detector.linkFailed()) {
            return FailoverFailure.PEER_ABSENT;
        } else if (detector.linkFailed()) {
            return FailoverFailure.PEER_LINK_DOWN;
        } else if (detector.heartbeatFailed()) {
            return FailoverFailure.HEARTBEAT_LOST;
        }
        return null;
    }

    /** Checks still running: a signal not yet established, no MAIN/SPARE pair in one epoch, or not in sync. */
    private static boolean activating(ControllerCore core) {
        Role role = core.role;
        Role peerRole = core.peer.role;
        boolean pair = (role == Role.MAIN && peerRole == Role.SPARE || role == Role.SPARE && peerRole == Role.MAIN)
                && core.peer.epoch == core.epoch;
        return !core.sync.inSync() || !core.detector.bothEstablished() || !pair;
    }
}

package dev.pairlock.control;

/** No pairlockd answers on the control socket: not running, or the socket is elsewhere. */
public final class DaemonUnavailableException extends ControlException {
    public DaemonUnavailableException(String message) {
        super("unavailable", message);
    }
}

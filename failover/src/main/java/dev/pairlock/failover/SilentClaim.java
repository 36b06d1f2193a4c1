package dev.pairlock.failover;

/**
 * The claim path of an SC that cannot fence its peer (no reset line from us): it stops beating and
 * pinging, so that a MAIN which cannot see it declares it failed (6 probe intervals) and lets its
 * own lease lapse, and claims only if it heard nothing at all meanwhile ("proven absent").
 */
final class SilentClaim {
    /** We are silent: no beats, no pings, no claims. */
    private boolean active;
    /** While active: when the peer counts as proven absent if we heard nothing. */
    private long until;
    /** While active: we heard the peer (a frame or a heartbeat edge); the claim is off. */
    private boolean evidence;

    void begin(long until) {
        active = true;
        evidence = false;
        this.until = until;
    }

    void end() {
        active = false;
    }

    /** Any sign of the peer; counts only while silent. */
    void heard() {
        if (active) {
            evidence = true;
        }
    }

    boolean active() {
        return active;
    }

    boolean evidence() {
        return evidence;
    }

    long until() {
        return until;
    }
}

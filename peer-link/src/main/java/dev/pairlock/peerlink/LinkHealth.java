package dev.pairlock.peerlink;

/**
 * GOOD/FAILED of one link, judged per probe interval as IPMP judges probes: an interval is good
 * when an authenticated frame of the peer arrived on this link AND the peer's latest probe says it
 * hears us on it (so a link that works in one direction only is FAILED at both ends). FAILED after
 * {@link #FAIL_AFTER} bad intervals in a row, GOOD after {@link #REPAIR_AFTER} good ones. A link
 * starts FAILED: nothing is known of it until the peer has been heard.
 */
final class LinkHealth {
    static final int FAIL_AFTER = 5;
    static final int REPAIR_AFTER = 3;

    private boolean good;
    private int badRun = FAIL_AFTER;
    private int goodRun;
    private int silentRun = FAIL_AFTER;
    private boolean heardThisInterval;
    private boolean peerHearsUs;

    /** An authenticated frame of the peer arrived on this link. */
    void heard() {
        heardThisInterval = true;
    }

    /** What the peer's latest probe says of this link. */
    void peerHearsUs(boolean hears) {
        peerHearsUs = hears;
    }

    /** Ends one probe interval; returns whether GOOD/FAILED changed. */
    boolean endInterval() {
        boolean ok = heardThisInterval && peerHearsUs;
        silentRun = heardThisInterval ? 0 : Math.min(silentRun + 1, FAIL_AFTER);
        heardThisInterval = false;
        if (ok) {
            goodRun++;
            badRun = 0;
        } else {
            badRun++;
            goodRun = 0;
        }
        boolean before = good;
        if (good && badRun >= FAIL_AFTER) {
            good = false;
        } else if (!good && goodRun >= REPAIR_AFTER) {
            good = true;
        }
        return good != before;
    }

    boolean good() {
        return good;
    }

    /** Whether we hear the peer on this link (what our probes report to it). */
    boolean hearing() {
        return silentRun < FAIL_AFTER;
    }

    boolean peerHearsUs() {
        return peerHearsUs;
    }
}

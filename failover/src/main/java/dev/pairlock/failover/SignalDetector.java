package dev.pairlock.failover;

/**
 * IPMP probe-based failure detection for one signal: FAILED after {@value #FAIL_AFTER} consecutive
 * missed probes, repaired after {@value #REPAIR_AFTER} consecutive good ones. The hysteresis keeps a
 * flapping signal from flapping the role.
 */
public final class SignalDetector {
    public static final int FAIL_AFTER = 5;
    public static final int REPAIR_AFTER = 10;

    private int misses;
    private int goods;
    private boolean failed;
    private boolean everGood;
    private boolean established;

    /** Records one probe; returns +1 when the signal just failed, -1 when just repaired, else 0. */
    public int record(boolean good) {
        if (good) {
            goods++;
            misses = 0;
            everGood = true;
            if (goods >= FAIL_AFTER) {
                established = true;
            }
            if (failed && goods >= REPAIR_AFTER) {
                failed = false;
                return -1;
            }
        } else {
            misses++;
            goods = 0;
            if (!failed && misses >= FAIL_AFTER) {
                failed = true;
                return everGood ? 1 : 0;
            }
        }
        return 0;
    }

    /** Failed and not yet repaired. */
    public boolean failed() {
        return failed;
    }

    /**
     * The signal has been good for {@value #FAIL_AFTER} probes in a row since the last reset and is
     * not failed now: its check has run (showfailover's ACTIVATING ends when both are established).
     */
    public boolean established() {
        return established && !failed;
    }

    /** At least {@value #FAIL_AFTER} misses in a row right now (no hysteresis). */
    public boolean silent() {
        return misses >= FAIL_AFTER;
    }

    /** The last probe was good. */
    public boolean alive() {
        return goods > 0;
    }

    public int misses() {
        return misses;
    }

    public int goods() {
        return goods;
    }

    /** Misses seen while we could not observe (our own fault) say nothing about the peer. */
    public void forgetMisses() {
        misses = 0;
    }

    public void reset() {
        misses = 0;
        goods = 0;
        failed = false;
        everGood = false;
        established = false;
    }
}

package dev.pairlock.failover;

/**
 * The fence: our reset line into the peer. Only a claimant or a MAIN asserts it (S4: a peer held in
 * reset cannot act), and a MAIN releases it after a while so that the peer reboots as SPARE.
 */
final class Fence {
    /** Our assert completed and no release has completed since: the peer cannot run. */
    boolean held;
    /** An assert or release we asked for has not completed yet; no second one is asked meanwhile. */
    boolean pending;
    /** While {@link #held}: when the MAIN releases the peer. */
    long releaseAt;
    /**
     * After a release: until then a MAIN renews its lease without evidence of the peer (it is still
     * booting and has nothing to say yet). {@code Long.MIN_VALUE} before any release.
     */
    long graceUntil = Long.MIN_VALUE;
}

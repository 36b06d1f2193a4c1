package dev.pairlock.failover;

/** Why the failover mechanism is {@link FailoverState#FAILED}: a condition that makes a failover impossible. */
public enum FailoverFailure {
    /** This SC halted (failfast) and reboots. */
    HALTED("this SC halted (failfast) and will reboot"),
    /** Our own NIC has no carrier and the heartbeat input is lost: the fault is on this SC's side. */
    LOCAL_FAULT("local fault: this SC's NIC has no carrier and the heartbeat input is lost"),
    /** We hold the peer in reset. */
    PEER_HELD_IN_RESET("the peer is held in reset"),
    /** Both signals to the peer failed: there is no peer to fail over to or from. */
    PEER_ABSENT("the peer is absent: heartbeat and peer link both failed"),
    /** The peer link failed (the heartbeat still arrives). */
    PEER_LINK_DOWN("the peer link is down"),
    /** The peer's heartbeat is lost (the peer link still works). */
    HEARTBEAT_LOST("the peer's heartbeat is lost");

    private final String words;

    FailoverFailure(String words) {
        this.words = words;
    }

    /** The failure string, as showfailover prints it. */
    public String describe() {
        return words;
    }
}

package dev.pairlock.failover;

/** Why a planned switchover ({@code setfailover force}) was refused, in the order they are checked. */
public enum SwitchoverRefusal implements HealthEvent.Detail {
    /** Only the MAIN hands over. */
    NOT_MAIN("this SC is not MAIN"),
    /** Priority-1 data is not in sync with the SPARE (S5). */
    NOT_IN_SYNC("priority-1 data not in sync"),
    /** The peer is not a SPARE of our epoch: nobody would accept the handover. */
    PEER_NOT_SPARE("the peer is not a SPARE in our epoch"),
    /** We hold the peer in reset: it is rebooting, not ready to be MAIN. */
    PEER_HELD_IN_RESET("the peer is held in reset"),
    /** A signal to the peer is failed or the link is quiet now: the handover might not arrive. */
    PEER_SIGNAL_FAILED("a signal to the peer is failed"),
    /** A board read or SPLL switch of ours is still outstanding: finish moving the boards first. */
    BOARDS_NOT_SETTLED("our boards are not settled yet");

    private final String words;

    SwitchoverRefusal(String words) {
        this.words = words;
    }

    @Override
    public String describe() {
        return words;
    }
}

package dev.pairlock.failover;

/** How a claimant became MAIN; decides how it may come to lead. */
enum MainPath {
    /** The peer acked SPARE in our epoch, or we hold it in reset. */
    CONFIRMED,
    /** Nothing heard while silent long enough: LEADER only once our follower clock reads unlocked. */
    PROVEN_ABSENT,
    /** The old MAIN handed over: move every board while still locked to it, then ask it to follow. */
    HANDOVER
}

package dev.pairlock.failover;

/** Why we claim; decides how the claim proceeds and what it means once it succeeds. */
enum ClaimReason {
    /** Nobody is MAIN (discovery, or a handover nobody took): ask the peer first. */
    ELECTION,
    /** The MAIN is dead on both signals: fence or go silent at once; a failover, once MAIN. */
    TAKEOVER,
    /** We are SPARE and so is the peer, which is now dead: fence or go silent at once. */
    PEER_GONE
}

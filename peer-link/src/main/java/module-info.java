/** The authenticated peer link between the two SCs: UDP frames under HMAC-SHA256, two links. */
module dev.pairlock.peerlink {
    requires transitive dev.pairlock.hal;
    requires transitive dev.pairlock.config;
    requires org.slf4j;
    exports dev.pairlock.peerlink;
}

/**
 * Data sync from the MAIN to the SPARE (DOMAIN.md section 5, Intel CMM seed): the {@code sync.*}
 * section of the platform file, an authenticated encrypted TCP stream, and the Datasync Status sensor.
 */
module dev.pairlock.datasync {
    requires transitive dev.pairlock.hal;
    requires transitive dev.pairlock.config;
    requires org.slf4j;
    requires jdk.management; // HotSpotDiagnosticMXBean: is the crypto warm-up worth it (CryptoWarmup)
    exports dev.pairlock.datasync;
}

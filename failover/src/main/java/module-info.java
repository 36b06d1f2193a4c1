/** The pairlock failover protocol: a pure step-function core and the runtime that drives it over hal-api. */
module dev.pairlock.failover {
    requires transitive dev.pairlock.hal;
    requires org.slf4j;
    exports dev.pairlock.failover;
}

/** The system event log (SEL), SNMP traps with their MIB, and notify scripts. */
module dev.pairlock.events {
    requires transitive dev.pairlock.config;
    requires transitive dev.pairlock.failover;
    requires transitive dev.pairlock.control;
    requires org.slf4j;
    requires org.snmp4j;
    exports dev.pairlock.events;
}

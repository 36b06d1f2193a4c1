/** Deterministic simulation of the failover protocol: scenarios, random sweeps, the S1-S5 checker, timelines. */
module dev.pairlock.simulation {
    requires transitive dev.pairlock.failover;
    requires transitive dev.pairlock.mock;
    requires dev.pairlock.platform;
    requires info.picocli;
    exports dev.pairlock.simulation;
    exports dev.pairlock.simulation.cli;
    opens dev.pairlock.simulation.cli to info.picocli;
}

/** The simulated chassis: both SCs' hardware views on one virtual time, clock physics, faults and a trace. */
module dev.pairlock.mock {
    requires transitive dev.pairlock.hal;
    requires transitive dev.pairlock.spll;
    exports dev.pairlock.mock;
}

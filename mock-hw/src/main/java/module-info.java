/** The simulated chassis: both SCs' raw hardware parts on one virtual time, clock physics, faults and a trace. */
module dev.pairlock.mock {
    requires transitive dev.pairlock.hal;
    requires transitive dev.pairlock.spll;
    requires transitive dev.pairlock.clockregs;
    exports dev.pairlock.mock;
}

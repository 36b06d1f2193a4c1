/**
 * The platform file (one SC's hardware and daemon settings) and the one place that assembles a
 * controller's hardware view: from Linux devices ({@code LinuxBackend}) and from the simulated
 * chassis ({@code SimBackend}) alike, with the same board, SPLL and Gchip code.
 */
module dev.pairlock.platform {
    requires transitive dev.pairlock.hal;
    requires transitive dev.pairlock.config;
    requires transitive dev.pairlock.spll;
    requires transitive dev.pairlock.clockregs;
    requires transitive dev.pairlock.mock;
    requires dev.pairlock.i2c;
    requires dev.pairlock.gpio;
    exports dev.pairlock.platform;
}

/** GPIO character device v2 through FFM, and the SBBC heartbeat over GPIO lines. */
module dev.pairlock.gpio {
    requires transitive dev.pairlock.hal;
    requires dev.pairlock.libc;

    exports dev.pairlock.gpio;
    exports dev.pairlock.gpio.heartbeat;
}

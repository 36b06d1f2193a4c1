/** The typed hardware abstraction every pairlock backend implements. Only API packages are exported. */
module dev.pairlock.hal {
    requires org.slf4j;
    exports dev.pairlock.hal;
    exports dev.pairlock.hal.i2c;
    exports dev.pairlock.hal.gpio;
    exports dev.pairlock.hal.heartbeat;
    exports dev.pairlock.hal.reg;
    exports dev.pairlock.hal.clock;
    exports dev.pairlock.hal.board;
    exports dev.pairlock.hal.peer;
    exports dev.pairlock.hal.time;
}

/**
 * A Pi4J 2.x plugin on pairlock's drivers: I2C, digital input (kernel edge events) and digital
 * output providers over i2c-dev and GPIO uAPI v2 through FFM, with no native library, so Pi4J runs
 * on any 64-bit Linux, x86-64 included. Found by Pi4J's plugin ServiceLoader.
 */
module dev.pairlock.adapters.pi4j {
    requires transitive com.pi4j;
    requires dev.pairlock.hal;
    requires dev.pairlock.config;
    requires dev.pairlock.i2c;
    requires dev.pairlock.gpio;

    exports dev.pairlock.adapters.pi4j;

    provides com.pi4j.extension.Plugin with dev.pairlock.adapters.pi4j.PairlockPlugin;
}

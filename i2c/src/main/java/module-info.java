/** The hal's I2C buses over Linux i2c-dev. */
module dev.pairlock.i2c {
    requires transitive dev.pairlock.hal;
    requires dev.pairlock.libc;
    exports dev.pairlock.i2c;
}

/** The board register map over any I2C bus: the same code drives simulated and real buses. */
module dev.pairlock.spll {
    requires transitive dev.pairlock.hal;
    exports dev.pairlock.spll;
}

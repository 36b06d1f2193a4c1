/** scctl, the bring-up CLI. Nothing is exported: its interface is the command line. */
module dev.pairlock.scctl {
    requires dev.pairlock.hal;
    requires dev.pairlock.config;
    requires dev.pairlock.platform;
    requires dev.pairlock.spll;
    requires dev.pairlock.mock;
    requires dev.pairlock.failover;
    requires dev.pairlock.simulation;
    requires dev.pairlock.i2c;
    requires dev.pairlock.clockregs;
    requires dev.pairlock.gpio;
    requires dev.pairlock.control;
    requires info.picocli;
    opens dev.pairlock.scctl to info.picocli;
    opens dev.pairlock.scctl.cli to info.picocli;
}

/**
 * scctl, the bring-up CLI. Its interface is the command line; the root package is exported only to
 * the packaging build, which writes the man pages from the command tree.
 */
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
    requires dev.pairlock.events;
    requires info.picocli;
    exports dev.pairlock.scctl to dev.pairlock.packaging;
    opens dev.pairlock.scctl to info.picocli;
    opens dev.pairlock.scctl.cli to info.picocli;
}

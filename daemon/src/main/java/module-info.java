/** pairlockd: the controller firmware daemon. Nothing is exported: its interfaces are the command line and the control socket. */
module dev.pairlock.daemon {
    requires dev.pairlock.hal;
    requires dev.pairlock.config;
    requires dev.pairlock.libc;
    requires dev.pairlock.failover;
    requires dev.pairlock.peerlink;
    requires dev.pairlock.control;
    requires dev.pairlock.platform;
    requires dev.pairlock.mock;
    requires info.picocli;
    requires org.slf4j;
    opens dev.pairlock.daemon to info.picocli;
}

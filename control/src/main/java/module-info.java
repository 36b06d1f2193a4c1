/**
 * The control socket of pairlockd: a JSON-lines request/response protocol over a Unix domain
 * socket, a registry other modules add operations to (each declaring whether it needs an
 * administrator), the event-source interface the SEL implements, and the client scctl talks
 * through. JDK only (plus SLF4J); {@code jdk.net} for the peer's credentials (SO_PEERCRED).
 */
module dev.pairlock.control {
    requires org.slf4j;
    requires jdk.net;
    exports dev.pairlock.control;
}

/**
 * The control socket of pairlockd: a JSON-lines request/response protocol over a Unix domain
 * socket, a registry other modules add operations to, the event-source interface the SEL
 * implements, and the client scctl talks through. JDK only (plus SLF4J).
 */
module dev.pairlock.control {
    requires org.slf4j;
    exports dev.pairlock.control;
}

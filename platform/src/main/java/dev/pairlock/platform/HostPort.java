package dev.pairlock.platform;

import java.net.InetSocketAddress;

/**
 * A UDP endpoint as the platform file writes it: {@code host:port}, an IPv6 literal in brackets
 * ({@code [fd00::1]:7301}). The host is kept as written and resolved only when the link is opened,
 * so a name that DNS does not know yet at boot is not a parse error.
 */
public record HostPort(String host, int port) {
    /** The socket address, resolving a host name now (unresolved if DNS does not know it). */
    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}

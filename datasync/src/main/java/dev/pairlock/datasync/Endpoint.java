package dev.pairlock.datasync;

import dev.pairlock.config.ValueException;
import dev.pairlock.config.Values;
import java.net.InetSocketAddress;

/** A host and a TCP port: the other SC's sync address on one link, or one of ours to listen on. */
public record Endpoint(String host, int port) {
    public Endpoint {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("an endpoint needs a host");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not 0..65535");
        }
    }

    /**
     * {@code HOST}, {@code HOST:PORT}, {@code [V6]:PORT} or a bare IPv6 address; a missing port is
     * {@code defaultPort}. Hosts are names or addresses; they are resolved when used, not here.
     */
    public static Endpoint parse(String text, int defaultPort) {
        String t = text.strip();
        String host;
        String port = null;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw new ValueException(Values.quote(text) + " opens '[' for an IPv6 address but never closes it");
            }
            host = t.substring(1, close);
            String rest = t.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new ValueException(Values.quote(text) + " is not HOST[:PORT] (after ']' only ':PORT' may follow)");
                }
                port = rest.substring(1);
            }
        } else if (t.indexOf(':') >= 0 && t.indexOf(':') == t.lastIndexOf(':')) {
            host = t.substring(0, t.indexOf(':'));
            port = t.substring(t.indexOf(':') + 1);
        } else {
            host = t; // a name, an IPv4 address or a bare IPv6 address
        }
        if (host.isEmpty() || !host.matches("[A-Za-z0-9.:%_-]+")) {
            throw new ValueException(Values.quote(text) + " is not HOST[:PORT] (a host name or an IP address;"
                    + " write an IPv6 address with a port as [fd00::2]:7780)");
        }
        int p = port == null ? defaultPort : Values.integer(port, 1, 65535);
        return new Endpoint(host, p);
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}

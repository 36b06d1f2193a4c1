package dev.pairlock.platform;

import java.util.Optional;

/**
 * One UDP link to the peer SC ({@code peer.primary.*} or {@code peer.fallback.*}, as the CMM's eth1
 * then eth0).
 *
 * @param name             "primary" or "fallback"
 * @param local            this SC's address and port to bind ({@code peer.NAME.local})
 * @param remote           the peer's address and port ({@code peer.NAME.remote})
 * @param networkInterface the interface whose carrier tells whether our end of this link is up
 *                         ({@code peer.NAME.interface}); empty: carrier is not monitored
 */
public record PeerLinkConfig(String name, HostPort local, HostPort remote, Optional<String> networkInterface) {
}

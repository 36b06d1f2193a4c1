package dev.pairlock.daemon;

import dev.pairlock.peerlink.UdpPeerLink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The physical peer links as {@code failover show} reports them. */
interface LinkReport {
    /** Each link: name, state GOOD/FAILED, carrier, addresses, frame counts. */
    List<Map<String, Object>> links();

    /** The link carrying protocol traffic, or empty when none is GOOD (traffic goes out on all). */
    Optional<String> trafficLink();

    /** Frames dropped and sent, by reason. */
    Map<String, Long> counters();

    static LinkReport of(UdpPeerLink link) {
        return new LinkReport() {
            @Override
            public List<Map<String, Object>> links() {
                List<Map<String, Object>> out = new ArrayList<>();
                for (UdpPeerLink.LinkStatus s : link.links()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", s.name());
                    m.put("state", s.good() ? "GOOD" : "FAILED");
                    m.put("carrier", s.carrier());
                    m.put("operstate", s.operstate());
                    m.put("local", String.valueOf(s.local()));
                    m.put("remote", String.valueOf(s.remote()));
                    m.put("hearing_peer", s.hearing());
                    m.put("peer_hears_us", s.peerHearsUs());
                    m.put("frames_in", s.framesIn());
                    m.put("frames_out", s.framesOut());
                    out.add(m);
                }
                return out;
            }

            @Override
            public Optional<String> trafficLink() {
                return link.trafficLink();
            }

            @Override
            public Map<String, Long> counters() {
                return link.counters();
            }
        };
    }

    /** For a peer link that is not ours to report on (the simulated chassis'). */
    static LinkReport none() {
        return new LinkReport() {
            @Override
            public List<Map<String, Object>> links() {
                return List.of();
            }

            @Override
            public Optional<String> trafficLink() {
                return Optional.empty();
            }

            @Override
            public Map<String, Long> counters() {
                return Map.of();
            }
        };
    }
}

package dev.pairlock.scctl.cli;

import java.util.List;
import java.util.Map;

/** pairlockd's {@code failover.show} answer as text, in the manner of SMS's showfailover. */
final class DaemonFailoverView {
    private DaemonFailoverView() {
    }

    static String render(Map<String, Object> st) {
        StringBuilder b = new StringBuilder();
        String sc = String.valueOf(st.get("sc")).toUpperCase();
        b.append(sc).append(" failover state: ").append(st.get("state"));
        if (st.get("failure") instanceof Map<?, ?> f) {
            b.append(" - ").append(f.get("text")).append(" [").append(f.get("code")).append(']');
        }
        b.append('\n');
        row(b, "role", st.get("role") + " (epoch " + st.get("epoch") + ")");
        row(b, "peer", String.valueOf(st.get("peer")).toUpperCase() + " " + st.get("peer_role") + " (epoch " + st.get("peer_epoch") + ")");
        if (st.get("setting") instanceof Map<?, ?> s) {
            row(b, "setfailover", s.get("failover") + " (" + String.valueOf(s.get("reason")).replace('_', ' ') + ", generation "
                    + s.get("generation") + ")" + (Boolean.TRUE.equals(s.get("acknowledged_by_peer"))
                            ? ", held by " + String.valueOf(st.get("peer")).toUpperCase()
                            : ", not yet acknowledged by " + String.valueOf(st.get("peer")).toUpperCase()));
        }
        row(b, "heartbeat", String.valueOf(st.get("heartbeat")));
        row(b, "peer link", st.get("peer_link") + ", traffic on " + (st.get("traffic_link") == null ? "every link (none GOOD)"
                : st.get("traffic_link")));
        if (st.get("links") instanceof List<?> links) {
            for (Object o : links) {
                if (o instanceof Map<?, ?> l) {
                    b.append(String.format("  %-12s %-7s carrier %-4s %s -> %s%n", l.get("name"), l.get("state"),
                            Boolean.TRUE.equals(l.get("carrier")) ? "up" : "down", l.get("local"), l.get("remote")));
                }
            }
        }
        row(b, "priority-1", String.valueOf(st.get("priority1_sync")));
        row(b, "boards", st.get("boards_on_our_clock") + " on our clock");
        row(b, "faults", st.get("runtime_faults") + " (unexpected exceptions the runtime survived)");
        b.append("last events:\n");
        if (st.get("last_events") instanceof List<?> events) {
            for (Object o : events) {
                b.append("  ").append(EventsCommand.line(o)).append('\n');
            }
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String name, String value) {
        b.append(String.format("%-14s %s%n", name, value));
    }
}

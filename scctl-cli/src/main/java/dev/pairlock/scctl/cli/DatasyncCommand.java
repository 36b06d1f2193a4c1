package dev.pairlock.scctl.cli;

import dev.pairlock.scctl.Session;
import dev.pairlock.scctl.target.DaemonClient;
import dev.pairlock.scctl.text.UsageException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code scctl datasync status}: the Datasync Status sensors of this SC's pairlockd. */
@Command(name = "datasync", mixinStandardHelpOptions = true,
        description = {"Data sync from the MAIN to the SPARE (the sync.* section of the platform file): per priority",
            "in-sync | syncing | failed (reason) | disabled, the last full sync and what is pending, the sync link",
            "(primary or fallback) and the engine's counters. Priority 1 gates a failover of a live MAIN."},
        subcommands = {DatasyncCommand.Status.class})
public final class DatasyncCommand {
    private DatasyncCommand() {
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "The Datasync Status sensors (needs a running pairlockd, --backend linux).",
            footer = {"", "Examples:", "  scctl --backend linux --config /etc/pairlock/platform.conf datasync status",
                "  scctl --backend linux --config /etc/pairlock/platform.conf --json datasync status"})
    static final class Status extends Leaf {
        @Override
        int run(Session s) {
            if (!s.options().backend().equals("linux")) {
                throw new UsageException("scctl datasync talks to pairlockd: use --backend linux (the simulator has no files to sync)");
            }
            Map<String, Object> r = DaemonClient.call(s.options(), "datasync.status", Map.of());
            s.emit(r, render(r));
            return 0;
        }
    }

    /** The {@code datasync.status} answer (also the {@code datasync} part of {@code failover.show}) as text. */
    static String render(Map<?, ?> st) {
        StringBuilder b = new StringBuilder();
        b.append(String.valueOf(st.get("sc")).toUpperCase()).append(" datasync: ").append(st.get("role")).append(" epoch ")
                .append(st.get("epoch")).append(", link ").append(st.get("link") == null ? "none" : st.get("link"))
                .append(", status from ").append(st.get("source")).append('\n');
        b.append(lines(st, "  "));
        if (st.get("counters") instanceof Map<?, ?> c) {
            b.append("  counters:");
            c.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
            b.append('\n');
        }
        return b.toString();
    }

    /** One line per priority: {@code priority 1  in-sync  last full sync 2026-…  (reason)}. */
    static String lines(Map<?, ?> st, String indent) {
        StringBuilder b = new StringBuilder();
        if (st.get("priorities") instanceof List<?> ps) {
            for (Object o : ps) {
                if (o instanceof Map<?, ?> p) {
                    b.append(indent).append(String.format("priority %s  %-9s last full sync %s", p.get("priority"), p.get("state"),
                            p.get("last_full_sync") == null ? "never" : p.get("last_full_sync")));
                    if (!Long.valueOf(0).equals(p.get("items_pending")) || !Long.valueOf(0).equals(p.get("bytes_pending"))) {
                        b.append(", pending ").append(p.get("items_pending")).append(" item(s) / ").append(p.get("bytes_pending"))
                                .append(" byte(s)");
                    }
                    String reason = String.valueOf(p.get("reason"));
                    if (!reason.isEmpty() && !reason.equals("null")) {
                        b.append("  (").append(reason).append(')');
                    }
                    b.append('\n');
                }
            }
        }
        return b.toString();
    }
}

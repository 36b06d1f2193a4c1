package dev.pairlock.scctl.cli;

import dev.pairlock.hal.heartbeat.HeartbeatListener;
import dev.pairlock.scctl.Session;
import dev.pairlock.scctl.text.FailedResult;
import dev.pairlock.scctl.text.Numbers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scctl heartbeat watch}: the peer's heartbeat as this SC latches it. */
@Command(name = "heartbeat", mixinStandardHelpOptions = true, description = "The SBBC heartbeat between the SCs.",
        subcommands = HeartbeatCommand.Watch.class)
public final class HeartbeatCommand {
    private HeartbeatCommand() {
    }

    @Command(name = "watch", mixinStandardHelpOptions = true,
        header = "Print the peer's heartbeat as this SC sees it.",
            description = {"Print the peer's heartbeat edges as this SC sees them, with timestamps and missed-edge counts,",
                "for --duration (virtual time on the simulator, where both SCs' failover software runs and beats).",
                "Stops quietly (exit 0) at the first beat it cannot print because stdout is closed (| head -1).",
                "No beat in the whole watch is exit status 1, with a line on stderr saying what to check."},
            footer = {"", "Examples:", "  scctl heartbeat watch --duration 2s", "  scctl --sc sc1 --json heartbeat watch"})
    static final class Watch extends Leaf {
        @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "1s", description = "how long to watch, e.g. 500ms, 2s (default 1s)")
        String durationText;

        @Override
        int run(Session s) {
            Duration d = parse("--duration", durationText);
            s.target().failover();
            List<Map<String, Object>> beats = new ArrayList<>();
            long[] missed = {0};
            Object lock = new Object();
            try (AutoCloseable handle = s.hw().heartbeatIn().listen(new HeartbeatListener() {
                /** Text mode shows each beat as it comes: on real hardware the watch takes real time. */
                private void live(String line) {
                    if (!s.json()) {
                        s.live(line); // false once stdout is closed: the watch below then ends
                    }
                }

                @Override
                public void onBeat(long timestampNanos, long sequence) {
                    synchronized (lock) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("timestamp_ns", timestampNanos);
                        m.put("sequence", sequence);
                        beats.add(m);
                        live(String.format("%14.6f  beat %d%n", timestampNanos / 1e9, sequence));
                    }
                }

                @Override
                public void onMissed(long count, long sequence) {
                    synchronized (lock) {
                        missed[0] += count;
                        live(String.format("%14s  MISSED %d edge(s) before beat %d%n", "", count, sequence));
                    }
                }
            })) {
                s.watch(d, waited -> true);
            } catch (Exception e) {
                if (e instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(e);
            }
            if (s.stdoutClosed()) {
                return 0; // heartbeat watch | head -1: the reader went away, end quietly as gpio monitor does
            }
            synchronized (lock) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("sc", s.sc().name().toLowerCase());
                j.put("duration_ms", d.toMillis());
                j.put("beats", beats);
                j.put("missed", missed[0]);
                s.emit(j, String.format("%d beat(s), %d missed, in %d ms as seen by %s", beats.size(), missed[0], d.toMillis(), s.sc()));
            }
            if (beats.isEmpty()) {
                throw new FailedResult("no heartbeat from " + s.sc().peer() + " in " + d.toMillis() + " ms as " + s.sc()
                        + " sees it: is " + s.sc().peer() + " up (powered, out of reset) and its failover software running ('scctl failover"
                        + " show' says)?"
                        + (s.options().backend().equals("linux") ? " Is heartbeat.in of the platform file the line its beats reach?"
                                : " Watch longer with --duration"));
            }
            return 0;
        }
    }

    /** A watch or hold duration, 1ms..24h, through the shared parser ({@code 500ms}, {@code 2s}, {@code 1.5s}). */
    static Duration parse(String what, String text) {
        return Numbers.duration(what, text, Duration.ofMillis(1), Duration.ofHours(24));
    }
}

package dev.pairlock.simulation;

import dev.pairlock.failover.HealthEvent;
import dev.pairlock.failover.Role;
import dev.pairlock.mock.TraceEvent;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The readable text timeline of a run: virtual time, SC, role changes, hardware writes, faults. */
public final class Timeline {
    private Timeline() {
    }

    public static String seconds(long nanos) {
        return String.format("%.6f s", nanos / 1e9);
    }

    /** One line per interesting event; repeated I2C timeouts on a bus are shown once. */
    public static void print(RunResult run, PrintWriter out) {
        record Line(long time, int order, String text) {
        }
        List<Line> lines = new ArrayList<>();
        Set<Long> timeoutShown = new HashSet<>();
        int order = 0;
        for (TraceEvent e : run.trace()) {
            String text = switch (e.kind()) {
                case PROTOCOL -> "role " + Role.ofOrdinal((int) e.a()) + " (epoch " + e.b() + ")";
                case REF_SEL_WRITE -> e.a() == e.b() ? null
                        : "REF_SEL " + (e.a() == 1 ? "LEADER" : "FOLLOWER") + " -> " + (e.b() == 1 ? "LEADER" : "FOLLOWER");
                case SPLL_SELECT -> e.a() == e.b() ? null : "SPLL slot " + e.slot() + ": SC" + e.a() + " -> SC" + e.b();
                case PHASE_LOCK_ACQUIRED -> "phase lock acquired";
                case PHASE_LOCK_LOST -> "phase lock lost";
                case DOMAIN_STOP_VIOLATION -> "!! DOMAIN STOP (violation) slot " + e.slot();
                case DOMAIN_STOP_PHYSICAL -> "domain of slot " + e.slot() + " stopped (its clock is gone)";
                case DOMAIN_RESTART -> null;
                case I2C_TIMEOUT -> timeoutShown.add(((long) e.sc().ordinal() << 32) | e.slot())
                        ? "I2C read timeout bus " + e.slot() + " (further timeouts there not shown)" : null;
                case RESET_ASSERT -> "held in reset" + (e.a() >= 0 ? " by SC" + e.a() : " (fault)");
                case RESET_RELEASE -> "reset released";
                case POWER_OFF -> "POWER OFF";
                case POWER_ON -> "power on";
                case STALL -> String.format("software stalls for %.3f s", e.a() / 1e9);
                case BOARD_INSERT -> "board inserted in slot " + e.slot();
                case BOARD_REMOVE -> "board removed from slot " + e.slot();
                case PROTOCOL_NOTE -> e.a() == PairSimulation.NOTE_SOFTWARE_START ? "software starts" : null;
                default -> e.kind().name().startsWith("FAULT_")
                        ? "fault: " + e.describe().substring(e.describe().indexOf("FAULT_") + 6) : e.describe();
            };
            if (text != null) {
                lines.add(new Line(e.time(), order++, String.format("%12s  %-4s %s", seconds(e.time()),
                        e.sc() == null ? "" : e.sc().toString(), text)));
            }
        }
        for (RunResult.Health h : run.health()) {
            HealthEvent e = h.event();
            if (e.kind() != HealthEvent.Kind.ROLE_CHANGE && e.kind() != HealthEvent.Kind.BOARD_ERROR
                    && e.kind() != HealthEvent.Kind.BOARD_REPAIRED) {
                lines.add(new Line(e.timeNanos(), order++, String.format("%12s  %-4s health: %s (%s)",
                        seconds(e.timeNanos()), h.sc(), e.describe(), e.kind().meaning())));
            }
        }
        lines.sort(Comparator.comparingLong(Line::time).thenComparingInt(Line::order));
        // "bus 0" .. "bus 12" at one instant: one line "bus 0-12"
        java.util.regex.Pattern numbered = java.util.regex.Pattern.compile("(.*(?:slot|bus) )(\\d+)(.*)");
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).text();
            java.util.regex.Matcher a = numbered.matcher(text);
            int last = -1;
            int j = i;
            if (a.matches()) {
                last = Integer.parseInt(a.group(2));
                while (j + 1 < lines.size()) {
                    java.util.regex.Matcher b = numbered.matcher(lines.get(j + 1).text());
                    if (!b.matches() || !b.group(1).equals(a.group(1)) || !b.group(3).equals(a.group(3))
                            || Integer.parseInt(b.group(2)) != last + 1) {
                        break;
                    }
                    last++;
                    j++;
                }
            }
            out.println(j > i ? a.group(1) + a.group(2) + "-" + last + a.group(3) : text);
            i = j;
        }
    }

    /** The verdict lines after a timeline. */
    public static void verdict(RunResult run, PrintWriter out) {
        if (run.ok()) {
            out.println("verdict: S1-S5, EPOCH, FAILOVER_OFF and FAILOVER_OFF_SENT held after every one of " + run.events()
                    + " events; liveness held");
        } else {
            out.println("verdict: " + run.violationCount() + " VIOLATION(S)");
            for (Violation v : run.violations()) {
                out.println("  " + v);
            }
        }
        out.println("failover time: " + (run.failoverNanos() < 0 ? "no failover" : seconds(run.failoverNanos())
                + " (MAIN lost -> every board on the new MAIN's clock; takeover " + seconds(run.takeoverNanos()) + ")"));
        out.println("boards on the MAIN's clock: " + run.boardsOnMain() + " of " + run.boardsPresent()
                + (run.finalMain() == null ? " (no MAIN)" : " (MAIN " + run.finalMain() + ")"));
        out.println("trace hash: " + Long.toHexString(run.traceHash()));
        out.println("replay: " + run.replayCommand());
    }
}

package dev.pairlock.simulation;

import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import dev.pairlock.mock.InitialState;
import dev.pairlock.mock.TraceEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * A picture of a run, hand-written SVG: each SC's role and REF_SEL, phase lock, every board's clock
 * source (SC0 blue, SC1 orange, stopped grey, absent blank), violations as red lines, an axis in
 * virtual seconds. Rows are step functions rebuilt from the trace.
 */
public final class TimelineSvg {
    private static final int LEFT = 150;
    private static final int WIDTH = 1300;
    private static final int ROW = 18;
    private static final String SC0 = "#2b6cb0";
    private static final String SC1 = "#dd6b20";

    private TimelineSvg() {
    }

    /** A row: (time, colour, label) steps. */
    private static final class Row {
        final String name;
        final List<long[]> times = new ArrayList<>();
        final List<String> colours = new ArrayList<>();
        final List<String> labels = new ArrayList<>();

        Row(String name, String colour, String label) {
            this.name = name;
            set(0, colour, label);
        }

        void set(long t, String colour, String label) {
            if (!colours.isEmpty() && colours.getLast().equals(colour) && labels.getLast().equals(label)) {
                return;
            }
            times.add(new long[] {t});
            colours.add(colour);
            labels.add(label);
        }
    }

    public static String render(RunResult run, boolean html) {
        long end = run.schedule().end();
        boolean running = run.schedule().chassis().initialState() == InitialState.RUNNING_SC0_LEADS;
        int slots = run.schedule().chassis().slots();
        Row[] role = {new Row("SC0 role", "#eee", "off"), new Row("SC1 role", "#eee", "off")};
        Row[] ref = {new Row("SC0 REF_SEL", running ? SC0 : "#ccc", running ? "leader" : "follower"),
                new Row("SC1 REF_SEL", "#ccc", "follower")};
        Row lock = new Row("phase lock", running ? "#38a169" : "#fed7d7", running ? "locked" : "unlocked");
        Row[] boards = new Row[slots];
        boolean[] present = new boolean[slots];
        boolean[] up = new boolean[slots];
        int[] input = new int[slots];
        for (int s = 0; s < slots; s++) {
            present[s] = run.schedule().chassis().boardPresentAtStart(s);
            up[s] = running && present[s];
            boards[s] = new Row("board " + s, boardColour(present[s], up[s], 0), "");
        }
        List<Long> red = new ArrayList<>();
        for (TraceEvent e : run.trace()) {
            long t = e.time();
            int sc = e.sc() == null ? -1 : e.sc().index();
            switch (e.kind()) {
                case PROTOCOL -> role[sc].set(t, roleColour(Role.ofOrdinal((int) e.a())),
                        Role.ofOrdinal((int) e.a()) + " e" + e.b());
                case POWER_OFF -> {
                    role[sc].set(t, "#000", "POWER OFF");
                    ref[sc].set(t, "#000", "no clock");
                }
                // power-on (and reset) value of REF_SEL is follower
                case POWER_ON -> ref[sc].set(t, "#ccc", "follower");
                case RESET_ASSERT -> role[sc].set(t, "#718096", "RESET");
                case REF_SEL_WRITE -> ref[sc].set(t, e.b() == 1 ? (sc == 0 ? SC0 : SC1) : "#ccc", e.b() == 1 ? "leader" : "follower");
                case PHASE_LOCK_ACQUIRED -> lock.set(t, "#38a169", "locked");
                case PHASE_LOCK_LOST -> lock.set(t, "#fed7d7", "unlocked");
                case SPLL_SELECT -> input[e.slot()] = (int) e.b();
                case DOMAIN_STOP_VIOLATION -> {
                    up[e.slot()] = false;
                    red.add(t);
                }
                case DOMAIN_STOP_PHYSICAL -> up[e.slot()] = false;
                case DOMAIN_RESTART -> {
                    up[e.slot()] = true;
                    input[e.slot()] = e.sc().index();
                }
                case BOARD_REMOVE -> present[e.slot()] = false;
                case BOARD_INSERT -> {
                    present[e.slot()] = true;
                    up[e.slot()] = false;
                    input[e.slot()] = 0;
                }
                default -> {
                }
            }
            if (e.slot() >= 0 && e.slot() < slots && e.kind() != TraceEvent.Kind.I2C_TIMEOUT) {
                boards[e.slot()].set(t, boardColour(present[e.slot()], up[e.slot()], input[e.slot()]), "");
            }
        }
        for (Violation v : run.violations()) {
            red.add(v.timeNanos());
        }
        List<Row> rows = new ArrayList<>(List.of(role[0], role[1], ref[0], ref[1], lock));
        rows.addAll(List.of(boards));
        int height = 60 + rows.size() * ROW + 40;
        StringBuilder sb = new StringBuilder(64_000);
        if (html) {
            sb.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>pairlock ")
                    .append(run.schedule().name()).append("</title></head><body>\n");
        }
        sb.append(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">%n", WIDTH + 20, height));
        sb.append(String.format("<text x=\"10\" y=\"20\" font-size=\"14\">pairlock simulate: %s, seed %d, FDT %d ms"
                        + " &#8212; %s</text>%n", run.schedule().name(), run.schedule().seed(),
                run.schedule().fdtNanos() / 1_000_000, run.ok() ? "invariants held" : run.violationCount() + " violation(s)"));
        sb.append(String.format("<text x=\"10\" y=\"36\" fill=\"#555\">boards: <tspan fill=\"%s\">SC0 clock</tspan>, "
                + "<tspan fill=\"%s\">SC1 clock</tspan>, grey = stopped, blank = absent; red = violation</text>%n", SC0, SC1));
        double scale = (double) (WIDTH - LEFT) / end;
        int y = 50;
        for (Row r : rows) {
            sb.append(String.format("<text x=\"10\" y=\"%d\">%s</text>%n", y + ROW - 6, r.name));
            for (int i = 0; i < r.times.size(); i++) {
                long from = r.times.get(i)[0];
                long to = i + 1 < r.times.size() ? r.times.get(i + 1)[0] : end;
                double x = LEFT + from * scale;
                double w = Math.max(0.5, (to - from) * scale);
                sb.append(String.format("<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s %s from %s</title></rect>%n",
                        x, y + 2, w, ROW - 4, r.colours.get(i), r.name, r.labels.get(i), Timeline.seconds(from)));
                if (!r.labels.get(i).isEmpty() && w > 40) {
                    sb.append(String.format("<text x=\"%.1f\" y=\"%d\" fill=\"#fff\">%s</text>%n", x + 3, y + ROW - 6, r.labels.get(i)));
                }
            }
            y += ROW;
        }
        long step = niceStep(end);
        for (long t = 0; t <= end; t += step) {
            double x = LEFT + t * scale;
            sb.append(String.format("<line x1=\"%.1f\" y1=\"50\" x2=\"%.1f\" y2=\"%d\" stroke=\"#0002\"/>%n", x, x, y));
            sb.append(String.format("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s s</text>%n", x, y + 14, fmt(t)));
        }
        sb.append(String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">virtual time</text>%n", LEFT + (WIDTH - LEFT) / 2, y + 30));
        for (long t : red) {
            double x = LEFT + t * scale;
            sb.append(String.format("<line x1=\"%.1f\" y1=\"46\" x2=\"%.1f\" y2=\"%d\" stroke=\"red\" stroke-width=\"2\"/>%n", x, x, y));
        }
        sb.append("</svg>\n");
        if (html) {
            sb.append("</body></html>\n");
        }
        return sb.toString();
    }

    private static String roleColour(Role r) {
        return switch (r) {
            case MAIN -> "#2f855a";
            case BECOMING_MAIN -> "#9ae6b4";
            case SPARE -> "#4a5568";
            case HALTED -> "#c53030";
            case UNKNOWN -> "#a0aec0";
        };
    }

    private static String boardColour(boolean present, boolean up, int input) {
        if (!present) {
            return "#fff";
        }
        if (!up) {
            return "#bbb";
        }
        return input == ScId.SC0.index() ? SC0 : SC1;
    }

    private static long niceStep(long end) {
        long s = 1_000_000_000L;
        while (end / s > 20) {
            s *= 2;
        }
        while (end / s < 5 && s > 1_000_000L) {
            s /= 2;
        }
        return s;
    }

    private static String fmt(long t) {
        return t % 1_000_000_000L == 0 ? Long.toString(t / 1_000_000_000L) : String.format("%.2f", t / 1e9);
    }
}

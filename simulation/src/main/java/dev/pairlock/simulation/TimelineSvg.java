package dev.pairlock.simulation;

import dev.pairlock.failover.HealthEvent;
import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import dev.pairlock.mock.InitialState;
import dev.pairlock.mock.LinkDirection;
import dev.pairlock.mock.TraceEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * A picture of a run, hand-written SVG (or HTML around it): why the run went the way it did, not
 * only who ended up MAIN. Rows, top to bottom: faults and health events as labelled markers; each
 * SC's role (stalls hatched on it, power-off and reset labelled) and REF_SEL; phase lock; the four
 * signal paths (heartbeat and peer link, each direction, cut or up, with the link's latency);
 * boards, grouped where they behave alike, with each SC's hung buses as strips. The failover time
 * is drawn as an arrow, violations as red lines; a legend explains every colour. Below the whole
 * run, an inset zooms on its busiest stretch (where the roles and clocks change).
 */
public final class TimelineSvg {
    private static final int LEFT = 170;
    private static final int WIDTH = 1400;
    private static final int ROW = 18;
    private static final String SC0 = "#2b6cb0";
    private static final String SC1 = "#dd6b20";
    private static final String[] SC_COLOUR = {SC0, SC1};

    private TimelineSvg() {
    }

    public static String render(RunResult run, boolean html) {
        Model m = Model.of(run);
        long end = run.schedule().end();
        long[] zoom = busiestWindow(m, end, run.schedule().fdtNanos());
        StringBuilder sb = new StringBuilder(128_000);
        if (html) {
            sb.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>pairlock ").append(run.schedule().name())
                    .append("</title><style>body{font-family:sans-serif;margin:12px} svg{display:block;margin-bottom:18px}"
                            + "</style></head><body>\n");
        }
        int h1 = Chart.height(m);
        int legendHeight = 70;
        int total = 40 + h1 + 30 + h1 + legendHeight;
        sb.append(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">%n", WIDTH + 20, total));
        sb.append("<defs><pattern id=\"stall\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
                + "patternTransform=\"rotate(45)\"><rect width=\"3\" height=\"6\" fill=\"#000\" fill-opacity=\"0.45\"/>"
                + "</pattern></defs>\n");
        sb.append(String.format("<text x=\"10\" y=\"20\" font-size=\"14\">pairlock simulate: %s, seed %d, FDT %d ms"
                        + " &#8212; %s</text>%n", esc(run.schedule().name()), run.schedule().seed(),
                run.schedule().fdtNanos() / 1_000_000, run.ok() ? "invariants held" : run.violationCount() + " violation(s)"));
        int y = 36;
        y = new Chart(m, run, 0, end, "whole run").draw(sb, y);
        y += 12;
        y = new Chart(m, run, zoom[0], zoom[1], String.format("zoom: %s .. %s", Timeline.seconds(zoom[0]),
                Timeline.seconds(zoom[1]))).draw(sb, y);
        legend(sb, y + 8);
        sb.append("</svg>\n");
        if (html) {
            sb.append("<p>Hover a bar or marker for its exact time and meaning.</p></body></html>\n");
        }
        return sb.toString();
    }

    /** The window (3 FDT, at least 1.5 s) holding the most role changes, REF_SEL writes and SPLL switches. */
    private static long[] busiestWindow(Model m, long end, long fdt) {
        long width = Math.min(end, Math.max(1_500_000_000L, 3 * fdt));
        List<Long> t = m.activity;
        long bestFrom = 0;
        int best = -1;
        for (int i = 0, j = 0; i < t.size(); i++) {
            while (j < t.size() && t.get(j) < t.get(i) + width) {
                j++;
            }
            if (j - i > best) {
                best = j - i;
                bestFrom = t.get(i);
            }
        }
        long from = Math.max(0, Math.min(end - width, bestFrom - width / 10));
        return new long[] {from, from + width};
    }

    private static void legend(StringBuilder sb, int y) {
        String[][] items = {
            {roleColour(Role.MAIN), "MAIN"}, {roleColour(Role.BECOMING_MAIN), "claiming"}, {roleColour(Role.SPARE), "SPARE"},
            {roleColour(Role.UNKNOWN), "undecided"}, {roleColour(Role.HALTED), "halted"}, {"#000", "powered off"},
            {"#718096", "held in reset"}, {"url(#stall)", "software stalled"},
            {SC0, "REF_SEL leader / board on SC0's clock"}, {SC1, "REF_SEL leader / board on SC1's clock"},
            {"#ccc", "REF_SEL follower"}, {"#bbb", "board stopped"}, {"#38a169", "phase locked / signal up"},
            {"#fed7d7", "unlocked / signal cut"}, {"#e53e3e", "bus hung (strip: top SC0, bottom SC1)"},
        };
        int x = 10;
        int row = 0;
        for (String[] it : items) {
            int w = 24 + it[1].length() * 6;
            if (x + w > WIDTH) {
                x = 10;
                row++;
            }
            int yy = y + row * 18;
            sb.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"12\" fill=\"%s\" stroke=\"#999\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", x, yy, it[0], x + 18, yy + 10, esc(it[1])));
            x += w;
        }
        int yy = y + (row + 1) * 18;
        sb.append(String.format("<text x=\"10\" y=\"%d\" fill=\"#555\">markers: &#9650; fault injected, "
                + "&#9679; health event (its SC's colour), red line = violation, arrow = failover time "
                + "(MAIN lost &#8594; every board on the new MAIN's clock)</text>%n", yy + 10));
    }

    static String roleColour(Role r) {
        return switch (r) {
            case MAIN -> "#2f855a";
            case BECOMING_MAIN -> "#9ae6b4";
            case SPARE -> "#4a5568";
            case HALTED -> "#c53030";
            case UNKNOWN -> "#a0aec0";
        };
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    // ---------------------------------------------------------------------------------------------

    /** A step function of (from, colour, label) over the run. */
    static final class Row {
        final String name;
        final List<Long> at = new ArrayList<>();
        final List<String> colour = new ArrayList<>();
        final List<String> label = new ArrayList<>();

        Row(String name, String c, String l) {
            this.name = name;
            set(0, c, l);
        }

        void set(long t, String c, String l) {
            if (!colour.isEmpty() && colour.getLast().equals(c) && label.getLast().equals(l)) {
                return;
            }
            if (!at.isEmpty() && at.getLast() == t) {
                colour.set(colour.size() - 1, c);
                label.set(label.size() - 1, l);
                return;
            }
            at.add(t);
            colour.add(c);
            label.add(l);
        }

        boolean sameAs(Row o) {
            return at.equals(o.at) && colour.equals(o.colour) && label.equals(o.label);
        }
    }

    /** An interval drawn over a row (a stall, a hung bus). */
    record Span(int row, long from, long to, String fill, String label, boolean top) {
    }

    /** A labelled point on a marker row. */
    record Marker(int row, long at, String colour, String label, boolean fault) {
    }

    /** Everything the charts draw, rebuilt from the trace and the health log. */
    static final class Model {
        final List<Row> rows = new ArrayList<>();
        final List<Span> spans = new ArrayList<>();
        final List<Marker> markers = new ArrayList<>();
        final List<Long> activity = new ArrayList<>();
        int firstBoardRow;

        static Model of(RunResult run) {
            Model m = new Model();
            m.build(run);
            return m;
        }

        private void build(RunResult run) {
            var cc = run.schedule().chassis();
            boolean running = cc.initialState() == InitialState.RUNNING_SC0_LEADS;
            int slots = cc.slots();
            Row faults = new Row("faults", "#fff", "");
            Row health0 = new Row("SC0 health", "#fff", "");
            Row health1 = new Row("SC1 health", "#fff", "");
            Row[] role = {new Row("SC0 role", "#eee", "not started"), new Row("SC1 role", "#eee", "not started")};
            Row[] ref = {new Row("SC0 REF_SEL", running ? SC0 : "#ccc", running ? "leader" : "follower"),
                new Row("SC1 REF_SEL", "#ccc", "follower")};
            Row lock = new Row("phase lock", running ? "#38a169" : "#fed7d7", running ? "locked" : "unlocked");
            String defaultLatency = latency(cc.peerLinkLatency().minNanos(), cc.peerLinkLatency().maxNanos());
            Row[] hb = {new Row("heartbeat SC0->SC1", "#38a169", ""), new Row("heartbeat SC1->SC0", "#38a169", "")};
            Row[] link = {new Row("link SC0->SC1", "#38a169", defaultLatency), new Row("link SC1->SC0", "#38a169", defaultLatency)};
            boolean[] hbCut = new boolean[2];
            boolean[] linkCut = new boolean[2];
            boolean[] nicDown = new boolean[2];
            boolean[] off = new boolean[2];
            String[] lat = {defaultLatency, defaultLatency};
            Row[] boards = new Row[slots];
            boolean[] present = new boolean[slots];
            boolean[] up = new boolean[slots];
            int[] input = new int[slots];
            for (int s = 0; s < slots; s++) {
                present[s] = cc.boardPresentAtStart(s);
                up[s] = running && present[s];
                boards[s] = new Row("board " + s, boardColour(present[s], up[s], 0), "");
            }
            long[][] hungSince = new long[2][slots];
            for (long[] a : hungSince) {
                java.util.Arrays.fill(a, -1);
            }
            List<Span> hung = new ArrayList<>();
            int[] stallSpan = {-1, -1};
            rows.addAll(List.of(faults, health0, role[0], ref[0], health1, role[1], ref[1], lock, hb[0], hb[1], link[0], link[1]));
            int roleRow0 = 2;
            for (TraceEvent e : run.trace()) {
                long t = e.time();
                int sc = e.sc() == null ? -1 : e.sc().index();
                switch (e.kind()) {
                    case PROTOCOL -> {
                        Role r = Role.ofOrdinal((int) e.a());
                        role[sc].set(t, roleColour(r), r + " e" + e.b());
                        activity.add(t);
                    }
                    case PROTOCOL_NOTE -> {
                        if (e.a() == PairSimulation.NOTE_SOFTWARE_START) {
                            role[sc].set(t, roleColour(Role.UNKNOWN), "start e" + e.b());
                        }
                    }
                    case POWER_OFF -> {
                        endStall(stallSpan, sc, t);
                        role[sc].set(t, "#000", "POWER OFF");
                        ref[sc].set(t, "#000", "no clock");
                        off[sc] = true;
                        activity.add(t);
                    }
                    case POWER_ON -> {
                        ref[sc].set(t, "#ccc", "follower");
                        role[sc].set(t, "#eee", "booting");
                        off[sc] = false;
                    }
                    case RESET_ASSERT -> {
                        endStall(stallSpan, sc, t);
                        role[sc].set(t, "#718096", e.a() >= 0 ? "RESET by SC" + e.a() : "RESET");
                        off[sc] = true;
                    }
                    case RESET_RELEASE -> {
                        role[sc].set(t, "#eee", "booting");
                        off[sc] = false;
                    }
                    case REF_SEL_WRITE -> {
                        ref[sc].set(t, e.b() == 1 ? SC_COLOUR[sc] : "#ccc", e.b() == 1 ? "leader" : "follower");
                        activity.add(t);
                    }
                    case PHASE_LOCK_ACQUIRED -> lock.set(t, "#38a169", "locked");
                    case PHASE_LOCK_LOST -> lock.set(t, "#fed7d7", "unlocked");
                    case SPLL_SELECT -> {
                        input[e.slot()] = (int) e.b();
                        activity.add(t);
                    }
                    case DOMAIN_STOP_VIOLATION, DOMAIN_STOP_PHYSICAL -> up[e.slot()] = false;
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
                    case STALL -> {
                        stallSpan[sc] = spans.size();
                        spans.add(new Span(roleRow0 + 3 * sc, t, e.b(), "url(#stall)",
                                String.format("software stalled %.3f s", e.a() / 1e9), false));
                    }
                    case FAULT_HANG_BUS -> {
                        if (hungSince[sc][e.slot()] < 0) {
                            hungSince[sc][e.slot()] = t;
                        }
                    }
                    case FAULT_UNHANG_BUS -> {
                        if (hungSince[sc][e.slot()] >= 0) {
                            hung.add(new Span(e.slot(), hungSince[sc][e.slot()], t, "#e53e3e", "SC" + sc + " bus " + e.slot()
                                    + " hung", sc == 0));
                            hungSince[sc][e.slot()] = -1;
                        }
                    }
                    case FAULT_CUT_HEARTBEAT -> hbCut[sc] = true;
                    case FAULT_RESTORE_HEARTBEAT -> hbCut[sc] = false;
                    case FAULT_PARTITION, FAULT_HEAL_PARTITION -> {
                        LinkDirection d = LinkDirection.values()[(int) e.a()];
                        for (ScId from : ScId.values()) {
                            if (d.covers(from)) {
                                linkCut[from.index()] = e.kind() == TraceEvent.Kind.FAULT_PARTITION;
                            }
                        }
                    }
                    case FAULT_NIC_DOWN -> nicDown[sc] = true;
                    case FAULT_NIC_UP -> nicDown[sc] = false;
                    case FAULT_LINK_LATENCY -> {
                        for (int i = 0; i < 2; i++) {
                            if (sc < 0 || sc == i) {
                                lat[i] = latency(e.a(), e.b());
                            }
                        }
                    }
                    default -> {
                    }
                }
                if (e.kind().name().startsWith("FAULT_")) {
                    markers.add(new Marker(0, t, "#444", describeFault(e), true));
                    activity.add(t);
                }
                for (int i = 0; i < 2; i++) {
                    boolean hbUp = !hbCut[i] && !off[i];
                    hb[i].set(t, hbUp ? "#38a169" : "#fed7d7", hbUp ? "" : off[i] ? "sender off" : "cut");
                    boolean lUp = !linkCut[i] && !nicDown[i] && !nicDown[1 - i] && !off[i];
                    link[i].set(t, lUp ? "#38a169" : "#fed7d7", lUp ? lat[i] : nicDown[i] || nicDown[1 - i] ? "NIC down" : off[i]
                            ? "sender off" : "cut");
                }
                if (e.slot() >= 0 && e.slot() < slots && e.kind() != TraceEvent.Kind.I2C_TIMEOUT
                        && !e.kind().name().startsWith("FAULT_")) {
                    boards[e.slot()].set(t, boardColour(present[e.slot()], up[e.slot()], input[e.slot()]), "");
                }
            }
            long end = run.schedule().end();
            for (int sc = 0; sc < 2; sc++) {
                for (int s = 0; s < slots; s++) {
                    if (hungSince[sc][s] >= 0) {
                        hung.add(new Span(s, hungSince[sc][s], end, "#e53e3e", "SC" + sc + " bus " + s + " hung", sc == 0));
                    }
                }
            }
            for (RunResult.Health h : run.health()) {
                HealthEvent e = h.event();
                if (e.kind() != HealthEvent.Kind.ROLE_CHANGE && e.kind() != HealthEvent.Kind.BOARD_ERROR
                    && e.kind() != HealthEvent.Kind.BOARD_REPAIRED) {
                    markers.add(new Marker(h.sc() == ScId.SC0 ? 1 : 4, e.timeNanos(), SC_COLOUR[h.sc().index()],
                            e.describe(), false));
                }
            }
            // boards that behave alike (same steps, same hung buses) share one row
            firstBoardRow = rows.size();
            int s = 0;
            while (s < slots) {
                int to = s;
                while (to + 1 < slots && boards[to + 1].sameAs(boards[s]) && sameHung(hung, s, to + 1)) {
                    to++;
                }
                Row r = boards[s];
                Row named = new Row(to == s ? "board " + s : "boards " + s + "-" + to, r.colour.getFirst(), "");
                named.at.clear();
                named.colour.clear();
                named.label.clear();
                named.at.addAll(r.at);
                named.colour.addAll(r.colour);
                named.label.addAll(r.label);
                int rowIndex = rows.size();
                rows.add(named);
                for (Span sp : hung) {
                    if (sp.row() == s) {
                        spans.add(new Span(rowIndex, sp.from(), sp.to(), sp.fill(),
                                sp.label().replace("bus " + s, to == s ? "bus " + s : "buses " + s + "-" + to), sp.top()));
                    }
                }
                s = to + 1;
            }
            activity.sort(Long::compare);
            mergeSimultaneousFaults();
        }

        /** A reset or power-off ends a stall (the chassis drops the frozen software): so does its hatch. */
        private void endStall(int[] stallSpan, int sc, long t) {
            int i = stallSpan[sc];
            if (i >= 0 && spans.get(i).to() > t) {
                Span sp = spans.get(i);
                spans.set(i, new Span(sp.row(), sp.from(), t, sp.fill(), sp.label() + ", ended at " + Timeline.seconds(t),
                        sp.top()));
            }
            stallSpan[sc] = -1;
        }

        /** "hang bus SC0 bus 0" .. "bus 12" injected at one instant: one marker "hang bus SC0 bus 0-12". */
        private void mergeSimultaneousFaults() {
            java.util.regex.Pattern numbered = java.util.regex.Pattern.compile("(.*\\D)(\\d+)");
            List<Marker> merged = new ArrayList<>();
            for (int i = 0; i < markers.size(); i++) {
                Marker mk = markers.get(i);
                java.util.regex.Matcher a = numbered.matcher(mk.label());
                int j = i;
                if (mk.fault() && a.matches()) {
                    int last = Integer.parseInt(a.group(2));
                    while (j + 1 < markers.size()) {
                        Marker next = markers.get(j + 1);
                        java.util.regex.Matcher b = numbered.matcher(next.label());
                        if (!next.fault() || next.at() != mk.at() || !b.matches() || !b.group(1).equals(a.group(1))
                                || Integer.parseInt(b.group(2)) != last + 1) {
                            break;
                        }
                        last++;
                        j++;
                    }
                    if (j > i) {
                        merged.add(new Marker(mk.row(), mk.at(), mk.colour(), mk.label() + "-" + last, true));
                        i = j;
                        continue;
                    }
                }
                merged.add(mk);
            }
            markers.clear();
            markers.addAll(merged);
        }

        private static boolean sameHung(List<Span> hung, int a, int b) {
            List<String> x = new ArrayList<>();
            List<String> y = new ArrayList<>();
            for (Span sp : hung) {
                if (sp.row() == a) {
                    x.add(sp.from() + ":" + sp.to() + ":" + sp.top());
                }
                if (sp.row() == b) {
                    y.add(sp.from() + ":" + sp.to() + ":" + sp.top());
                }
            }
            return x.equals(y);
        }

        private static String latency(long min, long max) {
            return min == max ? duration(min) : duration(min) + ".." + duration(max);
        }

        private static String duration(long nanos) {
            return nanos >= 1_000_000_000L ? String.format("%.2f s", nanos / 1e9)
                    : nanos >= 10_000_000L ? String.format("%.0f ms", nanos / 1e6) : String.format("%.1f ms", nanos / 1e6);
        }

        private static String describeFault(TraceEvent e) {
            String d = e.describe();
            int i = d.indexOf("FAULT_");
            return i < 0 ? d : d.substring(i + 6).replace("_", " ").toLowerCase(java.util.Locale.ROOT)
                    .replace("sc0", "SC0").replace("sc1", "SC1");
        }
    }

    static String boardColour(boolean present, boolean up, int input) {
        if (!present) {
            return "#fff";
        }
        if (!up) {
            return "#bbb";
        }
        return input == ScId.SC0.index() ? SC0 : SC1;
    }

    /** One chart of the model over [from, to]. */
    static final class Chart {
        private final Model m;
        private final RunResult run;
        private final long from;
        private final long to;
        private final String title;
        private final double scale;

        Chart(Model m, RunResult run, long from, long to, String title) {
            this.m = m;
            this.run = run;
            this.from = from;
            this.to = to;
            this.title = title;
            this.scale = (double) (WIDTH - LEFT) / Math.max(1, to - from);
        }

        static int height(Model m) {
            return 16 + m.rows.size() * ROW + 26;
        }

        private double x(long t) {
            return LEFT + (Math.max(from, Math.min(to, t)) - from) * scale;
        }

        int draw(StringBuilder sb, int y0) {
            sb.append(String.format("<text x=\"10\" y=\"%d\" font-weight=\"bold\">%s</text>%n", y0 + 10, esc(title)));
            int top = y0 + 16;
            int y = top;
            for (int ri = 0; ri < m.rows.size(); ri++) {
                Row r = m.rows.get(ri);
                sb.append(String.format("<text x=\"10\" y=\"%d\">%s</text>%n", y + ROW - 6, esc(r.name)));
                for (int i = 0; i < r.at.size(); i++) {
                    long a = r.at.get(i);
                    long b = i + 1 < r.at.size() ? r.at.get(i + 1) : run.schedule().end();
                    if (b <= from || a >= to || "#fff".equals(r.colour.get(i)) && ri < 2) {
                        continue;
                    }
                    double xa = x(a);
                    double w = Math.max(0.5, x(b) - xa);
                    sb.append(String.format("<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s %s from %s</title></rect>%n",
                            xa, y + 2, w, ROW - 4, r.colour.get(i), esc(r.name), esc(r.label.get(i)), Timeline.seconds(a)));
                    String label = r.label.get(i);
                    if (!label.isEmpty() && w > label.length() * 6 + 6) {
                        String ink = "#000".equals(r.colour.get(i)) || r.colour.get(i).startsWith("#2") || r.colour.get(i).startsWith("#4")
                                || r.colour.get(i).equals(SC1) || r.colour.get(i).equals("#718096") || r.colour.get(i).equals("#c53030")
                                ? "#fff" : "#000";
                        sb.append(String.format("<text x=\"%.1f\" y=\"%d\" fill=\"%s\">%s</text>%n", xa + 3, y + ROW - 6, ink, esc(label)));
                    }
                }
                y += ROW;
            }
            for (Span sp : m.spans) {
                if (sp.to() <= from || sp.from() >= to) {
                    continue;
                }
                int ry = top + sp.row() * ROW;
                boolean strip = sp.fill().startsWith("#");
                int sy = strip ? (sp.top() ? ry + 1 : ry + ROW - 6) : ry + 2;
                int sh = strip ? 5 : ROW - 4;
                double xa = x(sp.from());
                double w = Math.max(1, x(sp.to()) - xa);
                sb.append(String.format("<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s from %s</title></rect>%n",
                        xa, sy, w, sh, sp.fill(), esc(sp.label()), Timeline.seconds(sp.from())));

            }
            markers(sb, top);
            int bottom = y;
            failoverArrow(sb, top);
            for (Violation v : run.violations()) {
                if (v.timeNanos() >= from && v.timeNanos() <= to) {
                    double x = x(v.timeNanos());
                    sb.append(String.format("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"red\" stroke-width=\"2\">"
                            + "<title>%s</title></line>%n", x, top, x, bottom, esc(v.toString())));
                }
            }
            long step = niceStep(to - from);
            for (long t = (from + step - 1) / step * step; t <= to; t += step) {
                double x = x(t);
                sb.append(String.format("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#0002\"/>%n", x, top, x, bottom));
                sb.append(String.format("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s s</text>%n", x, bottom + 14, fmt(t)));
            }
            sb.append(String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">virtual time</text>%n",
                    LEFT + (WIDTH - LEFT) / 2, bottom + 26));
            return bottom + 26;
        }

        /** Markers with labels, staggered so that neighbours do not overwrite each other. */
        private void markers(StringBuilder sb, int top) {
            double[] lastEnd = new double[m.rows.size()];
            java.util.Arrays.fill(lastEnd, -1);
            String lastLabel = null;
            for (Marker mk : m.markers) {
                if (mk.at() < from || mk.at() > to) {
                    continue;
                }
                int ry = top + mk.row() * ROW;
                double x = x(mk.at());
                String shape = mk.fault()
                        ? String.format("<path d=\"M%.1f %d l-4 7 h8 z\" fill=\"%s\">", x, ry + 4, mk.colour())
                        : String.format("<circle cx=\"%.1f\" cy=\"%d\" r=\"4\" fill=\"%s\">", x, ry + ROW / 2, mk.colour());
                sb.append(shape).append("<title>").append(Timeline.seconds(mk.at())).append(' ').append(esc(mk.label()))
                        .append(mk.fault() ? "</title></path>\n" : "</title></circle>\n");
                if (x > lastEnd[mk.row()] && !mk.label().equals(lastLabel)) {
                    String label = mk.label().length() > 48 ? mk.label().substring(0, 47) + "..." : mk.label();
                    sb.append(String.format("<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"#222\">%s</text>%n", x + 6,
                            ry + ROW - 6, esc(label)));
                    lastEnd[mk.row()] = x + 8 + label.length() * 5.5;
                }
                lastLabel = mk.label();
            }
        }

        private void failoverArrow(StringBuilder sb, int top) {
            if (run.failoverNanos() < 0 || run.failoverFromNanos() < 0) {
                return;
            }
            long a = run.failoverFromNanos();
            long b = a + run.failoverNanos();
            if (b < from || a > to) {
                return;
            }
            int y = top + 2 * ROW - 3;
            double xa = x(a);
            double xb = x(b);
            sb.append(String.format("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#805ad5\" stroke-width=\"2\"/>"
                    + "<path d=\"M%.1f %d l-6 -4 v8 z\" fill=\"#805ad5\"/>%n", xa, y, xb, y, xb, y));
            sb.append(String.format("<text x=\"%.1f\" y=\"%d\" fill=\"#805ad5\" font-weight=\"bold\">failover %.3f s</text>%n",
                    Math.min(xa + 4, WIDTH - 120), y - 3, run.failoverNanos() / 1e9));
        }

        private static long niceStep(long span) {
            long s = 1_000_000_000L;
            while (span / s > 20) {
                s *= 2;
            }
            while (span / s < 5 && s > 1_000_000L) {
                s /= 2;
            }
            return s;
        }

        private static String fmt(long t) {
            return t % 1_000_000_000L == 0 ? Long.toString(t / 1_000_000_000L) : String.format("%.2f", t / 1e9);
        }
    }
}

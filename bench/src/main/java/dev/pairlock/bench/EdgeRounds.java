package dev.pairlock.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The rounds of an interleaved edge-latency run ({@link InterleavedHeartbeat}): per reader, per round,
 * the p50 and p90 of that round's batch (µs), and every sample pooled. Reader 0 is the baseline; a
 * round's ratio divides a reader's figure by the baseline's of the same round.
 */
record EdgeRounds(List<String> names, double[][] p50, double[][] p90, double[][] pooled, int perBatch) {

    /** No rounds yet. */
    static EdgeRounds empty(List<String> names, int perBatch) {
        int n = names.size();
        return new EdgeRounds(names, new double[n][0], new double[n][0], new double[n][0], perBatch);
    }

    /** These rounds and one more: its batches, µs per edge, one array per reader in {@link #names} order. */
    EdgeRounds plus(double[][] batches) {
        int n = names.size();
        double[][] a = new double[n][];
        double[][] b = new double[n][];
        double[][] c = new double[n][];
        for (int t = 0; t < n; t++) {
            a[t] = Arrays.copyOf(p50[t], p50[t].length + 1);
            a[t][a[t].length - 1] = percentile(batches[t], 0.5);
            b[t] = Arrays.copyOf(p90[t], p90[t].length + 1);
            b[t][b[t].length - 1] = percentile(batches[t], 0.9);
            c[t] = Arrays.copyOf(pooled[t], pooled[t].length + batches[t].length);
            System.arraycopy(batches[t], 0, c[t], pooled[t].length, batches[t].length);
        }
        return new EdgeRounds(names, a, b, c, perBatch);
    }

    int rounds() {
        return p50[0].length;
    }

    String summary() {
        StringBuilder b = new StringBuilder();
        for (int t = 0; t < names.size(); t++) {
            double[] r50 = ratios(p50[t], p50[0]);
            double[] r90 = ratios(p90[t], p90[0]);
            double[] m50 = Interleaved.meanAndHalfWidth(r50);
            double[] m90 = Interleaved.meanAndHalfWidth(r90);
            b.append(String.format(Locale.ROOT,
                    "%-10s pooled p50 %8.1f µs p90 %8.1f µs   per-round ratio p50 %.3f ± %.3f (median %.3f), p90 %.3f ± %.3f (median %.3f)%n",
                    names.get(t), percentile(pooled[t], 0.5), percentile(pooled[t], 0.9), m50[0], m50[1],
                    Interleaved.median(r50), m90[0], m90[1], Interleaved.median(r90)));
        }
        return b.append("edges per batch ").append(perBatch).append(", rounds ").append(rounds()).append('\n').toString();
    }

    /** The result as JSON; {@code meta} are string fields (what was run, where, the load). */
    String json(List<String[]> meta) {
        StringBuilder b = new StringBuilder("{\n");
        for (String[] m : meta) {
            b.append("  \"").append(m[0]).append("\": \"").append(m[1].replace("\"", "'")).append("\",\n");
        }
        b.append("  \"baseline\": \"").append(names.get(0)).append("\",\n");
        b.append("  \"edges_per_batch\": ").append(perBatch).append(",\n");
        b.append("  \"rounds\": ").append(rounds()).append(",\n");
        appendPerRound(b, "p50_us", p50);
        appendPerRound(b, "p90_us", p90);
        b.append("  \"pooled\": {\n");
        for (int t = 0; t < names.size(); t++) {
            double[] v = pooled[t];
            b.append(String.format(Locale.ROOT,
                    "    \"%s\": {\"samples\": %d, \"p50_us\": %.2f, \"p90_us\": %.2f, \"p99_us\": %.2f}%s%n",
                    names.get(t), v.length, percentile(v, 0.5), percentile(v, 0.9), percentile(v, 0.99),
                    t + 1 < names.size() ? "," : ""));
        }
        return b.append("  }\n}\n").toString();
    }

    private void appendPerRound(StringBuilder b, String key, double[][] v) {
        b.append("  \"").append(key).append("\": {");
        for (int t = 0; t < names.size(); t++) {
            b.append(t == 0 ? "" : ", ").append('"').append(names.get(t)).append("\": [");
            for (int r = 0; r < v[t].length; r++) {
                b.append(r == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", v[t][r]));
            }
            b.append(']');
        }
        b.append("},\n");
    }

    /** The q-quantile of {@code v} as vmbench.c prints it (sorted, index {@code floor(n q)}). */
    static double percentile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) (s.length * q))];
    }

    static double[] ratios(double[] v, double[] base) {
        double[] r = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            r[k] = v[k] / base[k];
        }
        return r;
    }
}

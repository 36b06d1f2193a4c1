package dev.pairlock.datasync;

/**
 * Orders firmware version strings as people read them: split at {@code . - _ +}, numeric parts
 * compared as numbers ({@code 6.10 > 6.9}), other parts as text, a missing part counts as 0
 * ({@code 1.2 == 1.2.0}), and a number sorts after text in the same place ({@code 1.0.1 > 1.0.rc1}).
 */
public final class FirmwareVersion {
    private FirmwareVersion() {
    }

    /** Negative, zero or positive as {@code a} is older than, the same as, or newer than {@code b}. */
    public static int compare(String a, String b) {
        String[] x = a.strip().split("[._+-]");
        String[] y = b.strip().split("[._+-]");
        int n = Math.max(x.length, y.length);
        for (int i = 0; i < n; i++) {
            String p = i < x.length ? x[i] : "0";
            String q = i < y.length ? y[i] : "0";
            int c = comparePart(p, q);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int comparePart(String p, String q) {
        boolean pn = isNumber(p);
        boolean qn = isNumber(q);
        if (pn && qn) {
            String ps = stripZeros(p);
            String qs = stripZeros(q);
            return ps.length() != qs.length() ? Integer.compare(ps.length(), qs.length()) : Integer.signum(ps.compareTo(qs));
        }
        if (pn != qn) {
            return pn ? 1 : -1;
        }
        return Integer.signum(p.compareTo(q));
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static String stripZeros(String s) {
        int i = 0;
        while (i < s.length() - 1 && s.charAt(i) == '0') {
            i++;
        }
        return s.substring(i);
    }
}

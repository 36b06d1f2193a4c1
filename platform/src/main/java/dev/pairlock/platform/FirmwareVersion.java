package dev.pairlock.platform;

import java.util.List;

/**
 * This SC's firmware version ({@code firmware.version}): 1 to 4 dot-separated numbers, compared
 * numerically part by part (missing parts count as 0), so that data sync can tell an upgrade from a
 * downgrade.
 */
public record FirmwareVersion(List<Long> parts) implements Comparable<FirmwareVersion> {
    public FirmwareVersion {
        parts = List.copyOf(parts);
        if (parts.isEmpty() || parts.size() > 4) {
            throw new IllegalArgumentException("a firmware version has 1 to 4 parts, not " + parts.size());
        }
    }

    @Override
    public int compareTo(FirmwareVersion o) {
        for (int i = 0; i < Math.max(parts.size(), o.parts.size()); i++) {
            long a = i < parts.size() ? parts.get(i) : 0;
            long b = i < o.parts.size() ? o.parts.get(i) : 0;
            if (a != b) {
                return Long.compare(a, b);
            }
        }
        return 0;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (long p : parts) {
            b.append(b.isEmpty() ? "" : ".").append(p);
        }
        return b.toString();
    }
}

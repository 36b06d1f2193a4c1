package dev.pairlock.peerlink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An interface's carrier as Linux shows it in sysfs ({@code /sys/class/net/IF/carrier} and
 * {@code operstate}), the way IPMP's link-based detection reads the RUNNING flag. Up means carrier
 * 1 and an operstate of "up" (or "unknown", which drivers without operstate support — loopback,
 * some virtual NICs — report while running). An interface that is administratively down makes the
 * kernel refuse to read {@code carrier} (EINVAL): that is down too.
 */
public record Carrier(Path sysfsNet, String iface) {
    /** Where Linux shows network interfaces. */
    public static final Path SYSFS_NET = Path.of("/sys/class/net");

    /** Whether the interface exists at all (for {@code --check} and start-up errors). */
    public boolean exists() {
        return Files.isDirectory(sysfsNet.resolve(iface));
    }

    public boolean up() {
        String carrier = read("carrier");
        String oper = read("operstate");
        return "1".equals(carrier) && ("up".equals(oper) || "unknown".equals(oper));
    }

    /** The operstate text ("up", "down", "unknown", …) or "absent". */
    public String operstate() {
        String s = read("operstate");
        return s == null ? "absent" : s;
    }

    private String read(String attribute) {
        try {
            return Files.readString(sysfsNet.resolve(iface).resolve(attribute), StandardCharsets.US_ASCII).strip();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}

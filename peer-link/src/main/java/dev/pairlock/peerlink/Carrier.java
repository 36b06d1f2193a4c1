package dev.pairlock.peerlink;

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

    /** Reads the interface's state once (the probe loop keeps a {@link CarrierReader} instead). */
    public boolean up() {
        try (CarrierReader r = new CarrierReader(this)) {
            r.refresh();
            return r.up();
        }
    }

    /** The operstate text ("up", "down", "unknown", …) or "absent". */
    public String operstate() {
        try (CarrierReader r = new CarrierReader(this)) {
            r.refresh();
            return r.operstate();
        }
    }
}

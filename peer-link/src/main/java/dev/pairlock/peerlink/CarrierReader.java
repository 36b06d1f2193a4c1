package dev.pairlock.peerlink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@link Carrier} for the probe loop, which asks 20 times per FDT and link: each attribute's file
 * stays open and is re-read from offset 0 (sysfs renders the text afresh on every read from the
 * start) into one buffer, and the operstate word maps to a constant — a warm refresh allocates
 * nothing. Reading with {@code Files.readString} each time (a channel, a 4 KiB array and strings
 * per read, three reads per link) was the idle daemon's largest allocation by far (JFR on
 * {@code pairlockd --sim}: ~0.7 MB/s on the peer-link thread), and in the kernel VM every young
 * collection it caused could take 5–260 ms.
 *
 * <p>A read that fails — the interface went away, or is administratively down and the kernel
 * refuses {@code carrier} (EINVAL) — counts as down and closes that file; the next refresh opens it
 * again. Not thread-safe: the link's thread owns it.
 */
final class CarrierReader implements AutoCloseable {
    private static final String[] OPERSTATES = {"up", "down", "unknown", "dormant", "lowerlayerdown", "notpresent", "testing"};

    private final Carrier carrier;
    private final Attribute carrierFile;
    private final Attribute operstateFile;
    private final ByteBuffer buffer = ByteBuffer.allocate(64);
    private boolean up;
    private String operstate = "absent";

    CarrierReader(Carrier carrier) {
        this.carrier = carrier;
        Path dir = carrier.sysfsNet().resolve(carrier.iface());
        this.carrierFile = new Attribute(dir.resolve("carrier"));
        this.operstateFile = new Attribute(dir.resolve("operstate"));
    }

    Carrier carrier() {
        return carrier;
    }

    /** Reads both attributes now; {@link #up()} and {@link #operstate()} answer from this read. */
    void refresh() {
        int n = operstateFile.read(buffer);
        operstate = n < 0 ? "absent" : word(buffer, n);
        n = carrierFile.read(buffer);
        boolean carrierOn = n >= 1 && buffer.get(0) == '1';
        up = carrierOn && ("up".equals(operstate) || "unknown".equals(operstate));
    }

    boolean up() {
        return up;
    }

    /** The operstate text ("up", "down", "unknown", …) or "absent". */
    String operstate() {
        return operstate;
    }

    /** The stripped text of the first {@code n} bytes: a known operstate's constant, else a new string (never seen from Linux). */
    private static String word(ByteBuffer b, int n) {
        while (n > 0 && b.get(n - 1) <= ' ') {
            n--;
        }
        for (String s : OPERSTATES) {
            if (s.length() == n && matches(b, s)) {
                return s;
            }
        }
        byte[] raw = new byte[n];
        b.get(0, raw);
        return new String(raw, StandardCharsets.US_ASCII);
    }

    private static boolean matches(ByteBuffer b, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (b.get(i) != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        carrierFile.close();
        operstateFile.close();
    }

    /** One sysfs attribute, kept open between reads. */
    private static final class Attribute {
        private final Path path;
        private FileChannel channel;

        Attribute(Path path) {
            this.path = path;
        }

        /** Reads the attribute into {@code b} from offset 0; the byte count, or -1 if it cannot be read now. */
        int read(ByteBuffer b) {
            try {
                if (channel == null) {
                    channel = FileChannel.open(path, StandardOpenOption.READ);
                }
                b.clear();
                int total = 0;
                int r;
                while (b.hasRemaining() && (r = channel.read(b, total)) > 0) {
                    total += r;
                }
                return total;
            } catch (IOException | RuntimeException e) {
                close();
                return -1;
            }
        }

        void close() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // a sysfs file: nothing to flush, nothing to do
                }
                channel = null;
            }
        }
    }
}

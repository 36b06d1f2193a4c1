package dev.pairlock.daemon;

import dev.pairlock.config.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The peer link's boot id: larger on every start of this daemon, so the peer accepts us after a
 * restart and refuses recordings of an earlier run. Kept in {@code STATE_DIR/peer-link.boot} (read,
 * incremented, written durably before the link opens); when that file is missing or unreadable the
 * wall clock in microseconds stands in, which exceeds any counter a previous run left.
 */
public final class BootId {
    public static final String FILE_NAME = "peer-link.boot";

    private BootId() {
    }

    /** The next boot id; {@code wallMicros} is the fallback for a missing or damaged counter. */
    public static long next(Path stateDir, long wallMicros) throws IOException {
        Path f = stateDir.resolve(FILE_NAME);
        long last = 0;
        if (Files.exists(f)) {
            try {
                last = Long.parseLong(Files.readString(f, StandardCharsets.US_ASCII).strip());
            } catch (NumberFormatException | IOException e) {
                last = 0;
            }
        }
        long next = Math.max(last + 1, last == 0 ? wallMicros : last + 1);
        AtomicFiles.write(f, (next + "\n").getBytes(StandardCharsets.US_ASCII));
        return next;
    }
}

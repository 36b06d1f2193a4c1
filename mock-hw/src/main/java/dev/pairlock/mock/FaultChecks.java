package dev.pairlock.mock;

import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.board.BoardBay;

import java.time.Duration;
import java.util.Objects;

/** Argument checks shared by the fault records; chassis-size checks happen on injection. */
final class FaultChecks {
    private FaultChecks() {
    }

    static void sc(ScId sc) {
        Objects.requireNonNull(sc, "sc");
    }

    static void nonNegative(String what, int v) {
        if (v < 0) {
            throw new HalArgumentException(what + " " + v + " is negative: valid is 0.." + (BoardBay.MAX_SLOTS - 1));
        }
    }

    static void positive(String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofHours(1)) > 0) {
            throw new HalArgumentException(what + " " + d + " is out of range: valid is 1 ns..1 h");
        }
    }
}

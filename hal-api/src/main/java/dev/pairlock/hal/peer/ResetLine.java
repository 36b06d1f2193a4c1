package dev.pairlock.hal.peer;

import java.util.Optional;

/**
 * The reset line this SC drives into the peer: the fence. While asserted, the peer's software is
 * stopped and its Gchip is back at its reset value (follower); its clock keeps running.
 */
public interface ResetLine {
    void assertReset();

    void release();

    boolean asserted();

    /**
     * Why the line could not be driven if a fence were needed now, found without driving it or
     * holding it (a name that resolves to nothing, a line another program holds), or empty. The
     * line is requested only by the first {@link #assertReset}, which only a takeover makes: without
     * this check a mistake in the platform file shows up in the middle of the takeover it blocks.
     */
    default Optional<String> problem() {
        return Optional.empty();
    }
}

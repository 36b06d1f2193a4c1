package dev.pairlock.platform;

import dev.pairlock.hal.HalException;
import java.nio.file.Path;

/**
 * A part of the hardware was used that the platform file does not describe, e.g. the heartbeat
 * input without {@code heartbeat.in}. Parts are opened when first used, so a tool that needs only
 * the I2C buses works with a file that describes nothing else; this names the key to set.
 */
public final class NotConfiguredException extends HalException {
    private final String key;

    public NotConfiguredException(Path file, String what, String key) {
        super(file + ": no " + what + " configured (set " + key + " in the platform file)");
        this.key = key;
    }

    /** The platform-file key that would configure the part. */
    public String key() {
        return key;
    }
}

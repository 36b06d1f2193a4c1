package dev.pairlock.platform;

import dev.pairlock.config.ConfigEntry;
import java.nio.file.Path;

/**
 * A memory-mapped register window the platform file names: {@code gchip.*} (name "gchip") or
 * {@code window.NAME.*}. Opened only when something uses it.
 *
 * @param name   "gchip" or NAME
 * @param device {@code /dev/mem}, a UIO node, a PCI {@code resourceN} file or a plain file
 * @param offset byte offset into the device (the physical address for {@code /dev/mem})
 * @param size   bytes, a multiple of 4
 * @param origin the line that set the device, for errors that arise when the window is opened
 */
public record WindowRef(String name, Path device, long offset, long size, ConfigEntry origin) {
    /** The key prefix this window's keys share: "gchip" or "window.NAME". */
    public String prefix() {
        return name.equals("gchip") ? "gchip" : "window." + name;
    }

    @Override
    public String toString() {
        return device + " @0x" + Long.toHexString(offset) + " size 0x" + Long.toHexString(size);
    }
}

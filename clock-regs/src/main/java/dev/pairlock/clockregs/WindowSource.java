package dev.pairlock.clockregs;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a register window comes from, for mapping several windows together
 * ({@link MappedRegisterWindow#mapTogether}). The same four sources as
 * {@link MappedRegisterWindow}'s single-window factories; nothing is opened until the group maps.
 */
public final class WindowSource {
    /** Opens and maps the source, owned by nothing yet (the group decides). */
    @FunctionalInterface
    interface Mapper {
        WindowMapping map();
    }

    private final String description;
    private final Mapper mapper;

    private WindowSource(String description, Mapper mapper) {
        this.description = description;
        this.mapper = mapper;
    }

    /** As {@link MappedRegisterWindow#devMem(long, long)}. */
    public static WindowSource devMem(long physicalAddress, long size) {
        return new WindowSource(String.format("/dev/mem@0x%x", physicalAddress),
                () -> WindowMapping.devMem(physicalAddress, size));
    }

    /** As {@link MappedRegisterWindow#uio(int, int)}. */
    public static WindowSource uio(int uio, int map) {
        return uio(Path.of("/sys/class/uio/uio" + uio), Path.of("/dev/uio" + uio), map);
    }

    /** As {@link MappedRegisterWindow#uio(Path, Path, int)}. */
    public static WindowSource uio(Path sysDevice, Path node, int map) {
        Objects.requireNonNull(sysDevice, "sysDevice");
        Objects.requireNonNull(node, "node");
        return new WindowSource(node + "/map" + map, () -> WindowMapping.uio(sysDevice, node, map));
    }

    /** As {@link MappedRegisterWindow#pciResource(Path, long, long)}. */
    public static WindowSource pciResource(Path resource, long offset, long size) {
        Objects.requireNonNull(resource, "resource");
        return new WindowSource(resource + "@0x" + Long.toHexString(offset),
                () -> WindowMapping.pciResource(resource, offset, size));
    }

    /** As {@link MappedRegisterWindow#file(Path, long, long)}. */
    public static WindowSource file(Path file, long offset, long size) {
        Objects.requireNonNull(file, "file");
        return new WindowSource(file + "@0x" + Long.toHexString(offset),
                () -> WindowMapping.file(file, offset, size));
    }

    WindowMapping map() {
        return mapper.map();
    }

    @Override
    public String toString() {
        return description;
    }
}

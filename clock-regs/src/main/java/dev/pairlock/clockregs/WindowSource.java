package dev.pairlock.clockregs;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a register window comes from, for mapping several windows together
 * ({@link MappedRegisterWindow#mapTogether}). The same four sources as
 * {@link MappedRegisterWindow}'s single-window factories; nothing is opened until the group maps.
 */
public final class WindowSource {
    /** Opens and maps the source into the group's arena: the region and its name. */
    @FunctionalInterface
    interface Mapper {
        WindowMapping map(Arena owner);
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
                owner -> WindowMapping.devMem(physicalAddress, size, owner));
    }

    /** As {@link MappedRegisterWindow#uio(int, int)}. */
    public static WindowSource uio(int uio, int map) {
        return uio(Path.of("/sys/class/uio/uio" + uio), Path.of("/dev/uio" + uio), map);
    }

    /** As {@link MappedRegisterWindow#uio(Path, Path, int)}. */
    public static WindowSource uio(Path sysDevice, Path node, int map) {
        Objects.requireNonNull(sysDevice, "sysDevice");
        Objects.requireNonNull(node, "node");
        return new WindowSource(node + "/map" + map, owner -> WindowMapping.uio(sysDevice, node, map, owner));
    }

    /** As {@link MappedRegisterWindow#pciResource(Path, long, long)}. */
    public static WindowSource pciResource(Path resource, long offset, long size) {
        Objects.requireNonNull(resource, "resource");
        return new WindowSource(resource + "@0x" + Long.toHexString(offset),
                owner -> WindowMapping.pciResource(resource, offset, size, owner));
    }

    /** As {@link MappedRegisterWindow#file(Path, long, long)}. */
    public static WindowSource file(Path file, long offset, long size) {
        Objects.requireNonNull(file, "file");
        return new WindowSource(file + "@0x" + Long.toHexString(offset),
                owner -> WindowMapping.file(file, offset, size, owner));
    }

    WindowMapping map(Arena owner) {
        return mapper.map(owner);
    }

    @Override
    public String toString() {
        return description;
    }
}

package dev.pairlock.clockregs;

import dev.pairlock.clockregs.MappedRegisterWindow.Source;
import dev.pairlock.hal.DeviceUnavailableException;
import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.libc.CallState;
import dev.pairlock.libc.ErrnoException;
import dev.pairlock.libc.FixedMappings;
import dev.pairlock.libc.Libc;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A window's region, opened and mapped but owned by nothing yet: {@link #own} hands it to the
 * arena whose close or collection unmaps it (a window mapped alone: its own shared arena; a group:
 * the group's automatic arena, see {@link WindowGroup}), {@link #release} unmaps it when
 * setting up fails before that, and {@link #vacate} releases a closed group window's pages while
 * its owner still holds the range.
 *
 * @param name    for messages, e.g. "/dev/mem@0xfe000000"
 * @param address the mapping's first byte (page-aligned)
 * @param length  the mapping's length (whole pages)
 * @param delta   where the window starts in the mapping
 * @param size    the window's length in bytes
 */
record WindowMapping(String name, long address, long length, long delta, long size) {

    /** The window's bytes, owned by {@code owner}: its close, or its collection, unmaps them. */
    MemorySegment own(Arena owner) {
        long at = address;
        long bytes = length;
        return MemorySegment.ofAddress(at).reinterpret(bytes, owner, ignored -> unmap(at, bytes)).asSlice(delta, size);
    }

    /**
     * Releases the device's (or file's) pages at once and keeps the addresses: private zero pages,
     * readable and writable, take their place in one {@code mmap(MAP_FIXED)}, so no other mapping
     * can land in the range while a window of a group might still reach it ({@link WindowGroup}
     * says why readable and writable). Whoever owns the range unmaps it later as before.
     *
     * @throws dev.pairlock.hal.DeviceUnavailableException naming the window, address and length,
     *         if the kernel refuses (the device then stays mapped)
     */
    void vacate() {
        try (Arena a = Arena.ofConfined()) {
            FixedMappings.anonymousOver(CallState.allocate(a), MemorySegment.ofAddress(address).reinterpret(length),
                    Libc.PROT_READ | Libc.PROT_WRITE);
        } catch (ErrnoException e) {
            throw RegisterErrors.releaseFailure(name, address, length, e.number(), e.errno().description());
        }
    }

    /** Unmaps a mapping nothing owns yet (a group whose later source failed). */
    void release() {
        unmap(address, length);
    }

    static WindowMapping devMem(long physicalAddress, long size) {
        return map(Source.DEV_MEM, "/dev/mem", physicalAddress, size, String.format("/dev/mem@0x%x", physicalAddress));
    }

    static WindowMapping uio(Path sysDevice, Path node, int map) {
        HalArgumentException.checkRange("UIO map index", map, 0, 4);
        Path dir = sysDevice.resolve("maps").resolve("map" + map);
        long mapSize = readHex(dir.resolve("size"), node);
        long inPage = Files.exists(dir.resolve("offset")) ? readHex(dir.resolve("offset"), node) : 0;
        int page = Libc.pageSize();
        if (mapSize <= 0 || inPage < 0 || inPage >= page) {
            throw new DeviceUnavailableException(dir.toString(), "describes an unusable map (size 0x"
                    + Long.toHexString(mapSize) + ", offset in page 0x" + Long.toHexString(inPage) + ")",
                    "fix the UIO driver's mem[] entry");
        }
        // UIO selects map M by the mmap offset M * pagesize; the region starts inPage bytes into it
        return map(Source.UIO, node.toString(), (long) map * page, inPage, inPage + mapSize,
                mapSize, node + "/map" + map);
    }

    static WindowMapping pciResource(Path resource, long offset, long size) {
        return map(Source.PCI_RESOURCE, resource.toString(), offset, size, resource + "@0x" + Long.toHexString(offset));
    }

    static WindowMapping file(Path file, long offset, long size) {
        return map(Source.FILE, file.toString(), offset, size, file + "@0x" + Long.toHexString(offset));
    }

    private static WindowMapping map(Source source, String path, long offset, long size, String name) {
        if (offset < 0) {
            throw new HalArgumentException(name + ": offset 0x" + Long.toHexString(offset) + " is negative");
        }
        long page = Libc.pageSize();
        long pageStart = offset & -page;
        return map(source, path, pageStart, offset - pageStart, offset - pageStart + size, size, name);
    }

    /** Maps {@code [fileOffset, fileOffset + roundUp(span))} and keeps {@code [delta, delta + size)} of it. */
    private static WindowMapping map(Source source, String path, long fileOffset, long delta, long span,
            long size, String name) {
        if (size <= 0 || (size & 3) != 0) {
            throw new HalArgumentException(name + ": window size " + size
                    + " is invalid: use a positive multiple of 4 bytes (32-bit registers)");
        }
        if (((fileOffset + delta) & 3) != 0) {
            throw new HalArgumentException(name + ": window start is not 4-byte aligned: 32-bit registers need it");
        }
        checkRegularFileLength(source, path, fileOffset + delta + size);
        long page = Libc.pageSize();
        long length = (span + page - 1) & -page;
        try (Arena setup = Arena.ofConfined()) {
            CallState cs = CallState.allocate(setup);
            int fd;
            try {
                fd = Libc.open(cs, path, Libc.O_RDWR | Libc.O_CLOEXEC | (source == Source.DEV_MEM ? Libc.O_SYNC : 0));
            } catch (ErrnoException e) {
                throw RegisterErrors.openFailure(source, path, e.number(), e.errno().description());
            }
            MemorySegment mapping;
            try {
                mapping = Libc.mmap(cs, length, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED, fd, fileOffset);
            } catch (ErrnoException e) {
                throw RegisterErrors.mapFailure(source, name, e.number(), e.errno().description());
            } finally {
                Libc.tryClose(cs, fd); // the mapping outlives the descriptor
            }
            return new WindowMapping(name, mapping.address(), length, delta, size);
        }
    }

    private static void unmap(long address, long length) {
        try (Arena a = Arena.ofConfined()) {
            Libc.munmap(CallState.allocate(a), MemorySegment.ofAddress(address).reinterpret(length));
        }
    }

    /** Touching a mapped page past the end of a file raises SIGBUS: refuse such a window up front. */
    private static void checkRegularFileLength(Source source, String path, long needed) {
        Path p = Path.of(path);
        if (!Files.isRegularFile(p)) {
            return;
        }
        try {
            long length = Files.size(p);
            if (length < needed) {
                throw new DeviceUnavailableException(path, "is " + length + " bytes but the window ends at byte " + needed,
                        source == Source.FILE ? "extend the file (truncate -s " + needed + " " + path + ") or shrink the window"
                                : "check the offset and size against the BAR size");
            }
        } catch (IOException e) {
            throw new DeviceUnavailableException(path, "cannot be examined (" + e.getMessage() + ")", "check that it exists");
        }
    }

    private static long readHex(Path file, Path node) {
        try {
            String text = Files.readString(file).strip();
            return text.startsWith("0x") ? Long.parseUnsignedLong(text.substring(2), 16) : Long.parseLong(text);
        } catch (IOException | NumberFormatException e) {
            throw new DeviceUnavailableException(file.toString(), "cannot read the UIO map description ("
                    + e.getMessage() + ")", "check that " + node + " is bound to a UIO driver (ls /sys/class/uio)");
        }
    }
}

package dev.pairlock.datasync;

/**
 * One line of a pass's manifest: a path relative to the item's root ({@code ""} is the root itself),
 * what it is, and the metadata the SPARE must end up with.
 *
 * @param mode  permission bits including setuid, setgid and sticky (07777)
 * @param force send the content even if size and mtime match (a watched change: a write within the
 *              file system's timestamp granularity keeps the mtime)
 */
record Entry(String rel, Kind kind, int mode, int uid, int gid, long size, long mtimeNanos, String linkTarget, boolean force) {
    enum Kind {
        FILE, DIR, SYMLINK, DELETED
    }

    static Entry deleted(String rel) {
        return new Entry(rel, Kind.DELETED, 0, 0, 0, 0, 0, "", false);
    }

    void encode(Wire.Out out) {
        out.str(rel).u8(kind.ordinal() | (force ? 0x80 : 0)).u32(mode).u32(uid & 0xffffffffL).u32(gid & 0xffffffffL)
                .i64(size).i64(mtimeNanos).str(linkTarget);
    }

    static Entry decode(Wire.In in) throws ProtocolException {
        String rel = in.str();
        int k = in.u8();
        boolean force = (k & 0x80) != 0;
        k &= 0x7f;
        if (k >= Kind.values().length) {
            throw new ProtocolException("manifest entry " + rel + " has unknown kind " + k);
        }
        int mode = (int) in.u32();
        int uid = (int) in.u32();
        int gid = (int) in.u32();
        long size = in.i64();
        long mtime = in.i64();
        String link = in.str();
        if (size < 0 || (mode & ~07777) != 0) {
            throw new ProtocolException("manifest entry " + rel + " has size " + size + " mode 0" + Integer.toOctalString(mode));
        }
        return new Entry(rel, Kind.values()[k], mode, uid, gid, size, mtime, link, force);
    }

    /** Checks a relative path from the wire: no absolute path, no {@code .} or {@code ..}, no empty part. */
    static String checkRel(String rel) throws ProtocolException {
        if (rel.isEmpty()) {
            return rel;
        }
        if (rel.startsWith("/") || rel.endsWith("/") || rel.indexOf('\0') >= 0) {
            throw new ProtocolException("manifest path '" + rel + "' is not a relative path");
        }
        for (String part : rel.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new ProtocolException("manifest path '" + rel + "' has an empty, '.' or '..' component");
            }
        }
        return rel;
    }
}

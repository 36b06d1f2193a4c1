package dev.pairlock.datasync;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Lists what an item holds on this SC, without following symbolic links: the whole tree (a full
 * pass) or only the paths a watch reported (a delta pass). Sockets, FIFOs and devices are skipped.
 */
final class TreeScanner {
    static final int S_IFMT = 0170000;
    static final int S_IFREG = 0100000;
    static final int S_IFDIR = 0040000;
    static final int S_IFLNK = 0120000;
    private static final String ATTRS = "unix:mode,uid,gid,size,lastModifiedTime";

    private TreeScanner() {
    }

    /** What a scan found: whether the root is a directory, and the entries (root first, parents before children). */
    record Scan(boolean rootIsDir, List<Entry> entries) {
    }

    /** The item's root is missing or is neither a file nor a directory: the pass cannot run. */
    static final class RootMissing extends IOException {
        private static final long serialVersionUID = 1L;

        RootMissing(String message) {
            super(message);
        }
    }

    /** Everything under {@code root}; {@code forceRoot}: a file item's content is sent even if size and mtime match. */
    static Scan full(Path root, PathFilter filter, boolean forceRoot) throws IOException {
        Entry rootEntry = stat(root, "", forceRoot);
        if (rootEntry == null || rootEntry.kind() == Entry.Kind.SYMLINK) {
            throw new RootMissing(root + (rootEntry == null ? " does not exist on the MAIN" : " is a symbolic link on the MAIN;"
                    + " an item's path must be a file or a directory") + ": the SPARE's copy is left alone");
        }
        List<Entry> out = new ArrayList<>();
        out.add(rootEntry);
        if (rootEntry.kind() == Entry.Kind.DIR) {
            walk(root, "", filter, out, false);
        }
        return new Scan(rootEntry.kind() == Entry.Kind.DIR, out);
    }

    /**
     * The entries for {@code rels} as they are now: vanished ones as deletions, a directory with
     * everything below it (it may have been created with its contents before the watch saw it).
     * Every entry is forced: the watch said it changed, whatever its size and mtime say.
     */
    static Scan delta(Path root, PathFilter filter, Collection<String> rels) throws IOException {
        Entry rootEntry = stat(root, "", false);
        if (rootEntry == null || rootEntry.kind() != Entry.Kind.DIR) {
            return full(root, filter, true); // a file item, or the root itself changed: nothing smaller to do
        }
        List<Entry> out = new ArrayList<>();
        for (String rel : new TreeSet<>(rels)) { // sorted: a parent comes before its children
            if (rel.isEmpty()) {
                continue;
            }
            Path p = root.resolve(rel);
            Entry e = stat(p, rel, true);
            if (e == null) {
                out.add(Entry.deleted(rel));
            } else if (filter.accepts(rel, e.kind() == Entry.Kind.DIR) && parentsAccepted(rel, filter)) {
                out.add(e);
                if (e.kind() == Entry.Kind.DIR) {
                    walk(p, rel, filter, out, true);
                }
            }
        }
        return new Scan(true, out);
    }

    private static boolean parentsAccepted(String rel, PathFilter filter) {
        for (int i = rel.indexOf('/'); i > 0; i = rel.indexOf('/', i + 1)) {
            if (!filter.accepts(rel.substring(0, i), true)) {
                return false;
            }
        }
        return true;
    }

    private static void walk(Path dir, String relDir, PathFilter filter, List<Entry> out, boolean force) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(children::add);
        } catch (NoSuchFileException e) {
            return; // removed while we walked; the next pass sees it gone
        }
        for (Path p : children) {
            String name = p.getFileName().toString();
            String rel = relDir.isEmpty() ? name : relDir + "/" + name;
            Entry e = stat(p, rel, force);
            if (e == null || !filter.accepts(rel, e.kind() == Entry.Kind.DIR)) {
                continue;
            }
            out.add(e);
            if (e.kind() == Entry.Kind.DIR) {
                walk(p, rel, filter, out, force);
            }
        }
    }

    /** The entry for {@code p} (not following a link), or null if it does not exist or is not a file, directory or link. */
    static Entry stat(Path p, String rel, boolean force) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(p, ATTRS, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
        int mode = (Integer) a.get("mode");
        int uid = (Integer) a.get("uid");
        int gid = (Integer) a.get("gid");
        long size = (Long) a.get("size");
        long mtime = nanos((FileTime) a.get("lastModifiedTime"));
        return switch (mode & S_IFMT) {
            case S_IFREG -> new Entry(rel, Entry.Kind.FILE, mode & 07777, uid, gid, size, mtime, "", force);
            case S_IFDIR -> new Entry(rel, Entry.Kind.DIR, mode & 07777, uid, gid, 0, mtime, "", force);
            case S_IFLNK -> {
                String target;
                try {
                    target = Files.readSymbolicLink(p).toString();
                } catch (NoSuchFileException e) {
                    yield null;
                }
                yield new Entry(rel, Entry.Kind.SYMLINK, mode & 07777, uid, gid, 0, mtime, target, force);
            }
            default -> null;
        };
    }

    static long nanos(FileTime t) {
        return t.to(TimeUnit.NANOSECONDS);
    }

    static FileTime fileTime(long nanos) {
        return FileTime.from(nanos, TimeUnit.NANOSECONDS);
    }
}

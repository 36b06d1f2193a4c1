package dev.pairlock.datasync;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SPARE's copy of one item, changed only through the {@link ReceiverGate}: directories, links,
 * metadata and deletions, each checked against the same include/exclude filter the MAIN used, and
 * never through a symbolic link (a path whose parent is a link is refused).
 */
final class ReceiveTree {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private final Path root;
    private final Path rootParent;
    private final PathFilter filter;
    private final ReceiverGate gate;
    private final long epoch;
    private final boolean asRoot;
    private final Set<Path> safeDirs = ConcurrentHashMap.newKeySet();
    private final Set<Path> dirty = ConcurrentHashMap.newKeySet();
    private final AtomicInteger deleted = new AtomicInteger();
    /** Names in each directory as listed once per pass, kept up to date by this pass's own changes. */
    private final Map<Path, Set<String>> listings = new ConcurrentHashMap<>();

    ReceiveTree(Path root, PathFilter filter, ReceiverGate gate, long epoch, boolean asRoot) {
        this.root = root;
        this.rootParent = root.getParent();
        this.filter = filter;
        this.gate = gate;
        this.epoch = epoch;
        this.asRoot = asRoot;
    }

    /** The local path of {@code rel}; its parent directories exist and none is a link. */
    Path target(String rel) throws IOException {
        if (rel.isEmpty()) {
            Path parent = rootParent;
            if (safeDirs.add(parent)) {
                Files.createDirectories(parent);
            }
            return root;
        }
        Path t = root.resolve(rel);
        ensureDir(t.getParent());
        return t;
    }

    /**
     * The local path of {@code rel} for a deletion: null when a parent directory is missing (nothing
     * to delete); refused when a parent is not a directory (never delete through a link).
     */
    Path existingTarget(String rel) throws IOException {
        Path t = root.resolve(rel);
        for (Path d = t.getParent(); d != null && d.startsWith(root); d = d.getParent()) {
            if (safeDirs.contains(d)) {
                break;
            }
            Kind k = kindOf(d);
            if (k == null) {
                return null;
            }
            if (k != Kind.DIR) {
                throw new IOException(d + " is a " + k.name().toLowerCase() + " on the SPARE: nothing is deleted through it");
            }
        }
        return t;
    }

    private void ensureDir(Path dir) throws IOException {
        if (safeDirs.contains(dir) || dir.equals(rootParent)) {
            return;
        }
        if (!dir.startsWith(root)) {
            throw new ProtocolException(dir + " lies outside " + root);
        }
        if (!dir.equals(root)) {
            ensureDir(dir.getParent());
        }
        Kind k = kindOf(dir);
        if (k == null) {
            gate.apply(epoch, () -> Files.createDirectory(dir));
            created(dir);
            listings.put(dir, ConcurrentHashMap.newKeySet());
            dirty.add(dir.getParent());
        } else if (k != Kind.DIR) {
            throw new IOException(dir + " is a " + k.name().toLowerCase() + " on the SPARE where the MAIN has a directory;"
                    + " nothing is written through it");
        }
        safeDirs.add(dir);
    }

    enum Kind {
        FILE, DIR, LINK, OTHER
    }

    static Kind kind(Path p) throws IOException {
        try {
            int mode = (Integer) Files.getAttribute(p, "unix:mode", NOFOLLOW);
            return switch (mode & TreeScanner.S_IFMT) {
                case TreeScanner.S_IFREG -> Kind.FILE;
                case TreeScanner.S_IFDIR -> Kind.DIR;
                case TreeScanner.S_IFLNK -> Kind.LINK;
                default -> Kind.OTHER;
            };
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * {@link #kind} without a failed stat per missing name: a fresh SPARE has nothing yet, and a
     * missing path costs the JDK an exception with a stack trace. One readdir per directory instead.
     */
    Kind kindOf(Path p) throws IOException {
        Path dir = p.getParent();
        if (dir == null) {
            return kind(p);
        }
        Set<String> names = listings.computeIfAbsent(dir, ReceiveTree::list);
        return names.contains(p.getFileName().toString()) ? kind(p) : null;
    }

    private static Set<String> list(Path dir) {
        Set<String> names = ConcurrentHashMap.newKeySet();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(c -> names.add(c.getFileName().toString()));
        } catch (IOException e) {
            // absent or unreadable: nothing listed; the operations that follow report real errors
        }
        return names;
    }

    private void created(Path p) {
        Set<String> names = listings.get(p.getParent());
        if (names != null) {
            names.add(p.getFileName().toString());
        }
    }

    private void removed(Path p) {
        Set<String> names = listings.get(p.getParent());
        if (names != null) {
            names.remove(p.getFileName().toString());
        }
        listings.remove(p);
    }

    /** The size of a regular file at {@code p}, or null. */
    Long regularSize(Path p) throws IOException {
        return kindOf(p) == Kind.FILE ? Files.size(p) : null;
    }

    void directory(Path target, Entry e) throws IOException {
        Kind k = kindOf(target);
        if (k != null && k != Kind.DIR) {
            removeTree(target, e.rel());
            k = null;
        }
        if (k == null) {
            gate.apply(epoch, () -> Files.createDirectory(target));
            created(target);
            listings.put(target, ConcurrentHashMap.newKeySet());
            dirty.add(target.getParent());
        }
        fixMetadata(target, e);
        safeDirs.add(target);
    }

    int symlink(Path target, Entry e) throws IOException {
        Kind k = kindOf(target);
        if (k == Kind.LINK && Files.readSymbolicLink(target).toString().equals(e.linkTarget())) {
            return 0;
        }
        if (k == Kind.DIR) {
            removeTree(target, e.rel());
        }
        Path tmp = target.resolveSibling(PathFilter.PART_PREFIX + "link." + Long.toHexString(System.identityHashCode(e))
                + Long.toHexString(e.mtimeNanos()));
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, Path.of(e.linkTarget()));
        if (asRoot) {
            Files.setAttribute(tmp, "unix:uid", e.uid(), NOFOLLOW);
            Files.setAttribute(tmp, "unix:gid", e.gid(), NOFOLLOW);
        }
        try {
            gate.apply(epoch, () -> Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING));
        } finally {
            Files.deleteIfExists(tmp);
        }
        created(target);
        dirty.add(target.getParent());
        return 1;
    }

    /**
     * A deletion the MAIN reported: the path and, for a directory, everything below it the filter
     * selects. A path the filter does not select (itself or a parent directory) is not ours to
     * delete: a delta pass reports every vanished path the watch saw, excluded names too.
     */
    void delete(Path target, String rel) throws IOException {
        Kind k = kindOf(target);
        if (k != null && selected(rel, k == Kind.DIR)) {
            removeTree(target, rel);
        }
    }

    private boolean selected(String rel, boolean directory) {
        for (int i = rel.indexOf('/'); i > 0; i = rel.indexOf('/', i + 1)) {
            if (!filter.accepts(rel.substring(0, i), true)) {
                return false;
            }
        }
        return filter.accepts(rel, directory);
    }

    /** Makes room for a file: a directory or a link where the MAIN has a file goes. */
    void clearForFile(Path target, String rel) throws IOException {
        Kind k = kindOf(target);
        if (k == Kind.DIR || k == Kind.LINK || k == Kind.OTHER) {
            removeTree(target, rel);
            if (kind(target) != null) {
                throw new IOException(target + " is a directory on the SPARE holding files the filter excludes;"
                        + " the MAIN has a file there: remove it by hand");
            }
        }
    }

    private void removeTree(Path p, String rel) throws IOException {
        Kind k = kind(p);
        if (k == Kind.DIR) {
            List<Path> children = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
                ds.forEach(children::add);
            }
            for (Path c : children) {
                String crel = rel.isEmpty() ? c.getFileName().toString() : rel + "/" + c.getFileName();
                Kind ck = kind(c);
                if (c.getFileName().toString().startsWith(PathFilter.PART_PREFIX) || filter.accepts(crel, ck == Kind.DIR)) {
                    removeTree(c, crel);
                }
            }
            safeDirs.remove(p);
        }
        try {
            gate.apply(epoch, () -> Files.deleteIfExists(p));
            deleted.incrementAndGet();
            removed(p);
        } catch (DirectoryNotEmptyException kept) {
            // it holds files the filter excludes: those are not ours to delete, so the directory stays
        }
        dirty.add(p.getParent());
    }

    /** Size and mtime match and it is a regular file: the content is taken as current (unless forced). */
    boolean fileIsCurrent(Path target, Entry e) throws IOException {
        if (e.force() || kindOf(target) == null) {
            return false;
        }
        try {
            var a = Files.readAttributes(target, "unix:mode,size,lastModifiedTime", NOFOLLOW);
            return ((Integer) a.get("mode") & TreeScanner.S_IFMT) == TreeScanner.S_IFREG && (Long) a.get("size") == e.size()
                    && TreeScanner.nanos((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")) == e.mtimeNanos();
        } catch (NoSuchFileException x) {
            return false;
        }
    }

    /** Brings mode and (as root) owner in line; 1 if something changed. */
    int fixMetadata(Path target, Entry e) throws IOException {
        var a = Files.readAttributes(target, "unix:mode,uid,gid", NOFOLLOW);
        int changed = 0;
        if (((Integer) a.get("mode") & 07777) != e.mode()) {
            gate.apply(epoch, () -> Files.setAttribute(target, "unix:mode", e.mode(), NOFOLLOW));
            changed = 1;
        }
        if (asRoot && ((Integer) a.get("uid") != e.uid() || (Integer) a.get("gid") != e.gid())) {
            gate.apply(epoch, () -> {
                Files.setAttribute(target, "unix:uid", e.uid(), NOFOLLOW);
                Files.setAttribute(target, "unix:gid", e.gid(), NOFOLLOW);
            });
            changed = 1;
        }
        if (changed != 0) {
            dirty.add(e.kind() == Entry.Kind.DIR ? target : target.getParent());
        }
        return changed;
    }

    void touched(Path dir) {
        dirty.add(dir);
    }

    int deletedCount() {
        return deleted.get();
    }

    /** After a complete full pass: deletes what the MAIN no longer has (that the filter selects), and stale parts. */
    int deleteExtraneous(List<Entry> entries) throws IOException {
        Set<String> keep = new HashSet<>(entries.size() * 2);
        for (Entry e : entries) {
            keep.add(e.rel());
        }
        int before = deleted.get();
        sweep(root, "", keep);
        return deleted.get() - before;
    }

    private void sweep(Path dir, String relDir, Set<String> keep) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(children::add);
        } catch (NoSuchFileException e) {
            return;
        }
        for (Path c : children) {
            String name = c.getFileName().toString();
            String rel = relDir.isEmpty() ? name : relDir + "/" + name;
            Kind k = kind(c);
            if (k == null) {
                continue;
            }
            if (name.startsWith(PathFilter.PART_PREFIX)) {
                gate.apply(epoch, () -> Files.deleteIfExists(c));
                dirty.add(dir);
            } else if (!filter.accepts(rel, k == Kind.DIR)) {
                continue;
            } else if (!keep.contains(rel)) {
                removeTree(c, rel);
            } else if (k == Kind.DIR) {
                sweep(c, rel, keep);
            }
        }
    }

    /** Directory mtimes as on the MAIN, deepest first (creating a child changes its parent's mtime). */
    void directoryTimes(List<Entry> entries) throws IOException {
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry e = entries.get(i);
            if (e.kind() != Entry.Kind.DIR) {
                continue;
            }
            Path t = target(e.rel());
            if (kind(t) == Kind.DIR && TreeScanner.nanos(Files.getLastModifiedTime(t, NOFOLLOW)) != e.mtimeNanos()) {
                gate.apply(epoch, () -> Files.setLastModifiedTime(t, TreeScanner.fileTime(e.mtimeNanos())));
                dirty.add(t);
            }
        }
    }

    /** fsync of every directory whose entries (or times) changed: the renames and deletions are durable. */
    void syncDirectories() throws IOException {
        for (Path d : dirty) {
            try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
                ch.force(true);
            } catch (NoSuchFileException gone) {
                // deleted after it was touched
            }
        }
        dirty.clear();
    }
}

package dev.pairlock.datasync;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the immediate items with the JDK's {@link WatchService} (inotify on Linux; the JDK has
 * no recursive watch there, so every directory of a tree is registered, and new ones as they
 * appear). Each change is reported as (item, path relative to the item's root); a lost-events
 * overflow or a change of the root itself as "" (a full pass). The item's parent directory is
 * watched too, so that a root created, deleted or renamed is seen.
 */
final class TreeWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TreeWatcher.class);

    /** Receives changes on the watcher's thread; hand them to the engine's scheduler. */
    interface Sink {
        /** {@code rel} (relative to the item's root) was created, deleted or modified. */
        void changed(int item, String rel);

        /** The root itself changed, or events were lost; {@code isFile}: the root is a regular file whose content changed. */
        void rootChanged(int item, boolean isFile);
    }

    /** What a registered directory is: which item, and where in it (null rel: the root's parent, only the root's name counts). */
    private record Watched(int item, Path dir, String rel) {
    }

    private final WatchService ws;
    private final List<SyncItem> items;
    private final List<Path> roots;
    private final Sink sink;
    private final Map<WatchKey, List<Watched>> keys = new ConcurrentHashMap<>();
    private final Thread thread;

    /** @param roots where each item's data lives on this SC ({@link SyncConfig#location}) */
    TreeWatcher(List<SyncItem> items, List<Path> roots, Sink sink) throws IOException {
        this.ws = FileSystems.getDefault().newWatchService();
        this.items = items;
        this.roots = roots;
        this.sink = sink;
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).type() == SyncType.IMMEDIATE) {
                Path root = roots.get(i);
                register(i, root.getParent(), null);
                if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
                    registerTree(i, root, "");
                }
            }
        }
        thread = new Thread(this::run, "datasync-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void register(int item, Path dir, String rel) {
        try {
            WatchKey k = dir.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
            keys.compute(k, (key, list) -> {
                List<Watched> l = list == null ? new java.util.ArrayList<>() : new java.util.ArrayList<>(list);
                l.removeIf(w -> w.item() == item && java.util.Objects.equals(w.rel(), rel));
                l.add(new Watched(item, dir, rel));
                return List.copyOf(l);
            });
        } catch (NoSuchFileException gone) {
            // removed before we got to it: its parent's event reports that
        } catch (IOException e) {
            log.warn("datasync: cannot watch {} ({}): item {} is synced by full passes only until it can be",
                    dir, ReceivePass.describe(e), items.get(item).name());
            sink.rootChanged(item, false);
        }
    }

    private void registerTree(int item, Path dir, String rel) {
        register(item, dir, rel);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path c : ds) {
                if (Files.isDirectory(c, LinkOption.NOFOLLOW_LINKS)) {
                    String crel = rel.isEmpty() ? c.getFileName().toString() : rel + "/" + c.getFileName();
                    if (items.get(item).filter().accepts(crel, true)) {
                        registerTree(item, c, crel);
                    }
                }
            }
        } catch (IOException e) {
            // vanished or unreadable: the pass that follows reports it
        }
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = ws.take();
                List<Watched> ws0 = keys.getOrDefault(key, List.of());
                for (WatchEvent<?> ev : key.pollEvents()) {
                    for (Watched w : ws0) {
                        handle(w, ev);
                    }
                }
                if (!key.reset()) {
                    keys.remove(key);
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closed: the engine stops
        }
    }

    private void handle(Watched w, WatchEvent<?> ev) {
        SyncItem item = items.get(w.item());
        Path root = roots.get(w.item());
        if (ev.kind() == StandardWatchEventKinds.OVERFLOW) {
            log.info("datasync: watch of {} lost events (overflow): a full pass follows", root);
            sink.rootChanged(w.item(), false);
            return;
        }
        String name = ev.context().toString();
        if (w.rel() == null) {
            if (name.equals(root.getFileName().toString())) {
                boolean dir = Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS);
                if (dir) {
                    registerTree(w.item(), root, ""); // (re)created root
                }
                sink.rootChanged(w.item(), !dir && Files.isRegularFile(root, LinkOption.NOFOLLOW_LINKS));
            }
            return;
        }
        if (name.startsWith(PathFilter.PART_PREFIX)) {
            return;
        }
        String rel = w.rel().isEmpty() ? name : w.rel() + "/" + name;
        Path p = w.dir().resolve(name);
        if (ev.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                && item.filter().accepts(rel, true)) {
            registerTree(w.item(), p, rel);
        }
        sink.changed(w.item(), rel);
    }

    @Override
    public void close() {
        try {
            ws.close();
        } catch (IOException ignored) {
            // closing
        }
        thread.interrupt();
    }
}

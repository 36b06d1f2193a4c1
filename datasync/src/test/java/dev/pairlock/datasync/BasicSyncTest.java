package dev.pairlock.datasync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two engines over loopback: content, metadata, deletions, links, filters. */
class BasicSyncTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    @Test
    void aTreeWithModesTimesAndLinksArrivesWholeAndChangesFollow() throws Exception {
        try (Pair pair = new Pair(tmp, root -> List.of(SyncItem.immediate("etc", root.resolve("etc"), 1)))) {
            Path m = pair.sc0.path("etc");
            Files.createDirectories(m.resolve("sub/deeper"));
            Files.writeString(m.resolve("a.conf"), "alpha\n");
            Files.writeString(m.resolve("sub/deeper/b.sh"), "#!/bin/sh\necho b\n");
            Files.setAttribute(m.resolve("sub/deeper/b.sh"), "unix:mode", 0750);
            Files.setLastModifiedTime(m.resolve("a.conf"), FileTime.from(Instant.parse("2020-01-02T03:04:05.123456789Z")));
            Files.createSymbolicLink(m.resolve("link"), Path.of("a.conf"));
            pair.mainIs0(1);
            Path s = pair.sc1.path("etc");
            Pair.awaitInSync(pair.sc0, 1, WAIT);
            assertEquals(Pair.listTree(m), Pair.listTree(s));
            assertEquals("alpha\n", Files.readString(s.resolve("a.conf")));
            assertEquals(0750, (Integer) Files.getAttribute(s.resolve("sub/deeper/b.sh"), "unix:mode") & 07777);
            assertEquals(Files.getLastModifiedTime(m.resolve("a.conf")), Files.getLastModifiedTime(s.resolve("a.conf")));
            assertEquals(Path.of("a.conf"), Files.readSymbolicLink(s.resolve("link")));

            // an edit, a new file, a deletion: the watch sees them and the SPARE follows
            Files.writeString(m.resolve("a.conf"), "alpha2\n");
            Files.writeString(m.resolve("sub/new.txt"), "new");
            Files.delete(m.resolve("sub/deeper/b.sh"));
            Pair.await(WAIT, () -> Pair.sameContent(m.resolve("a.conf"), s.resolve("a.conf"))
                    && Files.exists(s.resolve("sub/new.txt")) && !Files.exists(s.resolve("sub/deeper/b.sh")),
                    () -> "the SPARE has " + Pair.listTree(s));
            Pair.awaitInSync(pair.sc0, 1, WAIT);
            Pair.await(WAIT, () -> pair.sc1.engine.status().priority1InSync(), () -> pair.sc1.engine.status().describe());
            assertTrue(pair.sc1.engine.status().source().contains("SC0"), pair.sc1.engine.status().source());
            assertEquals(Pair.listTree(m), Pair.listTree(s));
        }
    }

    @Test
    void includeAndExcludeSelectWhatIsSentAndWhatIsDeleted() throws Exception {
        try (Pair pair = new Pair(tmp, root -> List.of(SyncItem.immediate("scripts", root.resolve("scripts"), 2)
                .withFilter(List.of("*.sh", "lib/**"), List.of("*.tmp", "cache/**", "build"))))) {
            Path m = pair.sc0.path("scripts");
            Path s = pair.sc1.path("scripts");
            Files.createDirectories(m.resolve("lib/x"));
            Files.createDirectories(m.resolve("cache"));
            Files.writeString(m.resolve("run.sh"), "run");
            Files.writeString(m.resolve("notes.txt"), "not included");
            Files.writeString(m.resolve("lib/x/helper.py"), "included by lib/**");
            Files.writeString(m.resolve("skip.tmp.sh"), "included by *.sh");
            Files.writeString(m.resolve("cache/big.sh"), "excluded directory");
            Files.writeString(m.resolve("lib/x/scratch.tmp"), "excluded by name");
            Files.createDirectories(m.resolve("build/out"));
            Files.writeString(m.resolve("build/out/a.sh"), "the directory is excluded, so is all below it");
            // the SPARE holds a file the filter does not select, and one it selects that the MAIN lacks
            Files.createDirectories(s);
            Files.writeString(s.resolve("local.txt"), "the SPARE's own");
            Files.writeString(s.resolve("stale.sh"), "gone from the MAIN");
            pair.mainIs0(1);
            Pair.awaitInSync(pair.sc0, 2, WAIT);
            // cache/** excludes what is below cache, not cache itself (as rsync): an empty directory
            assertEquals(List.of("cache", "lib", "lib/x", "lib/x/helper.py", "local.txt", "run.sh", "skip.tmp.sh"),
                    Pair.listTree(s));
        }
    }

    @Test
    void aDeletedDirectoryAndAReplacedFileFollow() throws Exception {
        try (Pair pair = new Pair(tmp, root -> List.of(SyncItem.immediate("etc", root.resolve("etc"), 1),
                SyncItem.immediate("motd", root.resolve("motd.txt"), 1)))) {
            Path m = pair.sc0.path("etc");
            Path s = pair.sc1.path("etc");
            Files.createDirectories(m.resolve("old/deep"));
            Files.writeString(m.resolve("old/deep/f"), "f");
            Files.writeString(m.resolve("keep"), "k");
            Files.writeString(pair.sc0.path("motd.txt"), "hello");
            pair.mainIs0(1);
            Pair.awaitInSync(pair.sc0, 1, WAIT);
            assertEquals("hello", Files.readString(pair.sc1.path("motd.txt")));
            assertTrue(Files.exists(s.resolve("old/deep/f")));

            deleteTree(m.resolve("old"));
            // an editor's save: write a temporary file, rename it over the original
            Path t = pair.sc0.path(".motd.swp");
            Files.writeString(t, "hello again");
            Files.move(t, pair.sc0.path("motd.txt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Pair.await(WAIT, () -> !Files.exists(s.resolve("old"), LinkOption.NOFOLLOW_LINKS)
                    && "hello again".equals(new String(Pair.read(pair.sc1.path("motd.txt")))), () -> Pair.listTree(s).toString());
            assertEquals(List.of("keep"), Pair.listTree(s));
            assertFalse(Files.exists(pair.sc1.path(".motd.swp")), "only the item's own file is synced");
        }
    }

    static void deleteTree(Path p) throws java.io.IOException {
        try (var w = Files.walk(p)) {
            for (Path x : w.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }

    /**
     * README: "excluded files are never deleted" on the SPARE. A file the filter excludes (or does not
     * include), deleted on the MAIN, reaches the SPARE as a DELETED entry of a delta pass (the watch
     * does not filter, TreeScanner.delta emits a deletion for any vanished path, ReceivePass.plan does
     * not check the filter) and the SPARE's own file of that name is deleted.
     */
    @Test
    void aDeltaDeletionOfAnExcludedNameLeavesTheSparesFileAlone() throws Exception {
        try (Pair pair = new Pair(tmp, root -> List.of(SyncItem.immediate("scripts", root.resolve("scripts"), 1)
                .withFilter(List.of("*.sh"), List.of("*.tmp"))))) {
            Path m = pair.sc0.path("scripts");
            Path s = pair.sc1.path("scripts");
            Files.createDirectories(m);
            Files.createDirectories(s);
            Files.writeString(m.resolve("run.sh"), "run");
            Files.writeString(s.resolve("local.tmp"), "the SPARE's own, excluded");
            Files.writeString(s.resolve("notes.txt"), "the SPARE's own, not included");
            pair.mainIs0(1);
            Pair.awaitInSync(pair.sc0, 1, WAIT);
            assertTrue(Files.exists(s.resolve("local.tmp")) && Files.exists(s.resolve("notes.txt")), "full pass kept them");

            // on the MAIN an editor's scratch files of the same names come and go
            Files.writeString(m.resolve("local.tmp"), "scratch");
            Files.writeString(m.resolve("notes.txt"), "scratch");
            Files.delete(m.resolve("local.tmp"));
            Files.delete(m.resolve("notes.txt"));
            // and an included change that the SPARE must see (so we know the delta pass ran)
            Files.writeString(m.resolve("run.sh"), "run2");
            Pair.await(WAIT, () -> Pair.sameContent(m.resolve("run.sh"), s.resolve("run.sh")), () -> Pair.listTree(s).toString());
            Pair.awaitInSync(pair.sc0, 1, WAIT);
            Thread.sleep(300);
            assertTrue(Files.exists(s.resolve("local.tmp")), "excluded local.tmp deleted on the SPARE: " + Pair.listTree(s));
            assertTrue(Files.exists(s.resolve("notes.txt")), "not-included notes.txt deleted on the SPARE: " + Pair.listTree(s));
        }
    }
}

package dev.pairlock.datasync;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Findings of the datasync review: each test fails on 62e056e. */
class ReviewFindingsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

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

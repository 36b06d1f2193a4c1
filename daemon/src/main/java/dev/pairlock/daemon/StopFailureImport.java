package dev.pairlock.daemon;

import dev.pairlock.events.EventDraft;
import dev.pairlock.events.EventKind;
import dev.pairlock.events.EventReporter;
import dev.pairlock.events.SelQuery;
import dev.pairlock.events.SelReader;
import dev.pairlock.events.SelRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start's half of {@link StopFailureFile}: each failure the previous stop could not put in the SEL
 * becomes a {@code STOP_STEP_FAILED} record (with {@code failed_at}, when it happened, and {@code from},
 * the file), and the file is removed once every one of them is durable — not before, so a crash or a
 * failed write keeps it for the next start.
 *
 * <p>No duplicates: each record carries the line's {@code entry}, and one already in the SEL (a crash
 * came between the SEL's write and the file's removal) is not recorded again. A line that cannot be
 * read is recorded as a failure of its own (step {@code (unreadable)}, the error {@code file:line: what})
 * and the file is kept aside as {@code stop-failures.malformed-MILLIS}, not removed; the readable lines
 * are recorded all the same. Nothing here fails the start: what goes wrong is logged and the file kept.
 */
final class StopFailureImport {
    private static final Logger LOG = LoggerFactory.getLogger("pairlockd");
    /** How long the start waits for the SEL to store the imported records (it syncs each batch; seconds at worst). */
    static final Duration WAIT = Duration.ofSeconds(10);

    private StopFailureImport() {
    }

    /** Imports {@code stateDir}'s stop-failures file, if any, into the SEL in {@code selDir} through {@code reporter}. */
    static void run(Path stateDir, EventReporter reporter, Path selDir, InstantSource wall) {
        StopFailureFile file = new StopFailureFile(stateDir);
        try {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file.path());
            } catch (NoSuchFileException e) {
                return; // the previous stop had no failure after the SEL closed: the common case
            }
            StopFailureFile.Parsed parsed = file.parse(bytes);
            Set<String> inSel = SelReader.of(selDir).read(new SelQuery(null, Set.of(EventKind.STOP_STEP_FAILED), 0)).records()
                    .stream().map(r -> r.field("entry")).collect(Collectors.toSet());
            List<CompletableFuture<SelRecord>> stored = new ArrayList<>();
            int again = 0;
            for (StopFailureFile.Entry e : parsed.entries()) {
                if (inSel.contains(e.id())) {
                    again++; // recorded by a start that crashed before it removed the file
                    continue;
                }
                stored.add(reporter.record(StopRecord.draft(e).with("failed_at", e.at()).with("from", file.path())));
            }
            CRC32C crc = new CRC32C();
            crc.update(bytes);
            Path aside = file.path().resolveSibling(StopFailureFile.NAME + ".malformed-" + wall.millis());
            for (String problem : parsed.problems()) {
                LOG.error("{}; the file is kept as {}", problem, aside);
                // the same line of the same file gets the same entry: recorded once, however often imported
                String entry = "unreadable-" + Long.toHexString(crc.getValue()) + "-" + problem.substring(file.path().toString().length());
                if (!inSel.contains(entry)) {
                    stored.add(reporter.record(EventDraft.of(EventKind.STOP_STEP_FAILED, dev.pairlock.failover.Role.UNKNOWN, 0)
                            .with("step", "(unreadable)").with("error", problem)
                            .with("left", "a failure of the previous stop may be missing here: see that stop's journal; the file"
                                    + " is kept as " + aside).with("entry", entry)));
                }
            }
            CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new)).get(WAIT.toNanos(), TimeUnit.NANOSECONDS);
            if (parsed.problems().isEmpty()) {
                Files.delete(file.path());
            } else {
                Files.move(file.path(), aside, StandardCopyOption.ATOMIC_MOVE);
            }
            dev.pairlock.config.AtomicFiles.syncDirectory(file.path().toAbsolutePath().getParent());
            LOG.info("{}: {} failure(s) of the previous stop recorded in the SEL{}{}", file.path(), stored.size(),
                    again > 0 ? " (" + again + " already there: a start stopped before it removed the file)" : "",
                    parsed.problems().isEmpty() ? "; file removed" : "; file kept as " + aside);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.error("{}: interrupted while the SEL stored the previous stop's failures; the file is kept for the next start",
                    file.path());
        } catch (Exception e) { // the SEL's disk, the state directory: the file stays for the next start
            LOG.error("{}: the previous stop's failures could not all be recorded in the SEL ({}); the file is kept for the"
                    + " next start", file.path(), e.toString(), e);
        }
    }
}

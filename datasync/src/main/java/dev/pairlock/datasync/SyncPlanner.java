package dev.pairlock.datasync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The MAIN's decisions, with no I/O, no threads and no clock of its own (every input carries the
 * time): which item to sync next (priority 1 first, then config order), whether a pass of lower
 * priority must yield, how failures are retried and when they count as FAILED, and the Datasync
 * Status of each priority. Runs on the engine's scheduler only.
 */
final class SyncPlanner {
    /** A changed-path set larger than this is synced as a full pass instead. */
    static final int MAX_DELTA = 10_000;
    /** Retry delay after a transient refusal (the other SC is changing role), capped by the item's retry interval. */
    static final long TRANSIENT_RETRY_NANOS = 500_000_000L;
    /**
     * First retry after no session could be opened on any link; it doubles with each such failure in
     * a row, up to the item's retry interval. A SPARE whose daemon is still starting refuses the
     * connection for a moment while its peer link already talks: waiting the whole interval (30 s by
     * default) kept S5's gate shut that long after every SPARE restart (kernel VM campaign).
     */
    static final long NO_LINK_RETRY_NANOS = 500_000_000L;

    private final List<ItemState> items = new ArrayList<>();
    private final Instant[] lastFull = new Instant[4];

    private static final class ItemState {
        final SyncItem item;
        boolean full = true;
        boolean forceRoot; // a watched file item changed: send it even if size and mtime match
        final Set<String> changed = new HashSet<>();
        boolean running;
        int failures;
        /** Failures in a row to open any session (none counts in {@link #failures}); 0 after a session. */
        int noLinkStreak;
        /**
         * Its last attempt found no link: due again as soon as a new session shows the link is back
         * ({@link #linkUp}), not when its backoff, grown over a long outage, runs out.
         */
        boolean waitsForLink;
        String failure;
        long retryAt = Long.MIN_VALUE;
        long waitingSince = Long.MIN_VALUE;
        String disabled;
        /** Non-null: another SC's own data, never sent by this SC (configuration: for good, never cleared). */
        final String copyOnly;
        boolean synced;

        ItemState(SyncItem item, String copyOnly) {
            this.item = item;
            this.copyOnly = copyOnly;
            this.disabled = copyOnly;
        }

        boolean hasWork() {
            return disabled == null && (full || !changed.isEmpty());
        }

        boolean failed(long now) {
            if (failure == null) {
                return false;
            }
            return failures > item.retries() || waitingSince != Long.MIN_VALUE
                    && now - waitingSince > (item.retries() + 1L) * item.retryInterval().toNanos();
        }
    }

    /** What to do next: a full pass of the item, or a delta pass of the paths that changed. */
    record Job(int item, SyncItem syncItem, boolean full, boolean forceRoot, Set<String> paths) {
    }

    /** How a job ended. */
    sealed interface Result {
    }

    /** The pass ran: {@code failures} (path, reason) failed on the SPARE; {@code changed} changed on the MAIN while sent. */
    record Synced(boolean complete, List<String[]> failures, List<String> changed) implements Result {
    }

    record Failed(String reason, boolean transientCause) implements Result {
    }

    /** No session could be opened on any link (see {@link #noLink}). */
    record NoLink(String reason) implements Result {
    }

    record Disabled(String reason) implements Result {
    }

    /** The sender stopped (role change, shutdown): nothing is counted, the work stays due. */
    record Aborted() implements Result {
    }

    /** A planner that sends every item (tests of the decisions alone). */
    SyncPlanner(List<SyncItem> items) {
        items.forEach(i -> this.items.add(new ItemState(i, null)));
    }

    /**
     * The planner of SC {@code self}: another SC's own items (sync.item.NAME.origin) are disabled for
     * good, so no new session or role makes them due, and no missing link charges them a retry.
     */
    SyncPlanner(List<SyncItem> items, dev.pairlock.hal.ScId self) {
        items.forEach(i -> this.items.add(new ItemState(i, i.copyOnlyOn(self).orElse(null))));
    }

    int size() {
        return items.size();
    }

    SyncItem item(int i) {
        return items.get(i).item;
    }

    /** A watch saw {@code rel} change ("" = the item's root: a full pass). */
    void changed(int item, String rel) {
        ItemState s = items.get(item);
        if (s.disabled != null) {
            return;
        }
        if (rel.isEmpty() || s.changed.size() >= MAX_DELTA) {
            s.full = true;
            s.changed.clear();
        } else if (!s.full) {
            s.changed.add(rel);
        }
    }

    /**
     * The item's root changed as a whole (created, replaced, an overflow): a full pass; {@code forceContent}
     * for a file item whose content a watch saw change (its mtime may not have moved).
     */
    void rootChanged(int item, boolean forceContent) {
        ItemState s = items.get(item);
        if (s.disabled != null) {
            return;
        }
        s.forceRoot |= forceContent;
        s.full = true;
        s.changed.clear();
    }

    void full(int item) {
        ItemState s = items.get(item);
        s.full = true;
        s.changed.clear();
    }

    /** A new session (or role): everything is compared again, and sync flags are judged again. */
    void fullAll() {
        fullAllBut(-1);
    }

    /** {@link #fullAll} but for {@code except}, whose full pass just ran in the new session. */
    void fullAllBut(int except) {
        for (int i = 0; i < items.size(); i++) {
            ItemState s = items.get(i);
            if (i == except) {
                continue;
            }
            s.disabled = s.copyOnly;
            s.full = true;
            s.changed.clear();
        }
    }

    /** The next job due at {@code now}, or null; the item is marked running. */
    Job next(long now) {
        ItemState best = null;
        int bestIndex = -1;
        for (int i = 0; i < items.size(); i++) {
            ItemState s = items.get(i);
            if (s.running || !s.hasWork() || s.retryAt > now) {
                continue;
            }
            if (best == null || s.item.priority() < best.item.priority()) {
                best = s;
                bestIndex = i;
            }
        }
        if (best == null) {
            return null;
        }
        Job job = new Job(bestIndex, best.item, best.full, best.forceRoot, best.full ? Set.of() : Set.copyOf(best.changed));
        best.running = true;
        best.full = false;
        best.forceRoot = false;
        best.changed.clear();
        return job;
    }

    /** Whether work of a higher priority than {@code priority} is due: the running pass should yield. */
    boolean preempts(int priority, long now) {
        for (ItemState s : items) {
            if (!s.running && s.hasWork() && s.retryAt <= now && s.item.priority() < priority) {
                return true;
            }
        }
        return false;
    }

    /** The earliest time a retry falls due, or {@code Long.MAX_VALUE}. */
    long nextRetry(long now) {
        long t = Long.MAX_VALUE;
        for (ItemState s : items) {
            if (!s.running && s.hasWork() && s.retryAt > now) {
                t = Math.min(t, s.retryAt);
            }
        }
        return t;
    }

    void done(Job job, Result result, long now, Instant wall) {
        ItemState s = items.get(job.item());
        s.running = false;
        if (!(result instanceof Aborted || result instanceof NoLink)) {
            s.noLinkStreak = 0; // a session was open: the link is back
            s.waitsForLink = false;
        }
        if (result instanceof Synced ran && !ran.changed().isEmpty()) {
            ran.changed().forEach(rel -> changed(job.item(), rel)); // sent again at once, no failure counted
        }
        switch (result) {
            case Synced ok when ok.failures().isEmpty() -> {
                if (!ok.complete()) {
                    requeue(s, job);
                    return;
                }
                s.failures = 0;
                s.failure = null;
                s.waitingSince = Long.MIN_VALUE;
                s.retryAt = Long.MIN_VALUE;
                s.synced = true;
                int p = s.item.priority();
                if (statusOf(p, now).state() == SyncState.IN_SYNC) {
                    lastFull[p] = wall;
                }
            }
            case Synced partial -> {
                String[] first = partial.failures().getFirst();
                fail(s, job, (first[0].isEmpty() ? "" : first[0] + ": ") + first[1]
                        + (partial.failures().size() > 1 ? " (and " + (partial.failures().size() - 1) + " more)" : ""), false, now);
                s.full = true; // what failed is compared again whole
            }
            case Failed f -> fail(s, job, f.reason(), f.transientCause(), now);
            case NoLink n -> noLink(job, n.reason(), now);
            case Disabled d -> {
                s.disabled = d.reason();
                s.failure = null;
                s.failures = 0;
                s.waitingSince = Long.MIN_VALUE;
            }
            case Aborted a -> requeue(s, job);
        }
    }

    /**
     * No session could be opened on any link for {@code job}: it and every other item with work are
     * retried with a backoff (from {@link #NO_LINK_RETRY_NANOS}, doubling, up to each item's retry
     * interval) and report FAILED once the link has been missing for the whole retry budget,
     * {@code (retries + 1) x retry_interval}, as a transient refusal does.
     */
    private void noLink(Job job, String reason, long now) {
        ItemState first = items.get(job.item());
        for (ItemState s : items) {
            if (s == first || s.hasWork() && !s.running) {
                fail(s, s == first ? job : null, reason, true, now); // as a transient: FAILED after the whole budget
                long backoff = NO_LINK_RETRY_NANOS << Math.min(s.noLinkStreak++, 20);
                s.retryAt = now + Math.min(backoff, s.item.retryInterval().toNanos());
                s.waitsForLink = true;
            }
        }
    }

    /**
     * A new session is up: every item that waits for the link is due now. Over a SPARE's long restart
     * (tens of seconds of refused connections while its JVM starts) the no-link backoff grows to the
     * retry interval, 30 s by default, and an item that happened to wait the longest kept priority 1
     * "retrying" that long after the link was back, S5's gate shut (kernel VM campaign, CI).
     */
    void linkUp() {
        for (ItemState s : items) {
            if (s.waitsForLink) {
                s.waitsForLink = false;
                s.noLinkStreak = 0;
                s.retryAt = Long.MIN_VALUE;
            }
        }
    }

    private static void requeue(ItemState s, Job job) {
        s.forceRoot |= job.forceRoot();
        if (job.full()) {
            s.full = true;
        } else if (!s.full) {
            s.changed.addAll(job.paths());
        }
    }

    private static void fail(ItemState s, Job job, String reason, boolean transientCause, long now) {
        if (job != null) {
            requeue(s, job);
        }
        s.failure = reason;
        s.synced = false;
        if (transientCause) {
            if (s.waitingSince == Long.MIN_VALUE) {
                s.waitingSince = now;
            }
            s.retryAt = now + Math.min(TRANSIENT_RETRY_NANOS, s.item.retryInterval().toNanos());
        } else {
            s.failures++;
            s.retryAt = now + s.item.retryInterval().toNanos();
        }
    }

    /** The sensor of one priority, as the MAIN sees it (bytesPending for the running pass is added by the caller). */
    PriorityStatus statusOf(int priority, long now) {
        List<ItemState> mine = items.stream().filter(s -> s.item.priority() == priority).toList();
        Optional<Instant> last = Optional.ofNullable(lastFull[priority]);
        if (mine.isEmpty()) {
            return new PriorityStatus(priority, SyncState.DISABLED, "no items", last, 0, 0);
        }
        List<ItemState> enabled = mine.stream().filter(s -> s.disabled == null).toList();
        if (enabled.isEmpty()) {
            return new PriorityStatus(priority, SyncState.DISABLED, mine.getFirst().item.name() + ": " + mine.getFirst().disabled,
                    last, 0, 0);
        }
        int pending = 0;
        ItemState failed = null;
        ItemState retrying = null;
        for (ItemState s : enabled) {
            boolean inSync = s.synced && !s.running && !s.hasWork() && s.failure == null;
            if (!inSync) {
                pending++;
            }
            if (s.failed(now) && failed == null) {
                failed = s;
            } else if (s.failure != null && retrying == null) {
                retrying = s;
            }
        }
        if (failed != null) {
            return new PriorityStatus(priority, SyncState.FAILED, "item " + failed.item.name() + ": " + failed.failure,
                    last, pending, 0);
        }
        if (pending > 0) {
            String why = retrying != null ? "retrying item " + retrying.item.name() + " after: " + retrying.failure
                    : pending + " of " + enabled.size() + " item(s) not yet synced";
            return new PriorityStatus(priority, SyncState.SYNCING, why, last, pending, 0);
        }
        return new PriorityStatus(priority, SyncState.IN_SYNC, "", last, 0, 0);
    }

    /** Priorities 1..3, in order. */
    List<PriorityStatus> status(long now) {
        return List.of(statusOf(1, now), statusOf(2, now), statusOf(3, now));
    }

    /** The earliest time a failure might become FAILED by waiting alone (transient refusals), or MAX_VALUE. */
    long nextEscalation(long now) {
        long t = Long.MAX_VALUE;
        for (ItemState s : items) {
            if (s.failure != null && s.waitingSince != Long.MIN_VALUE && !s.failed(now)) {
                t = Math.min(t, s.waitingSince + (s.item.retries() + 1L) * s.item.retryInterval().toNanos() + 1);
            }
        }
        return t;
    }
}

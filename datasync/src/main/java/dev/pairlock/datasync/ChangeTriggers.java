package dev.pairlock.datasync;

import dev.pairlock.hal.time.Scheduler;
import java.io.IOException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What tells the MAIN's planner that an item may have changed: the watcher of the immediate items
 * (open only while MAIN) and the timers of the periodic items. Apart from {@link DatasyncEngine}
 * because these are the sources of change, which the engine only dispatches: each change reaches
 * the planner through the engine's {@code onChange} on the scheduler thread, so preemption and
 * dispatch stay the engine's.
 */
final class ChangeTriggers {
    /** The engine's logger: these lines were the engine's before this class was split off, and read the same. */
    private static final Logger log = LoggerFactory.getLogger(DatasyncEngine.class);

    private final SyncConfig cfg;
    private final Scheduler scheduler;
    private final SyncPlanner planner;
    /** The engine is closed: no watcher is opened and no period re-armed after it. */
    private final BooleanSupplier closed;
    /** The engine's view of {@code role == MAIN}, read on the watch thread: a change seen while not MAIN is not posted. */
    private final BooleanSupplier isMain;
    /** Runs a task on the scheduler unless the engine is closed (from the watch thread). */
    private final Consumer<Runnable> post;
    /** On the scheduler thread: applies a change to the planner, then preempts and dispatches as due. */
    private final Consumer<Runnable> onChange;
    /**
     * Watches the immediate items; open only while MAIN ({@link #watch}). Guarded by this object:
     * {@link #watch} runs on the scheduler and {@link #close} on the closing thread, and the engine
     * sets its closed flag before close, so a watcher opened by a watch that raced close is closed.
     */
    private TreeWatcher watcher;

    ChangeTriggers(SyncConfig cfg, Scheduler scheduler, SyncPlanner planner, BooleanSupplier closed, BooleanSupplier isMain,
                   Consumer<Runnable> post, Consumer<Runnable> onChange) {
        this.cfg = cfg;
        this.scheduler = scheduler;
        this.planner = planner;
        this.closed = closed;
        this.isMain = isMain;
        this.post = post;
        this.onChange = onChange;
    }

    /** Arms the timer of each periodic item (a full pass of it every period). */
    void startPeriods() {
        for (int i = 0; i < cfg.items().size(); i++) {
            SyncItem it = cfg.items().get(i);
            if (it.period().isPresent()) {
                int item = i;
                schedulePeriod(item, it.period().get().toNanos());
            }
        }
    }

    /**
     * Watches the immediate items while this SC is MAIN (a SPARE's own items change as the MAIN's data
     * lands: inotify work for nothing). Becoming MAIN compares everything anyway, so nothing is missed
     * between roles.
     */
    synchronized void watch(boolean on) {
        if (!on) {
            if (watcher != null) {
                watcher.close();
                watcher = null;
            }
            return;
        }
        if (watcher != null || closed.getAsBoolean()) {
            return;
        }
        try {
            watcher = new TreeWatcher(cfg.items(), cfg.items().stream().map(cfg::location).toList(), new TreeWatcher.Sink() {
                @Override
                public void changed(int item, String rel) {
                    if (isMain.getAsBoolean()) {
                        post.accept(() -> onChange.accept(() -> planner.changed(item, rel)));
                    }
                }

                @Override
                public void rootChanged(int item, boolean isFile) {
                    if (isMain.getAsBoolean()) {
                        post.accept(() -> onChange.accept(() -> planner.rootChanged(item, isFile)));
                    }
                }
            });
        } catch (IOException e) {
            log.error("datasync: cannot watch the immediate items ({}): they are synced by full passes only", e.getMessage());
        }
    }

    private void schedulePeriod(int item, long period) {
        scheduler.schedule(period, () -> {
            if (!closed.getAsBoolean()) {
                onChange.accept(() -> planner.full(item));
                schedulePeriod(item, period);
            }
        });
    }

    /** Closes the watcher if one is open (the engine is closing). */
    synchronized void close() {
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
    }
}

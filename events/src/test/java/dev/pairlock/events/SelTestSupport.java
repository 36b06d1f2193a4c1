package dev.pairlock.events;

import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.time.SystemClock;
import java.nio.file.Path;
import java.time.InstantSource;

final class SelTestSupport {
    private SelTestSupport() {
    }

    static SystemEventLog open(Path dir) {
        return SystemEventLog.open(SelConfig.in(dir), ScId.SC0, SystemClock.INSTANCE, InstantSource.system());
    }

    static SystemEventLog open(SelConfig cfg) {
        return SystemEventLog.open(cfg, ScId.SC0, SystemClock.INSTANCE, InstantSource.system());
    }

    static EventDraft draft(int i) {
        return EventDraft.of(EventKind.SERVICE_STARTED, Role.MAIN, 7).with("service", "svc" + i).with("n", i);
    }
}

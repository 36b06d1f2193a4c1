package dev.pairlock.datasync;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.ScId;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The SPARE's reading of the MAIN's sessions, on the keeper alone (virtual time). */
class StatusKeeperTest {
    private long now;
    private final SyncConfig cfg = new SyncConfig(true, 7780, List.of(), Duration.ofSeconds(2), Duration.ofSeconds(2), 0,
            List.of(SyncItem.immediate("users", Path.of("/tmp/users"), 1)));
    private final StatusKeeper keeper = new StatusKeeper(cfg, () -> now, InstantSource.system(), new DatasyncListener() { }, ScId.SC1);

    private static List<PriorityStatus> word(SyncState p1) {
        return List.of(new PriorityStatus(1, p1, "", Optional.empty(), 0, 0),
                new PriorityStatus(2, SyncState.DISABLED, "no items", Optional.empty(), 0, 0),
                new PriorityStatus(3, SyncState.DISABLED, "no items", Optional.empty(), 0, 0));
    }

    private DatasyncStatus publish() {
        keeper.publish(SyncRole.SPARE, 3, true, null, 0, 0, true, Optional.empty());
        return keeper.current();
    }

    @Test
    void aSessionWithoutAStatusOfItsOwnThatTheMainsOsClosedStillMeansItsDaemonExited() {
        keeper.mirror(ScId.SC0, word(SyncState.SYNCING), now, false); // the last word, on the fallback
        keeper.mirror(ScId.SC0, null, now, false);                    // that session closed with a BYE (moved to the primary)
        now += 10_000_000_000L;                                       // the primary's session carries no STATUS
        assertFalse(publish().mainExited(), "a planned close is no exit");
        keeper.mirror(ScId.SC0, null, now, true);                     // the primary's session: FIN, no BYE
        DatasyncStatus st = publish();
        assertTrue(st.mainExited() && st.failoverGateOpen(), st.toString());
    }

    @Test
    void aSilentEndNeverMeansAnExit() {
        keeper.mirror(ScId.SC0, word(SyncState.IN_SYNC), now, false);
        keeper.mirror(ScId.SC0, null, now, false);
        now += 10_000_000_000L;
        DatasyncStatus st = publish();
        assertFalse(st.mainExited() || st.failoverGateOpen(), st.toString());
    }
}

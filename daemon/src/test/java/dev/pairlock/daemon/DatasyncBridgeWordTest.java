package dev.pairlock.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pairlock.datasync.DatasyncStatus;
import dev.pairlock.datasync.PriorityStatus;
import dev.pairlock.datasync.SyncRole;
import dev.pairlock.datasync.SyncState;
import dev.pairlock.failover.Event;
import dev.pairlock.failover.Event.SyncStatus.For;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The word pairlockd hands the protocol names the role and epoch data sync computed it for: the core
 * takes it only while it holds that role, so a SPARE's "in sync" published before the engine applied
 * the SC's new MAIN role does not open S5's gate for the MAIN (HANDOVER.md, sixteenth stop).
 */
class DatasyncBridgeWordTest {
    private static DatasyncStatus status(SyncRole role, long epoch, SyncState p1, boolean mainExited) {
        List<PriorityStatus> ps = new ArrayList<>();
        for (int p = 1; p <= 3; p++) {
            ps.add(new PriorityStatus(p, p == 1 ? p1 : SyncState.DISABLED, "test", Optional.empty(), 0, 0));
        }
        return new DatasyncStatus(role, epoch, Optional.empty(), "test", ps, mainExited);
    }

    @Test
    void eachWordSpeaksForTheRoleAndEpochDataSyncComputedItFor() {
        assertEquals(new Event.SyncStatus(true, false, For.SPARE, 1),
                DatasyncBridge.word(status(SyncRole.SPARE, 1, SyncState.IN_SYNC, false)));
        assertEquals(new Event.SyncStatus(false, false, For.MAIN, 2),
                DatasyncBridge.word(status(SyncRole.MAIN, 2, SyncState.SYNCING, false)));
        assertEquals(new Event.SyncStatus(false, true, For.SPARE, 3),
                DatasyncBridge.word(status(SyncRole.SPARE, 3, SyncState.FAILED, true)));
        assertEquals(new Event.SyncStatus(true, false, For.NEITHER, 4),
                DatasyncBridge.word(status(SyncRole.NONE, 4, SyncState.DISABLED, false)));
    }
}

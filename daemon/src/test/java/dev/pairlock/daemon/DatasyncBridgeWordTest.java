package dev.pairlock.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.datasync.DatasyncStatus;
import dev.pairlock.datasync.PriorityStatus;
import dev.pairlock.datasync.SyncRole;
import dev.pairlock.datasync.SyncState;
import dev.pairlock.failover.ControllerCore;
import dev.pairlock.failover.CoreConfig;
import dev.pairlock.failover.Event;
import dev.pairlock.failover.Event.SyncStatus.For;
import dev.pairlock.hal.clock.RefSel;
import dev.pairlock.platform.PlatformFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

    @Test
    void pairlockdsCoreIsNotInSyncUntilItsDataSyncsFirstWord() {
        // pairlockd always runs data sync: before the engine's first word nothing says this SC holds
        // its MAIN's data, so a SPARE whose MAIN goes silent then must not take over on it (S5)
        String text = "sc = sc1\nslots = 2\nfdt = 1000ms\n";
        CoreConfig cfg = DaemonAssembly.coreConfig(PlatformFile.parse(Path.of("sc1.conf"),
                text.getBytes(StandardCharsets.UTF_8)).config());
        assertTrue(cfg.syncEngine());
        ControllerCore core = new ControllerCore(cfg);
        List<dev.pairlock.failover.Command> out = new ArrayList<>();
        core.handle(new Event.Boot(RefSel.FOLLOWER, Optional.empty()), 0, out);
        assertFalse(core.status().priority1InSync(), "no word from data sync yet");
        core.handle(DatasyncBridge.word(status(SyncRole.NONE, 0, SyncState.DISABLED, false)), 1, out);
        assertTrue(core.status().priority1InSync(), "undecided: the engine's first word");
    }
}

package dev.pairlock.failover;

import dev.pairlock.failover.Event.SyncStatus.For;

/**
 * Priority-1 sync as S5's guards may use it: the sync engine's word, only while it speaks for the
 * role this SC holds now. "In sync" is a fact about a relation: a MAIN's word says its SPARE holds
 * its data, a SPARE's that it holds its MAIN's. The engine speaks for a new role only once its own
 * thread has applied it (pairlockd's DatasyncBridge hands a role change over at once, an epoch
 * change alone at its next poll), so until then its last word is about the role we left: a SPARE
 * in sync that became MAIN read that word as the MAIN's, and could have let a planned switchover go
 * before its new SPARE held anything (HANDOVER.md, sixteenth stop). So, as etcd's raft resets a
 * role's state on becoming it:
 * <ul>
 * <li>becoming MAIN or SPARE, or a new epoch in either, drops the fact (not in sync, no exit seen);
 *     only a word for that role of that epoch sets it again, and a word for any other role or epoch
 *     (published before the engine applied ours) says "not yet";</li>
 * <li>undecided or claiming (data sync's NONE), the SC's data does not move (nothing is sent to it
 *     or from it) and data sync itself reports the last known status, whatever role that was
 *     computed for: the fact held on entering stands, and any word replaces it. A SPARE that claims
 *     past a dead MAIN asks S5's guard at once, on the data it held as SPARE. A NONE word says
 *     nothing of the MAIN's exit (only a SPARE's session sees one), so it leaves that as it was;</li>
 * <li>a word tied to no role ({@link For#EVERY_ROLE}: software without a sync engine, tests) holds
 *     for every role until a word tied to one comes.</li>
 * <li>before any word (the runtime hands each new incarnation the engine's last word right after its
 *     boot, if that engine has spoken): with a sync engine ({@link CoreConfig#syncEngine}), not in
 *     sync, as if a word for no role we can hold had come — nothing has said this SC holds its MAIN's
 *     data, so a SPARE whose MAIN goes silent before its engine's first word waits for it (S5) instead
 *     of taking over on data it may not hold; undecided, any word replaces it (the engine's first
 *     comes at its start, so a cold start waits for it at most). Without one: in sync, nothing to
 *     sync, as software with no data to sync always is.</li>
 * </ul>
 * A function of the configuration and of the words and role changes fed to it, nothing else. That
 * an engine exists is configuration, not a word: a synthetic "not yet" word at boot would be logged
 * as a change, kept by the runtime as the engine's last word, and lost by a core built without the
 * runtime.
 */
final class SyncView {
    private boolean inSync;
    private boolean mainExited;
    /** The last word was tied to a role (or an engine that has not spoken yet exists): a new MAIN or SPARE waits for a word of its own. */
    private boolean tied;
    /** The data-sync role we hold, and its epoch (MAIN and SPARE only). */
    private For standing = For.NEITHER;
    private long standingEpoch;

    /** Any word heard (or no engine to wait for): for the words of TAKEOVER_DEFERRED only, never for a decision. */
    private boolean spoke;

    /** @param engine this SC runs a sync engine ({@link CoreConfig#syncEngine}): not in sync until it speaks */
    SyncView(boolean engine) {
        inSync = !engine;
        tied = engine;
        spoke = !engine;
    }

    /** False only while this SC's sync engine has said nothing yet (a start waiting for its first word). */
    boolean engineSpoke() {
        return spoke;
    }

    /** Priority-1 data in sync, for the role we hold. */
    boolean inSync() {
        return inSync;
    }

    /** The MAIN's daemon closed its sync session without a word (Event.SyncStatus.mainExited). */
    boolean mainExited() {
        return mainExited;
    }

    /** A word from the sync engine; returns whether {@link #inSync} changed. */
    boolean heard(Event.SyncStatus s) {
        spoke = true;
        boolean was = inSync;
        For f = s.speaksFor();
        if (f == For.EVERY_ROLE) {
            tied = false;
            take(s, true);
        } else {
            tied = true;
            if (standing == For.NEITHER) {
                take(s, f != For.NEITHER);
            } else if (f == standing && s.epoch() == standingEpoch) {
                take(s, true);
            } else {
                // published before the engine applied our role (or we left it since): the engine
                // exists and has not spoken for our role yet
                inSync = false;
                mainExited = false;
            }
        }
        return inSync != was;
    }

    private void take(Event.SyncStatus s, boolean exitToo) {
        inSync = s.priority1InSync();
        if (exitToo) {
            mainExited = s.mainExited();
        }
    }

    /**
     * We now hold {@code role} in {@code epoch} (every role change passes here, and every epoch a
     * role is entered in); returns whether this dropped {@link #inSync}.
     */
    boolean standing(Role role, long epoch) {
        For f = For.of(role);
        if (f == standing && (f == For.NEITHER || epoch == standingEpoch)) {
            return false;
        }
        standing = f;
        standingEpoch = epoch;
        if (f == For.NEITHER || !tied) {
            return false;
        }
        boolean was = inSync;
        inSync = false;
        mainExited = false;
        return was;
    }
}

package dev.pairlock.datasync;

/**
 * Totals since the engine started.
 *
 * @param sessionsOpened    sessions this SC opened as sender
 * @param sessionsAccepted  sessions this SC accepted as receiver
 * @param sessionsRefused   sessions this SC refused as receiver (wrong role, stale epoch, bad key)
 * @param integrityFailures records that failed their AES-GCM tag (the session was dropped)
 * @param fileFailures      files that failed on the receiver (SHA-256 mismatch, changed while sent, I/O)
 * @param dataBytesSent     file content bytes sent
 * @param bytesResumed      file content bytes not sent again because a part file was resumed
 * @param filesSent         files sent (whole or resumed)
 * @param filesCommitted    files renamed into place on this SC
 * @param passesCompleted   item passes that ended with the receiver's result
 * @param passesFailed      attempts that failed (no link, refused, a file failed, the item's path missing)
 * @param linkSwitches      moves between the primary and the fallback link
 * @param connectionsShed   connections to the sync port closed before proving the key because too many
 *                          such connections were open (a scan or a flood; the oldest is closed)
 */
public record DatasyncCounters(long sessionsOpened, long sessionsAccepted, long sessionsRefused, long integrityFailures,
                               long fileFailures, long dataBytesSent, long bytesResumed, long filesSent,
                               long filesCommitted, long passesCompleted, long passesFailed, long linkSwitches,
                               long connectionsShed) {
}

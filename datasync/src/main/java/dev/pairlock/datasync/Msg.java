package dev.pairlock.datasync;

/**
 * Record types after the handshake. Sender = the MAIN, receiver = the SPARE.
 *
 * <pre>
 * receiver: ACCEPT | REFUSE(transient, reason)               once, right after the handshake
 * sender:   STATUS(per priority: state, reason, pending)     at the start and end of every pass
 * sender:   PASS_BEGIN(pass, item, full, filter) ENTRIES* MANIFEST_END
 * receiver: NEED*(pass, last, (index, resume offset)*) | PASS_REFUSED(pass, reason)
 * sender:   per needed file: FILE_WHOLE(index, sha256, data) | FILE_BEGIN(index, offset) FILE_DATA* FILE_END(status, sha256)
 * sender:   PASS_END(pass, complete)
 * receiver: PASS_RESULT(pass, applied, deleted, (index, reason)* failures)
 * either:   KEEPALIVE when idle; BYE before a planned close
 * </pre>
 */
final class Msg {
    static final int ACCEPT = 1;
    static final int REFUSE = 2;
    static final int KEEPALIVE = 3;
    static final int STATUS = 4;
    static final int BYE = 5;
    static final int PASS_BEGIN = 10;
    static final int ENTRIES = 11;
    static final int MANIFEST_END = 12;
    static final int NEED = 13;
    static final int PASS_REFUSED = 14;
    static final int FILE_BEGIN = 15;
    static final int FILE_DATA = 16;
    static final int FILE_END = 17;
    static final int FILE_WHOLE = 18;
    static final int PASS_END = 19;
    static final int PASS_RESULT = 20;

    /** FILE_END status: the digest follows and the file is complete. */
    static final int END_OK = 0;
    /** FILE_END status: the source changed while it was read; discard what was received. */
    static final int END_SOURCE_CHANGED = 1;
    /** FILE_END status: preempted by higher-priority work; keep the part to resume later. */
    static final int END_SUSPENDED = 2;

    /** Files up to this size travel in one FILE_WHOLE record. */
    static final int WHOLE_MAX = 128 * 1024;
    /** Data bytes per FILE_DATA record. */
    static final int CHUNK = 256 * 1024;
    /** Manifest bytes per ENTRIES record before it is sent. */
    static final int ENTRIES_BATCH = 128 * 1024;

    private Msg() {
    }
}

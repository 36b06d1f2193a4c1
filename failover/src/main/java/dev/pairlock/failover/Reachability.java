package dev.pairlock.failover;

import dev.pairlock.failover.Event.PresenceRead;
import java.util.List;

/**
 * How many present boards this SC reaches over its own buses: its health, the way IPMP and
 * keepalived's tracked scripts count a node that cannot reach its resources as less fit. Every
 * presence read this SC makes counts (the MAIN's board duties included); an SC that is not MAIN
 * scans every slot itself at boot and every {@link #SCAN_FDTS} FDT (reads only: nothing is written).
 * Announced in every frame; until every slot has answered once (a hung bus answers with its
 * timeout) it is {@link PeerMessage#NOT_MEASURED}.
 */
final class Reachability {
    /** A non-MAIN SC rescans every this many FDT. */
    static final int SCAN_FDTS = 2;
    private static final byte NOT_READ = 0;
    private static final byte PRESENT = 1;
    private static final byte NO_BOARD = 2;
    private static final byte NO_ANSWER = 3;

    /** The last outcome of each slot's presence read. */
    private final byte[] outcome;
    /** Slots whose read this scanner issued and whose result has not come back. */
    private final boolean[] scanning;
    private final long period;
    private int present;
    private int read;
    private int outstanding;
    private long nextScan = Long.MIN_VALUE;

    Reachability(int slots, long fdtNanos) {
        this.outcome = new byte[slots];
        this.scanning = new boolean[slots];
        this.period = SCAN_FDTS * fdtNanos;
    }

    /** Any presence read of ours, whoever asked for it. */
    void record(PresenceRead p) {
        int s = p.slot();
        if (s < 0 || s >= outcome.length) {
            return;
        }
        byte now = switch (p.outcome()) {
            case PRESENT -> PRESENT;
            case ABSENT -> NO_BOARD;
            case ERROR -> NO_ANSWER;
        };
        byte was = outcome[s];
        if (was == NOT_READ) {
            read++;
        }
        if (was == PRESENT) {
            present--;
        }
        if (now == PRESENT) {
            present++;
        }
        outcome[s] = now;
        if (scanning[s]) {
            scanning[s] = false;
            outstanding--;
        }
    }

    /** Scan every slot if the last scan is done and the next is due (not MAIN: the MAIN's boards read them). */
    void scanIfDue(long now, List<Command> out) {
        if (outstanding > 0 || now < nextScan) {
            return;
        }
        nextScan = now + period;
        for (int s = 0; s < outcome.length; s++) {
            scanning[s] = true;
            out.add(Command.ReadPresence.of(s));
        }
        outstanding = outcome.length;
    }

    boolean measured() {
        return read == outcome.length;
    }

    /** Present boards we reach, or {@link PeerMessage#NOT_MEASURED}. */
    int reachable() {
        return measured() ? present : PeerMessage.NOT_MEASURED;
    }
}

package dev.pairlock.failover;

import dev.pairlock.failover.Event.PresenceRead;
import dev.pairlock.hal.ScId;
import java.util.List;

/**
 * The MAIN's board duties (the seed's hwad) as core state: read every slot's presence at once (one
 * lane per bus, so hung buses cost one timeout in total, not one each), move every present board
 * onto our clock with a lock check immediately before each select, and keep retrying slots that did
 * not answer. Active only while we are MAIN: {@link #start} on becoming MAIN, {@link #stop} on
 * leaving it; while inactive every completion is ignored (it belongs to an earlier MAIN term).
 */
final class Boards {
    private static final byte IDLE = 0;
    private static final byte READING = 1;
    private static final byte ABSENT = 2;
    private static final byte ERROR = 3;
    private static final byte SWITCHING = 4;
    private static final byte REFUSED = 5;
    private static final byte ON_US = 6;

    /** Each slot's state (one of the constants above); changed only through {@link #set}. */
    private final byte[] slots;
    /**
     * How many slots are in each state, kept by {@link #set}: the MAIN asks on every tick whether
     * any slot waits for lock and after every board result whether all are settled, and counting
     * answers that without a walk over every slot.
     */
    private final int[] inState = new int[ON_US + 1];
    private final boolean[] errorLogged;
    private final ScId self;
    private final long scanPeriod;
    private long nextScan;
    private long nextFullScan;
    private boolean active;

    Boards(int slotCount, ScId self, long fdtNanos) {
        this.slots = new byte[slotCount];
        this.inState[IDLE] = slotCount;
        this.errorLogged = new boolean[slotCount];
        this.self = self;
        this.scanPeriod = fdtNanos;
    }

    void start(long now, List<Command> out) {
        active = true;
        nextScan = now + scanPeriod;
        nextFullScan = now + 5 * scanPeriod;
        for (int s = 0; s < slots.length; s++) {
            read(s, out);
        }
    }

    void stop() {
        active = false;
        java.util.Arrays.fill(slots, IDLE);
        java.util.Arrays.fill(inState, 0);
        inState[IDLE] = slots.length;
    }

    private void set(int s, byte state) {
        inState[slots[s]]--;
        slots[s] = state;
        inState[state]++;
    }

    private void read(int s, List<Command> out) {
        set(s, READING);
        out.add(Command.ReadPresence.of(s));
    }

    private void switchSlot(int s, List<Command> out) {
        set(s, SWITCHING);
        out.add(Command.SwitchSpllIfLocked.of(s, self));
    }

    /** What a presence result says that is worth a health event about its slot. */
    enum News { NONE, FIRST_FAILURE, REPAIRED }

    /**
     * The slot's first failure (one event per failure, not one per retry), or the board answering
     * again after one (an operator who was told it failed is told it is back).
     */
    News presence(PresenceRead p, List<Command> out) {
        int s = p.slot();
        if (!active || slots[s] != READING) {
            return News.NONE;
        }
        switch (p.outcome()) {
            case PRESENT -> {
                boolean wasFailed = errorLogged[s];
                errorLogged[s] = false;
                switchSlot(s, out);
                return wasFailed ? News.REPAIRED : News.NONE;
            }
            case ABSENT -> set(s, ABSENT);
            case ERROR -> {
                set(s, ERROR);
                if (!errorLogged[s]) {
                    errorLogged[s] = true;
                    return News.FIRST_FAILURE;
                }
            }
        }
        return News.NONE;
    }

    /** Returns true when the result belonged to a switch we asked for. */
    boolean switched(Event.SpllSwitched r) {
        int s = r.slot();
        if (!active || slots[s] != SWITCHING) {
            return false;
        }
        set(s, switch (r.outcome()) {
            case ALREADY_OURS, SWITCHED -> ON_US;
            case REFUSED_UNLOCKED -> REFUSED;
            case ERROR -> ERROR;
        });
        return true;
    }

    void retryRefused(List<Command> out) {
        if (!active || inState[REFUSED] == 0) {
            return;
        }
        for (int s = 0; s < slots.length; s++) {
            if (slots[s] == REFUSED) {
                switchSlot(s, out);
            }
        }
    }

    void tick(long now, List<Command> out) {
        if (!active) {
            return;
        }
        retryRefused(out);
        boolean full = now >= nextFullScan;
        if (now >= nextScan) {
            nextScan = now + scanPeriod;
            if (full) {
                nextFullScan = now + 5 * scanPeriod;
            }
            for (int s = 0; s < slots.length; s++) {
                // a board may be swapped while we look away: re-check them all now and then
                if (slots[s] == ABSENT || slots[s] == ERROR || full && slots[s] == ON_US) {
                    read(s, out);
                }
            }
        }
    }

    /** No read or switch outstanding and nothing waiting for lock. */
    boolean settled() {
        return inState[READING] == 0 && inState[SWITCHING] == 0 && inState[REFUSED] == 0;
    }

    int onOurClock() {
        return inState[ON_US];
    }
}

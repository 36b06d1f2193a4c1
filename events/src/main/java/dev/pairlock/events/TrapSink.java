package dev.pairlock.events;

/** Where traps go: {@link TrapSender} to real receivers; a list in tests of the reporting logic. */
public interface TrapSink {
    /** Sends the trap {@code n} for {@code record}; never blocks the caller. */
    void send(PairlockMib.Notification n, SelRecord record);

    /** No receivers configured. */
    TrapSink NONE = (n, r) -> {
    };
}

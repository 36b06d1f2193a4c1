package dev.pairlock.hal.board;

/** Whether a board answers in a slot, and the ID it reports. */
public record Presence(boolean present, int id) {
    public static final Presence ABSENT = new Presence(false, -1);

    public static Presence of(int id) {
        return new Presence(true, id);
    }
}

package dev.pairlock.hal;

/** One of the two system controllers in a chassis. */
public enum ScId {
    SC0, SC1;

    public ScId peer() {
        return this == SC0 ? SC1 : SC0;
    }

    public int index() {
        return ordinal();
    }

    public static ScId of(int index) {
        return switch (index) {
            case 0 -> SC0;
            case 1 -> SC1;
            default -> throw new HalArgumentException("system controller index " + index + " is not 0 or 1");
        };
    }

    /** Accepts "sc0", "SC1", "0", "1". */
    public static ScId parse(String text) {
        String t = text.trim().toUpperCase(java.util.Locale.ROOT);
        return switch (t) {
            case "SC0", "0" -> SC0;
            case "SC1", "1" -> SC1;
            default -> throw new HalArgumentException("'" + text + "' is not a system controller: use sc0 or sc1");
        };
    }

    @Override
    public String toString() {
        return name();
    }
}

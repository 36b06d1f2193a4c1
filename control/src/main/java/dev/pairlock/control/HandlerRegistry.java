package dev.pairlock.control;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The operations the control socket serves, by name. The daemon registers {@code failover.*} and
 * {@code events}; other modules register theirs the same way before the server starts (the SEL,
 * data sync: e.g. {@code sync.status}), namespaced by their module. Names are lower-case words
 * separated by dots.
 */
public final class HandlerRegistry {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");

    /** One registered operation. */
    public record Operation(String name, String summary, ArgSpec args, ControlHandler handler) {
    }

    private final Map<String, Operation> ops = new ConcurrentHashMap<>();

    /**
     * Adds {@code name}; {@code summary} is what {@code help} lists.
     *
     * @throws IllegalArgumentException for a malformed name or one registered twice
     */
    public HandlerRegistry register(String name, String summary, ArgSpec args, ControlHandler handler) {
        if (!NAME.matcher(name).matches() || name.length() > 64) {
            throw new IllegalArgumentException("operation name '" + name + "' must be lower-case words separated by dots");
        }
        if (ops.putIfAbsent(name, new Operation(name, summary, args, handler)) != null) {
            throw new IllegalArgumentException("operation '" + name + "' is registered twice");
        }
        return this;
    }

    public Operation get(String name) {
        return ops.get(name);
    }

    /** Every operation, sorted by name. */
    public Map<String, Operation> all() {
        return Collections.unmodifiableMap(new TreeMap<>(ops));
    }
}

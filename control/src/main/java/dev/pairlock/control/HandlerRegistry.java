package dev.pairlock.control;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The operations the control socket serves, by name. The daemon registers {@code failover.*} and
 * {@code events}; other modules register theirs the same way before the server starts (the SEL,
 * data sync: e.g. {@code sync.status}), namespaced by their module. Names are lower-case words
 * separated by dots. Each declares its {@link Access}: whether it only reads (anyone who may use the
 * socket) or changes the pair or destroys records (an administrator only; the server checks before
 * the handler runs).
 */
public final class HandlerRegistry {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");

    /** One registered operation. */
    public record Operation(String name, Access access, String summary, ArgSpec args, ControlHandler handler) {
    }

    private final Map<String, Operation> ops = new ConcurrentHashMap<>();

    /**
     * Adds {@code name}; {@code summary} is what {@code help} lists. {@code access} is
     * {@link Access#ADMIN} for an operation that changes the pair's behaviour or destroys records,
     * {@link Access#READ} for one that only reads; there is no default, so that a new operation is
     * never open to every operator by omission.
     *
     * @throws IllegalArgumentException for a malformed name or one registered twice
     */
    public HandlerRegistry register(String name, Access access, String summary, ArgSpec args, ControlHandler handler) {
        Objects.requireNonNull(access, "access: say whether " + name + " only reads (READ) or needs an administrator (ADMIN)");
        if (!NAME.matcher(name).matches() || name.length() > 64) {
            throw new IllegalArgumentException("operation name '" + name + "' must be lower-case words separated by dots");
        }
        if (ops.putIfAbsent(name, new Operation(name, access, summary, args, handler)) != null) {
            throw new IllegalArgumentException("operation '" + name + "' is registered twice");
        }
        return this;
    }

    /**
     * Adds {@code help} (read): every operation with its summary and its access, {@code read} or
     * {@code admin}, so an operator sees which ones need an administrator before trying them.
     */
    public HandlerRegistry registerHelp() {
        return register("help", Access.READ, "the operations this daemon serves, and which need an administrator (access admin)",
                ArgSpec.none(), (args, stream) -> {
                    List<Map<String, Object>> ops = new ArrayList<>();
                    all().values().forEach(op -> ops.add(Map.of("op", op.name(), "summary", op.summary(), "access", op.access().word())));
                    return Map.of("operations", ops);
                });
    }

    public Operation get(String name) {
        return ops.get(name);
    }

    /** Every operation, sorted by name. */
    public Map<String, Operation> all() {
        return Collections.unmodifiableMap(new TreeMap<>(ops));
    }
}

package dev.pairlock.control;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The arguments one operation accepts: name → type, required or optional. A request's {@code args}
 * are checked against it before the handler runs: an unknown name, a missing required one, a wrong
 * type or an integer out of range is a {@code bad_args} error naming the argument.
 */
public final class ArgSpec {
    /** What an argument must be. */
    public sealed interface Type {
        String describe();
    }

    public record Text(int maxLength) implements Type {
        public String describe() {
            return "a string of at most " + maxLength + " characters";
        }
    }

    public record Int(long min, long max) implements Type {
        public String describe() {
            return "an integer in " + min + ".." + max;
        }
    }

    public record Flag() implements Type {
        public String describe() {
            return "true or false";
        }
    }

    public record OneOf(List<String> values) implements Type {
        public String describe() {
            return "one of " + String.join(", ", values);
        }
    }

    private record Arg(Type type, boolean required) {
    }

    private final Map<String, Arg> args = new LinkedHashMap<>();

    public static ArgSpec none() {
        return new ArgSpec();
    }

    public ArgSpec required(String name, Type type) {
        args.put(name, new Arg(type, true));
        return this;
    }

    public ArgSpec optional(String name, Type type) {
        args.put(name, new Arg(type, false));
        return this;
    }

    /** Checks {@code given} (the request's "args" object) and returns them typed. */
    Arguments check(String op, Map<String, Object> given) {
        for (String name : given.keySet()) {
            if (!args.containsKey(name)) {
                throw new ControlException("bad_args", op + ": unknown argument \"" + clip(name) + "\" (known: "
                        + (args.isEmpty() ? "none" : String.join(", ", args.keySet())) + ")");
            }
        }
        for (var e : args.entrySet()) {
            String name = e.getKey();
            Object v = given.get(name);
            if (v == null) {
                if (e.getValue().required()) {
                    throw new ControlException("bad_args", op + ": argument \"" + name + "\" is required ("
                            + e.getValue().type().describe() + ")");
                }
                continue;
            }
            Type t = e.getValue().type();
            boolean ok = switch (t) {
                case Text x -> v instanceof String s && s.length() <= x.maxLength();
                case Int x -> v instanceof Long l && l >= x.min() && l <= x.max();
                case Flag x -> v instanceof Boolean;
                case OneOf x -> v instanceof String s && x.values().contains(s.toLowerCase(Locale.ROOT));
            };
            if (!ok) {
                throw new ControlException("bad_args", op + ": argument \"" + name + "\" must be " + t.describe()
                        + ", not " + clip(Json.write(v)));
            }
        }
        return new Arguments(given);
    }

    static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    /** The checked arguments of one request. */
    public static final class Arguments {
        private final Map<String, Object> values;

        Arguments(Map<String, Object> values) {
            this.values = values;
        }

        public boolean has(String name) {
            return values.get(name) != null;
        }

        public String text(String name, String otherwise) {
            Object v = values.get(name);
            return v == null ? otherwise : (String) v;
        }

        public long integer(String name, long otherwise) {
            Object v = values.get(name);
            return v == null ? otherwise : (Long) v;
        }

        public boolean flag(String name, boolean otherwise) {
            Object v = values.get(name);
            return v == null ? otherwise : (Boolean) v;
        }

        /** Every argument given, for the daemon's log of admin operations (checked, so bounded in size). */
        Map<String, Object> asMap() {
            return java.util.Collections.unmodifiableMap(values);
        }

        /** A {@link OneOf} argument, lower-cased. */
        public String choice(String name, String otherwise) {
            Object v = values.get(name);
            return v == null ? otherwise : ((String) v).toLowerCase(Locale.ROOT);
        }
    }
}

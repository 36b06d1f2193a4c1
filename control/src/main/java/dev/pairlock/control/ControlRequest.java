package dev.pairlock.control;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * One request line, validated: at most {@link #MAX_BYTES} bytes of UTF-8, exactly one JSON object
 * with {@code "op"} (a registered operation), optional {@code "args"} (an object, checked against
 * the operation's {@link ArgSpec}) and optional {@code "id"} (a string or integer echoed in the
 * reply), nothing else.
 *
 * @param id the request's id as given (echoed), or null
 */
public record ControlRequest(Object id, HandlerRegistry.Operation operation, ArgSpec.Arguments args) {
    /** A request line (without its newline) is at most this long; control requests are tiny. */
    public static final int MAX_BYTES = 64 * 1024;
    private static final Set<String> KEYS = Set.of("op", "args", "id");

    /**
     * Parses one line. Every refusal is a {@link ControlException} whose code says which check
     * failed; the id is recovered when the line got that far ({@link Refused#id()}).
     */
    public static ControlRequest parse(byte[] line, HandlerRegistry registry) {
        if (line.length > MAX_BYTES) {
            throw new Refused(null, "too_long", "a request is at most " + MAX_BYTES + " bytes, this one " + line.length);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(line)).toString();
        } catch (CharacterCodingException e) {
            throw new Refused(null, "parse_error", "the request is not UTF-8 text");
        }
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (JsonException e) {
            throw new Refused(null, "parse_error", "the request is not JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> raw)) {
            throw new Refused(null, "bad_request", "a request is one JSON object {\"op\": …}, not " + kind(parsed));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) raw;
        Object id = m.get("id");
        if (id != null && !(id instanceof String s && s.length() <= 128) && !(id instanceof Long)) {
            throw new Refused(null, "bad_request", "\"id\" must be a string (at most 128 characters) or an integer");
        }
        for (String k : m.keySet()) {
            if (!KEYS.contains(k)) {
                throw new Refused(id, "bad_request", "unknown key \"" + ArgSpec.clip(k) + "\" (a request has op, args and id)");
            }
        }
        if (!(m.get("op") instanceof String op)) {
            throw new Refused(id, "bad_request", "\"op\" is missing or not a string");
        }
        HandlerRegistry.Operation operation = registry.get(op);
        if (operation == null) {
            throw new Refused(id, "unknown_op", "unknown operation \"" + ArgSpec.clip(op) + "\" (known: "
                    + String.join(", ", registry.all().keySet()) + ")");
        }
        Object args = m.get("args");
        if (args != null && !(args instanceof Map)) {
            throw new Refused(id, "bad_request", "\"args\" must be an object, not " + kind(args));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> a = args == null ? Map.of() : (Map<String, Object>) args;
        try {
            return new ControlRequest(id, operation, operation.args().check(op, a));
        } catch (ControlException e) {
            throw new Refused(id, e.code(), e.getMessage());
        }
    }

    private static String kind(Object v) {
        return switch (v) {
            case null -> "null";
            case String s -> "a string";
            case Boolean b -> "a boolean";
            case Number n -> "a number";
            case java.util.List<?> l -> "an array";
            default -> "an object";
        };
    }

    /** A refused request, with its id when it could be read. */
    public static final class Refused extends ControlException {
        private final transient Object id;

        Refused(Object id, String code, String message) {
            super(code, message);
            this.id = id;
        }

        public Object id() {
            return id;
        }
    }
}

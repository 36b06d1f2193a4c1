package dev.pairlock.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A platform file: {@code key = value} lines, {@code #} to the end of a line is a comment (at the line's
 * start or after a blank: a {@code #} inside a word is part of the value), keys are
 * case-insensitive and set at most once. Each part of pairlock reads its own keys (the hardware
 * reads {@code slot.*}, data sync reads {@code sync.*}, ...) with {@link #take}/{@link #section},
 * which marks them used; {@link #requireAllUsed} then names the first key nobody knew, so a typo is
 * an error rather than a silently ignored setting.
 *
 * <p>Refused up front, each with a message that names the problem: a directory, an unreadable file,
 * a file over 1 MiB, bytes that are not UTF-8, a UTF-8 byte-order mark, NUL or other control
 * characters (a binary file given by mistake).
 */
public final class ConfigFile {
    /** Far beyond any real platform file; a bigger one was given by mistake. */
    public static final int MAX_BYTES = 1 << 20;

    private final Path source;
    private final Map<String, ConfigEntry> entries;
    private final Map<String, Boolean> used = new LinkedHashMap<>();
    private final int lineCount;

    private ConfigFile(Path source, Map<String, ConfigEntry> entries, int lineCount) {
        this.source = source;
        this.entries = entries;
        this.lineCount = lineCount;
        entries.keySet().forEach(k -> used.put(k, false));
    }

    /** Reads and checks {@code file}; see the class comment for what is refused. */
    public static ConfigFile read(Path file) {
        if (Files.isDirectory(file)) {
            throw new ConfigException(file, "is a directory, not a platform file");
        }
        if (!Files.exists(file)) {
            throw new ConfigException(file, "does not exist");
        }
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new ConfigException(file, "is " + size + " bytes; a platform file is at most " + MAX_BYTES
                        + " bytes (was a wrong file given?)");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException(file, "cannot be read (" + e.getMessage() + ")");
        }
        return parse(file, bytes);
    }

    /** Parses the bytes of a platform file; {@code source} names it in messages. */
    public static ConfigFile parse(Path source, byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new ConfigException(source, "is " + bytes.length + " bytes; a platform file is at most " + MAX_BYTES + " bytes");
        }
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf) {
            throw new ConfigException(source, 1, null, "the file starts with a UTF-8 byte-order mark (BOM); save it as plain"
                    + " UTF-8 without one (e.g. sed -i '1s/^\\xEF\\xBB\\xBF//' FILE)");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(source, firstBadLine(bytes), null,
                    "is not UTF-8 text (a binary file given by mistake, or a file in another encoding?)");
        }
        String[] lines = text.split("\n", -1);
        Map<String, ConfigEntry> entries = new LinkedHashMap<>();
        for (int i = 0; i < lines.length; i++) {
            int n = i + 1;
            String raw = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            for (int c = 0; c < raw.length(); c++) {
                char ch = raw.charAt(c);
                if (ch < 0x20 && ch != '\t' || ch == 0x7f) {
                    throw new ConfigException(source, n, null, "contains the control character 0x"
                            + String.format("%02x", (int) ch) + " at column " + (c + 1)
                            + " (a binary file given by mistake?)");
                }
            }
            int hash = commentStart(raw);
            String l = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            if (l.isEmpty()) {
                continue;
            }
            int eq = l.indexOf('=');
            if (eq < 0) {
                throw new ConfigException(source, n, null, Values.quote(l) + " is not 'key = value'");
            }
            String key = l.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = l.substring(eq + 1).strip();
            if (key.isEmpty()) {
                throw new ConfigException(source, n, null, "the key before '=' is missing");
            }
            if (key.length() > MAX_KEY) {
                // not whole in the file:line: key prefix of every later message: it may be a whole file's worth
                throw new ConfigException(source, n, null, "a key of " + key.length() + " characters ("
                        + Values.quote(key) + "): keys are at most " + MAX_KEY);
            }
            if (!key.matches("[a-z0-9_.-]+")) {
                throw new ConfigException(source, n, null, "the key " + Values.quote(key)
                        + " may use only a-z, 0-9, '.', '_' and '-'");
            }
            if (value.isEmpty()) {
                throw new ConfigException(source, n, key, "the value is missing");
            }
            ConfigEntry before = entries.get(key);
            if (before != null) {
                throw new ConfigException(source, n, key, "is set twice (first on line " + before.line() + ")");
            }
            entries.put(key, new ConfigEntry(source, n, key, value));
        }
        return new ConfigFile(source, entries, lines.length);
    }

    /** Keys longer than this are refused (the longest the modules know is under 40). */
    static final int MAX_KEY = 128;

    /**
     * Where a line's comment starts, or -1: a {@code #} at the start of the line or after a blank (as
     * in a shell), so that a {@code #} inside a word — a path such as {@code /etc/pairlock/pair#1.key}
     * — stays part of the value instead of silently cutting it short.
     */
    static int commentStart(String line) {
        for (int i = line.indexOf('#'); i >= 0; i = line.indexOf('#', i + 1)) {
            if (i == 0 || line.charAt(i - 1) == ' ' || line.charAt(i - 1) == '\t') {
                return i;
            }
        }
        return -1;
    }

    private static int firstBadLine(byte[] bytes) {
        int line = 1;
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                try {
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes, start, i - start));
                } catch (CharacterCodingException e) {
                    return line;
                }
                line++;
                start = i + 1;
            }
        }
        return 1;
    }

    public Path source() {
        return source;
    }

    /** The entry for {@code key}, marked used; empty if the file does not set it. */
    public Optional<ConfigEntry> take(String key) {
        ConfigEntry e = entries.get(key);
        if (e != null) {
            used.put(key, true);
        }
        return Optional.ofNullable(e);
    }

    /** The entry for {@code key}, marked used; an error that says what to set if it is missing. */
    public ConfigEntry require(String key, String hint) {
        return take(key).orElseThrow(() -> new ConfigException(source, lineCount, key,
                "is required" + (hint == null || hint.isEmpty() ? "" : ": " + hint)));
    }

    /** Every entry whose key starts with {@code prefix.}, in file order, all marked used. */
    public List<ConfigEntry> section(String prefix) {
        List<ConfigEntry> out = new ArrayList<>();
        for (ConfigEntry e : entries.values()) {
            if (e.key().startsWith(prefix + ".")) {
                used.put(e.key(), true);
                out.add(e);
            }
        }
        return out;
    }

    /** A "missing key" error for a key that has no line of its own (reported at the file's end). */
    public ConfigException missing(String key, String message) {
        return new ConfigException(source, lineCount, key, message);
    }

    /**
     * Fails on the first key no part of pairlock took, naming the keys and prefixes that are known
     * (the caller lists them, e.g. "sc, slots, slot.N.bus, sync.*").
     */
    public void requireAllUsed(String known) {
        for (var e : used.entrySet()) {
            if (!e.getValue()) {
                ConfigEntry entry = entries.get(e.getKey());
                throw entry.error("is not a known key (known: " + known + ")");
            }
        }
    }

    /** Keys nobody has taken yet, in file order. */
    public List<String> unusedKeys() {
        return used.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).toList();
    }

    /** Every key set, sorted (for listings). */
    public TreeSet<String> keys() {
        return new TreeSet<>(entries.keySet());
    }
}

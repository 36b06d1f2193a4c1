package dev.pairlock.daemon;

import dev.pairlock.config.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code STATE_DIR/stop-failures}: the steps of a stop that failed once the SEL had closed (its own
 * close among them), and those of a failed start's release that failed with no SEL open, kept for the next start, which records each in the SEL ({@code STOP_STEP_FAILED},
 * {@link StopFailureImport}) and then removes the file.
 *
 * <p>One failure a line, tab-separated {@code key=value} in a fixed order — {@code entry} (unique: the
 * SEL record carries it, so that an import a crash cut short is not recorded twice), {@code at} (ISO-8601),
 * {@code step}, {@code left}, {@code error}, and {@code during} only for a step of a failed start's release
 * ({@code start cleanup}; the stop's lines have none) — values escaped ({@code \\}, {@code \t}, {@code \n},
 * {@code \r}); {@code #} lines are comments. Every write replaces the whole file (temp, fsync, rename,
 * fsync of the directory): a crash leaves the old file or the new one, never a torn one. The file is a
 * few lines: a stop has a dozen steps. ({@link AtomicFiles}, as {@code failover.state} and {@code services.groups}.)
 */
final class StopFailureFile {
    static final String NAME = "stop-failures";
    private static final String HEADER = "# pairlockd: steps of a stop that failed after the SEL closed; the next start records"
            + " each in the SEL (STOP_STEP_FAILED) and then removes this file\n";
    private static final String[] KEYS = {"entry", "at", "step", "left", "error"};
    /**
     * The optional sixth key: the sequence the step belonged to when it was not the clean stop (a failed
     * start's release: "start cleanup"). Left out for the stop, so a stop's lines are as before (an
     * older pairlockd reads them).
     */
    private static final String DURING = "during";
    /** The clean stop: the sequence of a line without {@code during}. */
    static final String STOP = "stop";

    /** One failed step; {@code during} the sequence it belonged to ({@link #STOP} or "start cleanup"). */
    record Entry(String id, Instant at, String step, String left, String error, String during) {
        /** A step of the clean stop. */
        Entry(String id, Instant at, String step, String left, String error) {
            this(id, at, step, left, error, STOP);
        }
    }

    /** What a read found: the well-formed entries and, for each line that is not, {@code path:line: what}. */
    record Parsed(List<Entry> entries, List<String> problems) {
    }

    private final Path file;

    StopFailureFile(Path stateDir) {
        this.file = stateDir.resolve(NAME);
    }

    Path path() {
        return file;
    }

    /**
     * Replaces the file with {@code kept} (the bytes of a file an earlier stop left, that no start has
     * imported yet: none if none) followed by {@code entries}, crash-safely.
     */
    void write(byte[] kept, List<Entry> entries) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(kept.length == 0 ? HEADER.getBytes(StandardCharsets.UTF_8) : kept);
        if (kept.length > 0 && kept[kept.length - 1] != '\n') {
            out.write('\n'); // a torn last line of the kept bytes stays its own (malformed) line
        }
        StringBuilder b = new StringBuilder();
        for (Entry e : entries) {
            b.append(line(e)).append('\n');
        }
        out.writeBytes(b.toString().getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(file, out.toByteArray());
    }

    /** The file's bytes as they are, for {@link #write}'s {@code kept}; none when there is no file. */
    byte[] bytesIfAny() throws IOException {
        return Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
    }

    static String line(Entry e) {
        String[] values = {e.id(), e.at().toString(), e.step(), e.left(), e.error()};
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < KEYS.length; i++) {
            if (i > 0) {
                b.append('\t');
            }
            b.append(KEYS[i]).append('=').append(escape(values[i]));
        }
        if (!e.during().equals(STOP)) {
            b.append('\t').append(DURING).append('=').append(escape(e.during()));
        }
        return b.toString();
    }

    /** Reads {@code bytes} (the file's content); never throws: what it cannot read is a problem naming the line. */
    Parsed parse(byte[] bytes) {
        List<Entry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            problems.add(file + ": not UTF-8 (" + e.getMessage() + "): not pairlockd's; nothing in it was recorded");
            return new Parsed(entries, problems);
        }
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            boolean last = i == lines.length - 1;
            if (last && l.isEmpty()) {
                break;
            }
            String where = file + ":" + (i + 1) + ": ";
            if (last) {
                problems.add(where + "cut off (no newline at its end): the stop that wrote it was interrupted, or the file"
                        + " was damaged; this line's failure was not recorded (the journal of that stop has it)");
                continue;
            }
            if (l.isBlank() || l.startsWith("#")) {
                continue;
            }
            try {
                entries.add(entry(l));
            } catch (IllegalArgumentException | DateTimeException e) {
                problems.add(where + e.getMessage() + "; expected " + String.join("=…<tab>", KEYS) + "=…");
            }
        }
        return new Parsed(entries, problems);
    }

    private static Entry entry(String l) {
        String[] parts = l.split("\t", -1);
        if (parts.length != KEYS.length && parts.length != KEYS.length + 1) {
            throw new IllegalArgumentException(parts.length + " tab-separated fields, not " + KEYS.length + " (or "
                    + (KEYS.length + 1) + " with " + DURING + "=)");
        }
        String during = STOP;
        if (parts.length > KEYS.length) {
            if (!parts[KEYS.length].startsWith(DURING + "=")) {
                throw new IllegalArgumentException("field " + (KEYS.length + 1) + " is not " + DURING + "=");
            }
            during = unescape(parts[KEYS.length].substring(DURING.length() + 1), DURING);
        }
        String[] values = new String[KEYS.length];
        for (int k = 0; k < KEYS.length; k++) {
            if (!parts[k].startsWith(KEYS[k] + "=")) {
                throw new IllegalArgumentException("field " + (k + 1) + " is not " + KEYS[k] + "=");
            }
            values[k] = unescape(parts[k].substring(KEYS[k].length() + 1), KEYS[k]);
        }
        if (values[0].isEmpty()) {
            throw new IllegalArgumentException("entry is empty");
        }
        return new Entry(values[0], Instant.parse(values[1]), values[2], values[3], values[4], during);
    }

    static String escape(String v) {
        StringBuilder b = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String unescape(String v, String key) {
        CharBuffer in = CharBuffer.wrap(v);
        StringBuilder b = new StringBuilder(v.length());
        while (in.hasRemaining()) {
            char c = in.get();
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (!in.hasRemaining()) {
                throw new IllegalArgumentException(key + ": a lone '\\' at its end");
            }
            char e = in.get();
            b.append(switch (e) {
                case '\\' -> '\\';
                case 't' -> '\t';
                case 'n' -> '\n';
                case 'r' -> '\r';
                default -> throw new IllegalArgumentException(key + ": unknown escape '\\" + e + "'");
            });
        }
        return b.toString();
    }
}

package dev.pairlock.events;

import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The on-disk form of the SEL. A segment file starts with the 8-byte {@link #MAGIC}; then records,
 * each framed as
 * <pre>
 *   u32 length of the payload | u32 CRC-32C of (the 4 length bytes + payload) | payload
 * </pre>
 * big-endian. The payload: u8 format (1), i64 seq, i64 wall time (microseconds since the Unix epoch),
 * i64 monotonic nanoseconds, u8 SC index, then the role, kind and severity as names, i64 epoch, u16
 * field count and the fields as (key, value) pairs; every string is u16 length + UTF-8.
 *
 * <p>Names rather than ordinals keep old records readable when an enum grows. The CRC covers the
 * length, so a torn or flipped length is caught like a torn payload.
 */
final class SelCodec {
    static final byte[] MAGIC = "PLSEL01\n".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER = 8;
    static final int FORMAT = 1;
    /** Far above any record {@link EventDraft}'s limits allow; a larger length is damage. */
    static final int MAX_PAYLOAD = 1 << 20;
    /** format + seq + wall + mono + sc + three empty names + epoch + field count. */
    static final int MIN_PAYLOAD = 1 + 8 + 8 + 8 + 1 + 2 + 2 + 2 + 8 + 2;

    private SelCodec() {
    }

    /** The framed bytes of {@code r}. */
    static byte[] encode(SelRecord r) {
        ByteBuffer p = ByteBuffer.allocate(payloadSize(r)).order(ByteOrder.BIG_ENDIAN);
        p.put((byte) FORMAT);
        p.putLong(r.seq());
        p.putLong(toMicros(r.wall()));
        p.putLong(r.monoNanos());
        p.put((byte) r.sc().index());
        putString(p, r.role().name());
        putString(p, r.kindName());
        putString(p, r.severity().name());
        p.putLong(r.epoch());
        Map<String, String> fields = r.fields();
        if (r.kind() == EventKind.UNRECOGNISED) {
            fields = new LinkedHashMap<>(fields);
            fields.remove("kind_name");
        }
        p.putShort((short) fields.size());
        for (var e : fields.entrySet()) {
            putString(p, e.getKey());
            putString(p, e.getValue());
        }
        byte[] payload = p.array();
        ByteBuffer out = ByteBuffer.allocate(8 + payload.length).order(ByteOrder.BIG_ENDIAN);
        out.putInt(payload.length);
        out.putInt(crc(payload.length, payload, 0, payload.length));
        out.put(payload);
        return out.array();
    }

    private static int payloadSize(SelRecord r) {
        int n = MIN_PAYLOAD + utf8(r.role().name()).length + utf8(r.kindName()).length + utf8(r.severity().name()).length;
        for (var e : r.fields().entrySet()) {
            if (r.kind() == EventKind.UNRECOGNISED && e.getKey().equals("kind_name")) {
                continue;
            }
            n += 4 + utf8(e.getKey()).length + utf8(e.getValue()).length;
        }
        return n;
    }

    static int crc(int length, byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
        c.update(b, off, len);
        return (int) c.getValue();
    }

    /** What lies at an offset of a segment. */
    sealed interface Frame {
    }

    /** A whole, intact record; the next frame starts at {@code next}. */
    record Whole(SelRecord record, int next) implements Frame {
    }

    /** The bytes end inside a frame: a record being written, or cut off by a crash. */
    record Incomplete() implements Frame {
    }

    /** A complete frame whose length or checksum is wrong: damage, or a crash's leftovers. */
    record Damaged(String why) implements Frame {
    }

    /** Decodes the frame at {@code off} of {@code b[0, end)}. */
    static Frame decode(byte[] b, int off, int end) {
        if (end - off < 8) {
            return new Incomplete();
        }
        ByteBuffer h = ByteBuffer.wrap(b, off, 8).order(ByteOrder.BIG_ENDIAN);
        int length = h.getInt();
        int crc = h.getInt();
        if (length < MIN_PAYLOAD || length > MAX_PAYLOAD) {
            return new Damaged("length " + length + " is outside " + MIN_PAYLOAD + ".." + MAX_PAYLOAD);
        }
        if (end - off - 8 < length) {
            return new Incomplete();
        }
        if (crc(length, b, off + 8, length) != crc) {
            return new Damaged("CRC-32C mismatch");
        }
        try {
            return new Whole(payload(ByteBuffer.wrap(b, off + 8, length).order(ByteOrder.BIG_ENDIAN)), off + 8 + length);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            // the CRC matched, so this was written like this: a bug or a format from elsewhere
            return new Damaged("the record does not parse (" + e.getMessage() + ")");
        }
    }

    private static SelRecord payload(ByteBuffer p) {
        int format = p.get() & 0xff;
        if (format != FORMAT) {
            throw new IllegalArgumentException("record format " + format + ", this build reads " + FORMAT);
        }
        long seq = p.getLong();
        Instant wall = fromMicros(p.getLong());
        long mono = p.getLong();
        ScId sc = ScId.of(p.get() & 0xff);
        String roleName = getString(p);
        String kindName = getString(p);
        String severityName = getString(p);
        long epoch = p.getLong();
        int n = p.getShort() & 0xffff;
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            fields.put(getString(p), getString(p));
        }
        if (p.hasRemaining()) {
            throw new IllegalArgumentException(p.remaining() + " bytes after the last field");
        }
        EventKind kind = EventKind.byName(kindName);
        if (kind == EventKind.UNRECOGNISED) {
            fields.put("kind_name", kindName);
        }
        Role role;
        try {
            role = Role.valueOf(roleName);
        } catch (IllegalArgumentException e) {
            role = Role.UNKNOWN;
        }
        Severity severity;
        try {
            severity = Severity.valueOf(severityName);
        } catch (IllegalArgumentException e) {
            severity = kind.defaultSeverity();
        }
        return new SelRecord(seq, wall, mono, sc, role, epoch, kind, severity, java.util.Collections.unmodifiableMap(fields));
    }

    private static void putString(ByteBuffer p, String s) {
        byte[] b = utf8(s);
        p.putShort((short) b.length);
        p.put(b);
    }

    private static String getString(ByteBuffer p) {
        int n = p.getShort() & 0xffff;
        byte[] b = new byte[n];
        p.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0xffff) {
            throw new IllegalArgumentException("a string of " + b.length + " UTF-8 bytes does not fit a record (max 65535)");
        }
        return b;
    }

    /** {@code wall}'s time as a record stores it (microseconds), so an acknowledged record equals the one read back. */
    static Instant now(InstantSource wall) {
        return wall.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static long toMicros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    static Instant fromMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}

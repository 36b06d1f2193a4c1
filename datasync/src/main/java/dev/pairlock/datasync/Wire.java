package dev.pairlock.datasync;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Big-endian encoding of record bodies: a growable writer and a bounds-checked reader. */
final class Wire {
    private Wire() {
    }

    /** A growable byte array written front to back. */
    static final class Out {
        private byte[] buf;
        private int len;

        Out(int capacity) {
            buf = new byte[capacity];
        }

        Out reset() {
            len = 0;
            return this;
        }

        private void room(int n) {
            if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
            }
        }

        Out u8(int v) {
            room(1);
            buf[len++] = (byte) v;
            return this;
        }

        Out u16(int v) {
            room(2);
            buf[len++] = (byte) (v >>> 8);
            buf[len++] = (byte) v;
            return this;
        }

        Out u32(long v) {
            room(4);
            for (int s = 24; s >= 0; s -= 8) {
                buf[len++] = (byte) (v >>> s);
            }
            return this;
        }

        Out i64(long v) {
            room(8);
            for (int s = 56; s >= 0; s -= 8) {
                buf[len++] = (byte) (v >>> s);
            }
            return this;
        }

        Out bytes(byte[] b, int off, int n) {
            room(n);
            System.arraycopy(b, off, buf, len, n);
            len += n;
            return this;
        }

        Out bytes(byte[] b) {
            return bytes(b, 0, b.length);
        }

        /** A UTF-8 string of at most 65535 bytes, length-prefixed. */
        Out str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (b.length > 0xffff) {
                throw new IllegalArgumentException("string of " + b.length + " bytes is too long for a record field");
            }
            return u16(b.length).bytes(b);
        }

        int length() {
            return len;
        }

        /** Makes room for {@code n} more bytes to be filled in place at {@link #length()}; then {@link #advance}. */
        byte[] reserve(int n) {
            room(n);
            return buf;
        }

        /** Appends {@code n} zero bytes to be filled in later (in place). */
        Out advance0(int n) {
            room(n);
            java.util.Arrays.fill(buf, len, len + n, (byte) 0);
            len += n;
            return this;
        }

        Out advance(int n) {
            if (len + n > buf.length) {
                throw new IllegalArgumentException("advance past the reserved room");
            }
            len += n;
            return this;
        }

        byte[] array() {
            return buf;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, len);
        }
    }

    /** Reads a record body; any read past the end is a {@link ProtocolException}. */
    static final class In {
        private final byte[] buf;
        private int pos;
        private final int end;

        In(byte[] buf, int off, int len) {
            this.buf = buf;
            this.pos = off;
            this.end = off + len;
        }

        private void need(int n) throws ProtocolException {
            if (end - pos < n) {
                throw new ProtocolException("a record ended " + (n - (end - pos)) + " byte(s) early");
            }
        }

        int u8() throws ProtocolException {
            need(1);
            return buf[pos++] & 0xff;
        }

        int u16() throws ProtocolException {
            need(2);
            int v = (buf[pos] & 0xff) << 8 | buf[pos + 1] & 0xff;
            pos += 2;
            return v;
        }

        long u32() throws ProtocolException {
            need(4);
            long v = 0;
            for (int i = 0; i < 4; i++) {
                v = v << 8 | buf[pos++] & 0xff;
            }
            return v;
        }

        /** A u32 that indexes or counts something: at most {@code max}. */
        int count(int max) throws ProtocolException {
            long v = u32();
            if (v > max) {
                throw new ProtocolException("a count of " + v + " exceeds " + max);
            }
            return (int) v;
        }

        long i64() throws ProtocolException {
            need(8);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = v << 8 | buf[pos++] & 0xff;
            }
            return v;
        }

        byte[] bytes(int n) throws ProtocolException {
            need(n);
            byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            return b;
        }

        String str() throws ProtocolException {
            int n = u16();
            need(n);
            String s = new String(buf, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        int position() {
            return pos;
        }

        int remaining() {
            return end - pos;
        }

        void skip(int n) throws ProtocolException {
            need(n);
            pos += n;
        }

        void end() throws ProtocolException {
            if (pos != end) {
                throw new ProtocolException("a record has " + (end - pos) + " unexpected trailing byte(s)");
            }
        }
    }
}

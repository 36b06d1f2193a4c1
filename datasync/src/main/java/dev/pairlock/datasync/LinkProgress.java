package dev.pairlock.datasync;

import dev.pairlock.hal.time.Clock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A session socket's two streams, each noting when an I/O call blocked and when a byte last moved:
 * what {@link RecordChannel#stalled} reads to tell a dead link from a slow one. Apart from the record
 * stream because liveness is judged from outside, with the engine's clock, whatever the bytes mean
 * (handshake frames or sealed records).
 */
final class LinkProgress {
    /** A write moves at most this much per call, so a slow link shows progress within a big record. */
    private static final int SLICE = 64 * 1024;

    private LinkProgress() {
    }

    /** An input stream that notes when a read is blocked and when bytes last arrived. */
    static final class In extends InputStream {
        private final InputStream s;
        private final Clock clock;
        private volatile long blockedSince; // 0 = not in a read
        private volatile long lastProgress;

        In(InputStream s, Clock clock) {
            this.s = s;
            this.clock = clock;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            blockedSince = clock.nanos();
            try {
                int r = s.read(b, off, len);
                lastProgress = clock.nanos();
                return r;
            } finally {
                blockedSince = 0;
            }
        }

        boolean stalled(long now, long timeout) {
            long since = blockedSince;
            return since != 0 && now - Math.max(since, lastProgress) > timeout;
        }
    }

    /** An output stream that writes in slices so a slow link shows progress, and notes blocked writes. */
    static final class Out extends OutputStream {
        private final OutputStream s;
        private final Clock clock;
        private volatile long blockedSince;
        private volatile long lastProgress;

        Out(OutputStream s, Clock clock) {
            this.s = s;
            this.clock = clock;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            blockedSince = clock.nanos();
            try {
                while (len > 0) {
                    int n = Math.min(len, SLICE);
                    s.write(b, off, n);
                    lastProgress = clock.nanos();
                    off += n;
                    len -= n;
                }
            } finally {
                blockedSince = 0;
            }
        }

        @Override
        public void flush() throws IOException {
            s.flush();
        }

        boolean stalled(long now, long timeout) {
            long since = blockedSince;
            return since != 0 && now - Math.max(since, lastProgress) > timeout;
        }
    }
}

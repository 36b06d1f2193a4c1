package dev.pairlock.datasync;

import dev.pairlock.hal.time.Clock;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.concurrent.locks.ReentrantLock;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * One sync session's byte stream: first the plaintext (but MACed) handshake frames, then records
 * sealed with AES-256-GCM under one key per direction. A record on the wire is
 * {@code [u32 length][ciphertext + 16-byte tag]}; the nonce is the record's sequence number in that
 * direction (never sent, never reused: a replayed, reordered, dropped or altered record fails the
 * tag), and the length is authenticated as associated data. The plaintext is one or more messages,
 * each {@code [u32 length][type][body]}: small messages (a manifest batch, a small file, a status)
 * share a record up to 64 KiB, a data chunk has one of its own.
 *
 * <p>Liveness is judged from outside ({@link #stalled}) with the engine's clock: a read or write
 * that has moved no byte for the link timeout means the link is down, and the engine closes the
 * socket, which unblocks the thread. So no timeout here reads a clock of its own.
 *
 * <p>The record buffers (about half a MiB) are allocated only once the handshake has installed the
 * keys: a connection that never proves the key costs a few hundred bytes, not a record stream's worth.
 */
final class RecordChannel implements Closeable {
    /** Largest record plaintext: a 256 KiB data chunk and its header fit with room to spare. */
    static final int MAX_PLAINTEXT = 1 << 20;
    private static final int TAG = 16;

    private final Socket socket;
    private final String peerName;
    private final LinkProgress.In in;
    private final LinkProgress.Out out;
    private BufferedOutputStream buffered; // from installKeys on, as the record buffers below
    private final ReentrantLock sendLock = new ReentrantLock();
    private final Clock clock;
    private volatile Cipher enc;
    private Cipher dec;
    private SecretKey sendKey;
    private SecretKey recvKey;
    private long sendSeq;
    private long recvSeq;
    private byte[] sealed;
    private byte[] cipherIn;
    private byte[] plainIn;
    private int plainPos;
    private int plainEnd;
    /** Small messages are gathered into one record up to this size (fewer AEAD operations and syscalls). */
    private static final int COALESCE = 64 * 1024;
    private Wire.Out pending;
    /**
     * The GCM nonce of each direction (4 zero bytes, then the record's sequence number), one array
     * each: the sending thread (under sendLock) and the receiving thread run at once, and with one
     * shared array a record could be sealed under the other direction's sequence number, a nonce
     * the send key may already have used (GCM then leaks the XOR of two plaintexts and its
     * authentication key) and that the peer refuses as forged.
     */
    private final byte[] sendIv = new byte[12];
    private final byte[] recvIv = new byte[12];
    private final byte[] header = new byte[4];
    private volatile long lastSendNanos;
    private volatile long keepaliveNanos = Long.MAX_VALUE;
    private volatile boolean closed;
    private long bytesSent;
    private long bytesReceived;

    RecordChannel(Socket socket, String peerName, Clock clock) throws IOException {
        this.socket = socket;
        this.peerName = peerName;
        this.clock = clock;
        socket.setTcpNoDelay(true);
        this.in = new LinkProgress.In(socket.getInputStream(), clock);
        this.out = new LinkProgress.Out(socket.getOutputStream(), clock);
        this.lastSendNanos = clock.nanos();
    }

    String peerName() {
        return peerName;
    }

    // ---- handshake frames: [u16 length][body], before any key is installed, written unbuffered in one piece

    void writeFrame(byte[] body) throws IOException {
        byte[] frame = new byte[2 + body.length];
        frame[0] = (byte) (body.length >>> 8);
        frame[1] = (byte) body.length;
        System.arraycopy(body, 0, frame, 2, body.length);
        sendLock.lock();
        try {
            out.write(frame, 0, frame.length);
            out.flush();
            lastSendNanos = clock.nanos();
        } finally {
            sendLock.unlock();
        }
    }

    byte[] readFrame(int max) throws IOException {
        int hi = in.read();
        int lo = in.read();
        if (hi < 0 || lo < 0) {
            throw new EOFException(peerName + " closed the connection during the handshake");
        }
        int n = hi << 8 | lo;
        if (n > max) {
            throw new ProtocolException(peerName + " sent a handshake frame of " + n + " bytes (at most " + max
                    + "): not a pairlock datasync peer");
        }
        byte[] b = new byte[n];
        readFully(b, 0, n);
        return b;
    }

    void installKeys(SecretKey send, SecretKey receive) {
        Cipher e;
        Cipher d;
        try {
            e = Cipher.getInstance("AES/GCM/NoPadding");
            d = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException x) {
            throw new IllegalStateException("AES/GCM is missing from this JDK", x);
        }
        sendLock.lock();
        try { // the peer proved the key: now the buffers of a record stream are worth their memory
            buffered = new BufferedOutputStream(out, 256 * 1024);
            sealed = new byte[64 * 1024];
            pending = new Wire.Out(COALESCE + 1024);
        } finally {
            sendLock.unlock();
        }
        cipherIn = new byte[64 * 1024];
        plainIn = new byte[64 * 1024];
        this.sendKey = send;
        this.recvKey = receive;
        this.dec = d;
        this.enc = e; // last: a keepalive thread that sees it sees the keys too
    }

    /** Send a keepalive after this long without sending (a quarter of the shorter link timeout of the two SCs). */
    void keepalive(long nanos) {
        keepaliveNanos = Math.max(1, nanos);
    }

    long keepaliveNanos() {
        return keepaliveNanos;
    }

    // ---- records

    /** A message to fill: its first byte is the record type. */
    static Wire.Out message(Wire.Out reuse, int type) {
        return reuse.reset().u8(type);
    }

    /** Buffers one message (type byte first); small ones share a record. {@link #flush} seals and sends. */
    void send(Wire.Out msg) throws IOException {
        send(msg.array(), msg.length());
    }

    void send(byte[] msg, int len) throws IOException {
        if (len < 1 || len + 4 > MAX_PLAINTEXT) {
            throw new IllegalArgumentException("message of " + len + " bytes");
        }
        sendLock.lock();
        try {
            if (enc == null) {
                throw new IllegalStateException("a record before the handshake installed the keys");
            }
            if (pending.length() > 0 && pending.length() + 4 + len > COALESCE) {
                sealPending();
            }
            if (4 + len >= COALESCE) {
                seal(null, 0, msg, len); // a data chunk: a record of its own, not copied
            } else {
                pending.u32(len).bytes(msg, 0, len);
            }
            lastSendNanos = clock.nanos();
        } finally {
            sendLock.unlock();
        }
    }

    private void sealPending() throws IOException {
        if (pending.length() > 0) {
            seal(pending.array(), pending.length(), null, 0);
            pending.reset();
        }
    }

    /** One record: {@code head} (whole messages, framed) or one message {@code msg} framed here. */
    private void seal(byte[] head, int headLen, byte[] msg, int msgLen) throws IOException {
        int plainLen = head != null ? headLen : 4 + msgLen;
        int sealedLen = plainLen + TAG;
        if (sealed.length < sealedLen + 4) {
            sealed = new byte[sealedLen + 4];
        }
        writeInt(sealed, 0, sealedLen);
        nonce(sendIv, sendSeq);
        try {
            enc.init(Cipher.ENCRYPT_MODE, sendKey, new GCMParameterSpec(128, sendIv));
            enc.updateAAD(sealed, 0, 4);
            if (head != null) {
                enc.doFinal(head, 0, headLen, sealed, 4);
            } else {
                byte[] frame = new byte[4];
                writeInt(frame, 0, msgLen);
                int o = enc.update(frame, 0, 4, sealed, 4);
                enc.doFinal(msg, 0, msgLen, sealed, 4 + o);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to seal a record", e);
        }
        sendSeq++;
        buffered.write(sealed, 0, sealedLen + 4);
        bytesSent += sealedLen + 4;
    }

    void flush() throws IOException {
        sendLock.lock();
        try {
            if (buffered == null) {
                return; // no record yet: handshake frames are written through
            }
            sealPending();
            buffered.flush();
        } finally {
            sendLock.unlock();
        }
    }

    /**
     * Sends {@code msg} now unless another thread is sending (then the link is busy anyway) or
     * something was sent less than {@code idleNanos} ago. For keepalives from a throwaway thread.
     */
    boolean sendIfIdle(Wire.Out msg, long idleNanos) throws IOException {
        if (enc == null || clock.nanos() - lastSendNanos < idleNanos || !sendLock.tryLock()) {
            return false; // not yet keyed (the handshake is the traffic then), recently active, or busy
        }
        try {
            send(msg);
            flush();
            return true;
        } finally {
            sendLock.unlock();
        }
    }

    /** A received message: type and body ({@code buf[off..off+len)}, valid until the next receive). */
    record Record(int type, byte[] buf, int off, int len) {
        Wire.In body() {
            return new Wire.In(buf, off, len);
        }
    }

    /** Blocks for the next message; a record that fails authentication ends the session. */
    Record receive() throws IOException {
        if (plainPos >= plainEnd) {
            openRecord();
        }
        if (plainEnd - plainPos < 5) {
            throw new ProtocolException("record #" + (recvSeq - 1) + " from " + peerName + " ends inside a message header");
        }
        int len = readInt(plainIn, plainPos);
        if (len < 1 || len > plainEnd - plainPos - 4) {
            throw new ProtocolException("record #" + (recvSeq - 1) + " from " + peerName + " frames a message of " + len
                    + " bytes in " + (plainEnd - plainPos - 4));
        }
        int at = plainPos + 4;
        plainPos = at + len;
        return new Record(plainIn[at] & 0xff, plainIn, at + 1, len - 1);
    }

    private void openRecord() throws IOException {
        readFully(header, 0, 4);
        int sealedLen = readInt(header, 0);
        if (sealedLen < TAG + 5 || sealedLen > MAX_PLAINTEXT + TAG) {
            throw new ProtocolException("record #" + recvSeq + " from " + peerName + " claims " + sealedLen
                    + " bytes (corrupted stream or not a pairlock datasync peer)");
        }
        if (cipherIn.length < sealedLen) {
            cipherIn = new byte[Math.max(sealedLen, cipherIn.length * 2)];
        }
        readFully(cipherIn, 0, sealedLen);
        bytesReceived += sealedLen + 4;
        if (plainIn.length < sealedLen) {
            plainIn = new byte[cipherIn.length];
        }
        nonce(recvIv, recvSeq);
        int n;
        try {
            dec.init(Cipher.DECRYPT_MODE, recvKey, new GCMParameterSpec(128, recvIv));
            dec.updateAAD(header, 0, 4);
            n = dec.doFinal(cipherIn, 0, sealedLen, plainIn, 0);
        } catch (AEADBadTagException e) {
            throw new IntegrityException("record #" + recvSeq + " from " + peerName + " failed authentication"
                    + " (corrupted in transit, or forged): dropping the session");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to open a record", e);
        }
        recvSeq++;
        plainPos = 0;
        plainEnd = n;
    }

    private static void nonce(byte[] iv, long seq) {
        for (int i = 0; i < 8; i++) {
            iv[4 + i] = (byte) (seq >>> (56 - 8 * i));
        }
    }

    private void readFully(byte[] b, int off, int n) throws IOException {
        while (n > 0) {
            int r = in.read(b, off, n);
            if (r < 0) {
                throw new EOFException(peerName + " closed the connection");
            }
            off += r;
            n -= r;
        }
    }

    private static void writeInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    private static int readInt(byte[] b, int off) {
        return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | b[off + 3] & 0xff;
    }

    /** What has been blocked without moving a byte for longer than {@code timeoutNanos} ("a read", "a write"), or null. */
    String stalled(long now, long timeoutNanos) {
        return in.stalled(now, timeoutNanos) ? "a read" : out.stalled(now, timeoutNanos) ? "a write" : null;
    }

    long bytesSent() {
        return bytesSent;
    }

    long bytesReceived() {
        return bytesReceived;
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket that is already gone
        }
    }

    /** The record failed its AEAD tag: corrupted in transit or forged. */
    static final class IntegrityException extends ProtocolException {
        private static final long serialVersionUID = 1L;

        IntegrityException(String message) {
            super(message);
        }
    }
}

package dev.pairlock.datasync;

import dev.pairlock.hal.ScId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.KDF;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.HKDFParameterSpec;

/**
 * Mutual authentication of the two SCs by the pair key, and the session keys.
 *
 * <pre>
 * sender   → receiver  HELLO  magic "PLDS", version, 32-byte nonce, SC id, role, epoch, firmware version
 * receiver → sender    HELLO  (the same fields, its own fresh nonce) + HMAC(K, "server" | transcript)
 * sender   → receiver  HMAC(K, "client" | transcript)
 * keys: HKDF-SHA256(ikm K, salt SHA-256(transcript)), info "... sender to receiver" / "... receiver to sender"
 * </pre>
 *
 * K is {@code PairKey.derive("pairlock datasync v1")}. Both nonces are in the transcript, so a
 * recorded handshake replayed later meets a new nonce and fails, and each session has its own keys.
 * The role, epoch and firmware version each side states are authenticated by the MACs before
 * either side acts on them.
 */
final class Handshake {
    static final int VERSION = 1;
    private static final byte[] MAGIC = "PLDS".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_FRAME = 512;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Handshake() {
    }

    /** What one side states about itself. */
    record Hello(ScId sc, SyncRole role, long epoch, String firmware, long timeoutMillis, byte[] nonce) {
        static Hello fresh(ScId sc, SyncRole role, long epoch, String firmware) {
            return fresh(sc, role, epoch, firmware, 3000);
        }

        /** {@code timeoutMillis}: this side's sync.link.timeout; both sides keep the session alive for the shorter. */
        static Hello fresh(ScId sc, SyncRole role, long epoch, String firmware, long timeoutMillis) {
            byte[] n = new byte[32];
            RANDOM.nextBytes(n);
            return new Hello(sc, role, epoch, firmware, timeoutMillis, n);
        }

        byte[] encode() {
            return new Wire.Out(96).bytes(MAGIC).u8(VERSION).bytes(nonce).u8(sc.index()).u8(role.ordinal()).i64(epoch)
                    .u32(timeoutMillis).str(firmware).toByteArray();
        }

        static Hello decode(byte[] b, int len, String peer) throws ProtocolException {
            Wire.In in = new Wire.In(b, 0, len);
            byte[] magic = in.bytes(4);
            if (!MessageDigest.isEqual(magic, MAGIC)) {
                throw new ProtocolException(peer + " is not a pairlock datasync peer (bad magic): check sync.link.* and sync.port");
            }
            int v = in.u8();
            if (v != VERSION) {
                throw new ProtocolException(peer + " speaks datasync protocol version " + v + ", this SC version "
                        + VERSION + ": run the same pairlock release on both SCs");
            }
            byte[] nonce = in.bytes(32);
            int sc = in.u8();
            int role = in.u8();
            if (sc > 1 || role >= SyncRole.values().length) {
                throw new ProtocolException(peer + " sent a malformed hello (SC " + sc + ", role " + role + ")");
            }
            long epoch = in.i64();
            long timeout = in.u32();
            String fw = in.str();
            in.end();
            if (timeout < 100) {
                throw new ProtocolException(peer + " states a link timeout of " + timeout + " ms (at least 100)");
            }
            return new Hello(ScId.of(sc), SyncRole.values()[role], epoch, fw, timeout, nonce);
        }

        @Override
        public String toString() {
            return sc + " " + role + " epoch " + epoch + " firmware " + firmware;
        }
    }

    /** The sender's side; returns the receiver's hello, with the session keys installed. */
    static Hello asSender(RecordChannel ch, SecretKey key, Hello ours) throws IOException {
        byte[] ch1 = ours.encode();
        ch.writeFrame(ch1);
        byte[] sh = ch.readFrame(MAX_FRAME);
        if (sh.length < 32) {
            throw new ProtocolException(ch.peerName() + " sent a truncated hello");
        }
        int bodyLen = sh.length - 32;
        Hello theirs = Hello.decode(sh, bodyLen, ch.peerName());
        byte[] transcript = concat(ch1, sh, bodyLen);
        byte[] expected = mac(key, "server", transcript);
        if (!MessageDigest.isEqual(expected, java.util.Arrays.copyOfRange(sh, bodyLen, sh.length))) {
            throw wrongKey(ch.peerName());
        }
        ch.writeFrame(mac(key, "client", transcript));
        install(ch, key, transcript, true);
        ch.keepalive(keepaliveNanos(ours, theirs));
        return theirs;
    }

    /** The receiver's side; returns the sender's hello, with the session keys installed and keepalives on. */
    static Hello asReceiver(RecordChannel ch, SecretKey key, Hello ours) throws IOException {
        Hello theirs = asReceiverNoKeepalive(ch, key, ours);
        ch.keepalive(keepaliveNanos(ours, theirs));
        return theirs;
    }

    /**
     * The receiver's side, keepalives left off: a receiver turns them on after its ACCEPT or REFUSE,
     * so that its answer is the first record the sender reads.
     */
    static Hello asReceiverNoKeepalive(RecordChannel ch, SecretKey key, Hello ours) throws IOException {
        byte[] ch1 = ch.readFrame(MAX_FRAME);
        Hello theirs = Hello.decode(ch1, ch1.length, ch.peerName());
        byte[] body = ours.encode();
        byte[] transcript = concat(ch1, body, body.length);
        byte[] mac = mac(key, "server", transcript);
        byte[] sh = java.util.Arrays.copyOf(body, body.length + 32);
        System.arraycopy(mac, 0, sh, body.length, 32);
        ch.writeFrame(sh);
        byte[] finish = ch.readFrame(MAX_FRAME);
        if (!MessageDigest.isEqual(finish, mac(key, "client", transcript))) {
            throw wrongKey(ch.peerName());
        }
        install(ch, key, transcript, false);
        return theirs;
    }

    /** A quarter of the shorter of the two SCs' link timeouts: idle sessions stay well inside both. */
    static long keepaliveNanos(Hello ours, Hello theirs) {
        return Math.min(ours.timeoutMillis(), theirs.timeoutMillis()) * 1_000_000L / 4;
    }

    private static ProtocolException wrongKey(String peer) {
        return new ProtocolException(peer + " does not prove the pair key (handshake MAC mismatch): both SCs need the"
                + " same key.file (scctl peer-key generate, copied to both)");
    }

    private static byte[] concat(byte[] a, byte[] b, int bLen) {
        byte[] t = java.util.Arrays.copyOf(a, a.length + bLen);
        System.arraycopy(b, 0, t, a.length, bLen);
        return t;
    }

    private static byte[] mac(SecretKey key, String label, byte[] transcript) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            m.update(("pairlock datasync v1 " + label).getBytes(StandardCharsets.US_ASCII));
            return m.doFinal(transcript);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    private static void install(RecordChannel ch, SecretKey key, byte[] transcript, boolean sender) {
        try {
            byte[] salt = MessageDigest.getInstance("SHA-256").digest(transcript);
            KDF hkdf = KDF.getInstance("HKDF-SHA256");
            SecretKey s2r = hkdf.deriveKey("AES", HKDFParameterSpec.ofExtract().addIKM(key).addSalt(salt)
                    .thenExpand("pairlock datasync v1 sender to receiver".getBytes(StandardCharsets.US_ASCII), 32));
            SecretKey r2s = hkdf.deriveKey("AES", HKDFParameterSpec.ofExtract().addIKM(key).addSalt(salt)
                    .thenExpand("pairlock datasync v1 receiver to sender".getBytes(StandardCharsets.US_ASCII), 32));
            if (sender) {
                ch.installKeys(s2r, r2s);
            } else {
                ch.installKeys(r2s, s2r);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF-SHA256 is missing from this JDK", e);
        }
    }
}

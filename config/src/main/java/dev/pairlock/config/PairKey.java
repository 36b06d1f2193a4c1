package dev.pairlock.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret the two SCs of one chassis share: 32 random bytes, stored as 64 hex digits and a
 * newline in a file that only root may read (owner root — or the user the daemon runs as — and mode
 * 0600; anything else is refused, because a key others can read authenticates nothing).
 *
 * <p>Each use derives its own key ({@link #derive}: HMAC-SHA256 of the purpose under the pair key),
 * so a frame of the peer link can never be replayed as a data-sync message or the other way round.
 */
public final class PairKey {
    public static final int BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");

    private final byte[] key;
    private final Path source;

    private PairKey(byte[] key, Path source) {
        this.key = key;
        this.source = source;
    }

    /** Reads and checks a key file; see the class comment. */
    public static PairKey load(Path file) {
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new ConfigException(file, Files.exists(file)
                        ? "is not a regular file: the pair key must be a plain file (no symlink), mode 0600"
                        : "does not exist: create one with 'scctl peer-key generate " + file + "' and copy it to the other SC");
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            if (!perms.equals(OWNER_RW)) {
                throw new ConfigException(file, "has mode " + PosixFilePermissions.toString(perms)
                        + ": a pair key must be readable by its owner only; run 'chmod 600 " + file + "'");
            }
            int uid = (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            int self = currentUid();
            if (uid != 0 && uid != self) {
                throw new ConfigException(file, "is owned by uid " + uid + ": a pair key must be owned by root"
                        + " (or the user the daemon runs as); run 'chown root: " + file + "'");
            }
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (text.length() != 2 * BYTES || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new ConfigException(file, "is not a pair key: expected " + 2 * BYTES
                        + " hex digits (made by 'scctl peer-key generate FILE')");
            }
            return new PairKey(HexFormat.of().parseHex(text), file);
        } catch (IOException e) {
            throw new ConfigException(file, "cannot be read (" + e.getMessage() + ")");
        }
    }

    /** Writes a new random key to {@code file} (mode 0600, durably); refuses to overwrite one. */
    public static PairKey generate(Path file) throws IOException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(file + " already exists: a pair key is never overwritten (remove it first if you mean to)");
        }
        byte[] k = new byte[BYTES];
        new SecureRandom().nextBytes(k);
        AtomicFiles.write(file, (HexFormat.of().formatHex(k) + "\n").getBytes(StandardCharsets.US_ASCII), OWNER_RW);
        return new PairKey(k, file);
    }

    /** For tests and tools: a key from bytes that are already in memory. */
    public static PairKey of(byte[] key) {
        if (key.length != BYTES) {
            throw new IllegalArgumentException("a pair key is " + BYTES + " bytes, not " + key.length);
        }
        return new PairKey(key.clone(), null);
    }

    /** The key for one purpose, e.g. {@code derive("pairlock peer-link v1")}: HMAC-SHA256(pairKey, purpose). */
    public SecretKey derive(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return new SecretKeySpec(mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8)), "HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /** Where the key came from, or null. Never the key itself. */
    public Path source() {
        return source;
    }

    @Override
    public String toString() {
        return "PairKey[" + (source == null ? "in memory" : source) + "]";
    }

    private static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 0;
        }
    }
}

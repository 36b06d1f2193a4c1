package dev.pairlock.datasync;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs AES-GCM and SHA-256 over about 48 MiB of zeros, once, on a low-priority thread at start.
 * Until C2 compiles the JDK's AES-GCM path to its AES-NI/VAES intrinsic, GCM runs interpreted at
 * tens of MB/s (measured: the intrinsic kicks in after about 44 MiB and 0.6 s of CPU); without this,
 * the first sync after a daemon start, which is often the one right after a failover, would pay
 * that. Throwaway key, nothing is kept.
 *
 * <p>Only where it can pay off: when the JVM has the AES intrinsics ({@code UseAES}; off
 * on a CPU without AES instructions, e.g. QEMU's {@code qemu64} under TCG) and may compile with C2
 * ({@code TieredStopAtLevel} 4; pairlockd's launcher runs C1 only). Otherwise the warm-up would grind
 * 48 MiB through software AES for nothing, competing with the failover protocol for the CPU right
 * at start (seen in the kernel VM under TCG, two daemons on 2 vCPUs: daemons that took tens of
 * seconds from START to their first role, and lapsed MAIN leases; the warm-up's share in that was
 * not measured alone, the host was loaded too).
 */
final class CryptoWarmup {
    private static final Logger log = LoggerFactory.getLogger(CryptoWarmup.class);
    private static volatile boolean started;

    private CryptoWarmup() {
    }

    static void start() {
        if (started) {
            return;
        }
        started = true;
        String skip = whyNot(CryptoWarmup::vmOption);
        if (skip != null) {
            log.info("datasync: crypto warm-up skipped: {}", skip);
            return;
        }
        Thread t = new Thread(CryptoWarmup::run, "datasync-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /**
     * Why the warm-up would not help on this JVM, or null if it would. {@code option} gives a
     * HotSpot flag's value, or null if the JVM does not have it (then the warm-up runs, as before).
     */
    static String whyNot(java.util.function.Function<String, String> option) {
        if ("false".equals(option.apply("UseAES"))) {
            return "no AES intrinsics in this JVM (UseAES=false: the CPU has no AES instructions)";
        }
        String level = option.apply("TieredStopAtLevel");
        if ("false".equals(option.apply("UseCompiler")) || level != null && level.matches("[0-3]")) {
            return "no C2 compilation in this JVM (TieredStopAtLevel=" + level + "), so no AES-GCM intrinsic to warm up";
        }
        return null;
    }

    private static String vmOption(String name) {
        try {
            return java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption(name).getValue();
        } catch (RuntimeException | LinkageError e) {
            return null; // not HotSpot, or no such flag
        }
    }

    private static void run() {
        try {
            SecretKeySpec key = new SecretKeySpec(new byte[32], "AES");
            Cipher enc = Cipher.getInstance("AES/GCM/NoPadding");
            Cipher dec = Cipher.getInstance("AES/GCM/NoPadding");
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] plain = new byte[16 * 1024];
            byte[] sealed = new byte[plain.length + 16];
            byte[] opened = new byte[sealed.length];
            byte[] iv = new byte[12];
            for (long seq = 0; seq < 3072; seq++) {
                for (int i = 0; i < 8; i++) {
                    iv[4 + i] = (byte) (seq >>> (56 - 8 * i));
                }
                enc.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
                int n = enc.doFinal(plain, 0, plain.length, sealed, 0);
                dec.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
                dec.doFinal(sealed, 0, n, opened, 0);
                sha.update(plain);
            }
            sha.digest();
            log.debug("datasync: AES-GCM and SHA-256 warmed up");
        } catch (GeneralSecurityException e) {
            log.warn("datasync: crypto warm-up failed: {}", e.toString());
        }
    }
}

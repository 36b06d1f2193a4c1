package dev.pairlock.datasync;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The warm-up runs only where it can pay off: AES intrinsics present and C2 allowed. */
class CryptoWarmupTest {
    private static String whyNot(Map<String, String> flags) {
        return CryptoWarmup.whyNot(flags::get);
    }

    @Test
    void runsWithAesIntrinsicsAndC2() {
        assertNull(whyNot(Map.of("UseAES", "true", "TieredStopAtLevel", "4", "UseCompiler", "true")));
    }

    @Test
    void runsWhenTheJvmDoesNotTell() {
        assertNull(whyNot(Map.of()));
    }

    @Test
    void skippedWithoutAesInstructions() {
        String why = whyNot(Map.of("UseAES", "false", "TieredStopAtLevel", "4"));
        assertNotNull(why);
        assertTrue(why.contains("UseAES=false"), why);
    }

    @Test
    void skippedWithoutC2() {
        for (String level : new String[] {"0", "1", "2", "3"}) {
            String why = whyNot(Map.of("UseAES", "true", "TieredStopAtLevel", level));
            assertNotNull(why, level);
            assertTrue(why.contains("TieredStopAtLevel=" + level), why);
        }
        assertNotNull(whyNot(Map.of("UseAES", "true", "UseCompiler", "false")));
    }

    @Test
    void thisJvmAnswers() {
        // the real flags of the JVM running the test: read, whatever they say
        assertNotNull(CryptoWarmupTest.class.getModule());
        CryptoWarmup.whyNot(name -> {
            String v = java.lang.management.ManagementFactory.getPlatformMXBean(
                    com.sun.management.HotSpotDiagnosticMXBean.class).getVMOption(name).getValue();
            assertNotNull(v, name);
            return v;
        });
    }
}

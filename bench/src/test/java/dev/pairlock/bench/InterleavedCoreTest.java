package dev.pairlock.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The core's A/B of two builds in one JVM: each build's CoreReplayBench in its own loader, a ratio per round. */
class InterleavedCoreTest {
    /** This JVM's own class path: the core benchmark and everything it needs, as a build would be. */
    private static String classPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return String.join(":", Arrays.stream(cp.split(java.io.File.pathSeparator))
                .filter(p -> java.nio.file.Files.exists(java.nio.file.Path.of(p))).toList());
    }

    @Test
    void twoLoadersOfOneBuildGiveAnEventRatioForEveryRound() throws Throwable {
        InterleavedCore.CoreBuild a = new InterleavedCore.CoreBuild(classPath(), 1);
        InterleavedCore.CoreBuild b = new InterleavedCore.CoreBuild(classPath(), 1);
        // a pass is the recorded streams once over, in whole replay batches
        assertEquals(0, a.units() % CoreReplayBench.BATCH);
        assertTrue(a.units() >= CoreReplayBench.BATCH, () -> "events per pass: " + a.units());
        assertTrue(a.pass(0) > 0, "the core answers with commands");
        InterleavedBuilds.Result r = InterleavedBuilds.measure(a, b, 3, 1, 0, 1);
        assertEquals(3, r.cpuRatio().length);
        for (int k = 0; k < 3; k++) {
            assertTrue(r.cpuRatio()[k] > 0 && Double.isFinite(r.cpuRatio()[k]), "round " + k + ": " + r.cpuRatio()[k]);
            assertTrue(r.wallRatio()[k] > 0 && Double.isFinite(r.wallRatio()[k]), "round " + k + ": " + r.wallRatio()[k]);
        }
        String s = InterleavedBuilds.summary(r);
        assertTrue(s.contains("threads 1, rounds 3") && s.contains("events/s"), s);
    }

    @Test
    void aClassPathWithoutTheCoreBenchmarkIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new InterleavedCore.CoreBuild(System.getProperty("java.io.tmpdir"), 1));
        assertTrue(e.getMessage().contains("has no usable core benchmark"), e.getMessage());
    }

    @Test
    void aBuildThatIsNotThereIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new InterleavedCore.CoreBuild("/nonexistent/new-benchmarks.jar", 1));
        assertTrue(e.getMessage().contains("/nonexistent/new-benchmarks.jar does not exist"), e.getMessage());
    }

    @Test
    void aChildRunsRatioIsReadFromItsSummary() {
        String summary = "threads 1, rounds 3: A 1 events/s, B 1 events/s (median slices)\n"
                + "B/A time, thread CPU: geometric mean 0.9712, median 0.9700, 99.9 % +-0.0100\n"
                + "B/A time, wall:       geometric mean 0.9000, median 0.9000, 99.9 % +-0.1000\n";
        assertEquals(0.9712, InterleavedCore.cpuRatio(summary), 1e-12);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> InterleavedCore.cpuRatio("Error: boom"));
        assertTrue(e.getMessage().contains("Error: boom"), e.getMessage());
    }

    @Test
    void jvmPairsCancelTheLoadOrderBiasAndWidenWithTheirSpread() {
        // B 10 % faster, and the first-loaded build 5 % favoured: r1 = 0.9 * 1.05, r2 = 1 / 0.9 * 1.05
        double[] r1 = {0.9 * 1.05, 0.9 * 1.05};
        double[] r2 = {1.05 / 0.9, 1.05 / 0.9};
        String same = InterleavedCore.acrossJvms(r1, r2);
        assertTrue(same.contains("2 JVM pairs: geometric mean 0.9000, 99.9 % interval 0.9000..0.9000"), same);
        assertTrue(same.contains("load-order bias 1.0500"), same);
        // pairs that disagree: the interval covers both, with the t quantile for one degree of freedom
        String spread = InterleavedCore.acrossJvms(new double[] {0.95, 1.05}, new double[] {1.0, 1.0});
        assertTrue(spread.matches("(?s).*interval 0\\.[0-9]{4}\\.\\.[1-9][0-9]*\\.[0-9]{4}.*"), spread);
    }
}

package dev.pairlock.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The A/B of two builds in one JVM: each build in its own loader, a ratio per round. */
class InterleavedBuildsTest {
    /** This JVM's own class path: the simulator and everything it needs, as a build would be. */
    private static String classPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return String.join(":", Arrays.stream(cp.split(java.io.File.pathSeparator))
                .filter(p -> java.nio.file.Files.exists(java.nio.file.Path.of(p))).toList());
    }

    @Test
    void twoLoadersOfOneBuildGiveARatioForEveryRound() throws Exception {
        InterleavedBuilds.Build a = new InterleavedBuilds.Build(classPath(), 2);
        InterleavedBuilds.Build b = new InterleavedBuilds.Build(classPath(), 2);
        InterleavedBuilds.Result r = InterleavedBuilds.measure(a, b, 3, 1, 0, 1);
        assertEquals(3, r.cpuRatio().length);
        assertEquals(3, r.wallRatio().length);
        for (int k = 0; k < 3; k++) {
            assertTrue(r.cpuRatio()[k] > 0 && Double.isFinite(r.cpuRatio()[k]), "round " + k + ": " + r.cpuRatio()[k]);
            assertTrue(r.wallRatio()[k] > 0 && Double.isFinite(r.wallRatio()[k]), "round " + k + ": " + r.wallRatio()[k]);
        }
        String s = InterleavedBuilds.summary(r);
        assertTrue(s.contains("threads 1, rounds 3") && s.contains("B/A time, thread CPU"), s);
    }

    @Test
    void aBuildThatIsNotThereIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new InterleavedBuilds.Build("/nonexistent/old-benchmarks.jar"));
        assertTrue(e.getMessage().contains("/nonexistent/old-benchmarks.jar does not exist"), e.getMessage());
    }

    @Test
    void aClassPathWithoutTheSimulatorIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new InterleavedBuilds.Build(System.getProperty("java.io.tmpdir")));
        assertTrue(e.getMessage().contains("has no usable simulator"), e.getMessage());
    }

    @Test
    void theGeometricMeanOfRatiosIsTheirLogAverage() {
        assertEquals(1.0, InterleavedBuilds.geometricMean(new double[] {0.5, 2.0}), 1e-12);
        assertEquals(2.0, InterleavedBuilds.geometricMean(new double[] {2.0, 2.0, 2.0}), 1e-12);
    }
}

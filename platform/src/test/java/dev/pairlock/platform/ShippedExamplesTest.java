package dev.pairlock.platform;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every platform file the .deb ships in /usr/share/doc/pairlock/examples (packaging/build-image.sh copies
 * packaging/src/etc/*.conf and etc/*.conf) is one an operator can copy to /etc/pairlock/ and use: it loads
 * as scctl loads it, with no error.
 */
class ShippedExamplesTest {
    static List<Path> examples() {
        return List.of(Path.of("..", "etc", "sample.conf"), Path.of("..", "etc", "sc0.conf"), Path.of("..", "etc", "sc1.conf"),
                Path.of("..", "packaging", "src", "etc", "scctl-sample.conf"));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void eachShippedPlatformExampleLoads(Path example) {
        assertTrue(Files.isRegularFile(example), example + " is missing");
        PlatformFile.load(example); // throws file:line: key: ... on the first bad line
    }
}

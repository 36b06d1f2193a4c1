package dev.pairlock.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzzes the request parser a local user reaches through the control socket: any bytes either
 * make a valid request or a {@link ControlRequest.Refused} with one of the documented codes —
 * never another exception — and a parsed request's JSON survives writing and reading again.
 */
class ControlRequestFuzzTest {
    private static final Set<String> CODES = Set.of("too_long", "parse_error", "bad_request", "unknown_op", "bad_args");
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final HandlerRegistry REGISTRY = new HandlerRegistry()
            .register("failover.show", Access.READ, "", ArgSpec.none(), (a, s) -> null)
            .register("failover.set", Access.ADMIN, "", ArgSpec.none().required("mode", new ArgSpec.OneOf(List.of("on", "off", "force"))),
                    (a, s) -> null)
            .register("events", Access.READ, "", ArgSpec.none().optional("last", new ArgSpec.Int(0, 1000))
                    .optional("follow", new ArgSpec.Flag()).optional("sc", new ArgSpec.Text(8)), (a, s) -> null);

    @FuzzTest(maxDuration = "10m")
    void parserAnswersEveryLine(byte[] line) {
        RUNS.incrementAndGet();
        try {
            ControlRequest r = ControlRequest.parse(line, REGISTRY);
            assertTrue(REGISTRY.all().containsKey(r.operation().name()));
        } catch (ControlRequest.Refused e) {
            assertTrue(CODES.contains(e.code()), "undocumented code " + e.code());
            assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
        }
        String text = new String(line, StandardCharsets.UTF_8);
        Object v;
        try {
            v = Json.parse(text);
        } catch (JsonException e) {
            return;
        }
        assertEquals(v, Json.parse(Json.write(v)), "write then parse changed the value");
    }

    @AfterAll
    static void everyStoredInputRan() throws IOException {
        if (System.getenv("JAZZER_FUZZ") != null) {
            return; // fuzzing one method: the regression inputs of the others are not run
        }
        Path dir = Path.of("src/test/resources/dev/pairlock/control/ControlRequestFuzzTestInputs/parserAnswersEveryLine");
        long stored;
        try (Stream<Path> files = Files.list(dir)) {
            stored = files.filter(Files::isRegularFile).count();
        }
        assertTrue(stored >= 3, "the seed inputs are missing from " + dir);
        assertTrue(RUNS.get() >= stored, "the fuzz test ran " + RUNS.get() + " inputs of the " + stored + " stored");
    }
}

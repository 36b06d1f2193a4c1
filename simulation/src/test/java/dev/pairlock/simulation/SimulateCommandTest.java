package dev.pairlock.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.simulation.cli.SimulateCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulateCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = new CommandLine(new SimulateCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void noArgumentsRunsTheSeedsScenarioWithTimelineAndVerdict() {
        assertEquals(0, run());
        String o = out.toString();
        assertTrue(o.contains("scenario seed"), o);
        assertTrue(o.contains("POWER OFF"), o);
        assertTrue(o.contains("verdict: S1-S5 held"), o);
        assertTrue(o.contains("failover time: 1.0"), o);
        assertTrue(o.contains("boards on the MAIN's clock: 18 of 18 (MAIN SC1)"), o);
    }

    @Test
    void listsScenarios() {
        assertEquals(0, run("--scenario", "list"));
        assertTrue(out.toString().contains("planned-switchover"));
        assertTrue(out.toString().lines().count() >= 11);
    }

    @Test
    void badInputIsOneLineAndExitCodeTwo() {
        for (String[] args : new String[][] {{"--scenario", "nope"}, {"--fdt", "fast"}, {"--fdt", "50ms"},
                {"--schedules", "-5"}, {"--seed", "x1"}, {"--timeline", "run.png"},
                // issue 14: overflow is an error, absurd sizes are refused up front naming the limit, ASCII digits only
                {"--schedules", "1", "--threads", "4294967297"}, {"--schedules", "1000000000000"},
                {"--seed", "9223372036854775807", "--schedules", "2"}, {"--seed", "\u0661\u0668"},
                {"--schedules", "1", "--threads", "99999999999"}}) {
            err.getBuffer().setLength(0);
            assertEquals(2, run(args), String.join(" ", args));
            assertEquals(1, err.toString().lines().count(), err.toString());
            assertTrue(err.toString().startsWith("scctl: simulate: "), err.toString());
        }
    }

    @Test
    void helpTeachesWithExamples() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("Examples:"));
        assertTrue(out.toString().contains("--schedules"));
    }

    @Test
    void sweepPrintsSummaryAndPercentiles() {
        assertEquals(0, run("--schedules", "200", "--threads", "2"));
        String o = out.toString();
        assertTrue(o.contains("violations: 0"), o);
        assertTrue(o.contains("p50"), o);
        assertTrue(o.contains("schedules per minute"), o);
    }

    @Test
    void writesASvgTimeline(@TempDir Path dir) throws Exception {
        Path svg = dir.resolve("run.svg");
        assertEquals(0, run("--scenario", "planned-switchover", "--timeline", svg.toString()));
        String s = Files.readString(svg);
        assertTrue(s.startsWith("<svg"));
        assertTrue(s.contains("board 17"));
        assertTrue(s.contains("virtual time"));
        Path html = dir.resolve("run.html");
        assertEquals(0, run("--fdt", "250ms", "--timeline", html.toString()));
        assertTrue(Files.readString(html).contains("<html>"));
    }
}

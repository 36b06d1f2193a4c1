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
        assertTrue(o.contains("verdict: S1-S5, EPOCH, FAILOVER_OFF and FAILOVER_OFF_SENT held"), o);
        assertTrue(o.contains("fault: HANG_BUS SC0 bus 0-12"), o);
        assertTrue(o.contains("role MAIN (epoch 1)") && o.contains("SC1  role MAIN"), o);
        assertTrue(o.contains("failover time: no failover"), o);
        assertTrue(o.contains("boards on the MAIN's clock: 18 of 18 (MAIN SC1)"), o);
    }

    @Test
    void theRootReadmeShowsExactlyWhatTheFirstCommandPrints() throws Exception {
        assertEquals(0, run());
        String readme = Files.readString(Path.of("..", "README.md"));
        int at = readme.indexOf("```\nscenario seed, seed 1");
        assertTrue(at >= 0, "the README quotes ./scctl simulate's output");
        String quoted = readme.substring(at + 4, readme.indexOf("```", at + 4));
        assertEquals(out.toString().replace("\r\n", "\n"), quoted, "README.md's excerpt is stale: paste ./scctl simulate's output");
    }

    @Test
    void listsScenarios() {
        assertEquals(0, run("--scenario", "list"));
        assertTrue(out.toString().contains("planned-switchover"));
        assertTrue(out.toString().lines().count() >= 13);
        assertTrue(out.toString().contains("main-loses-buses"));
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
        assertTrue(s.contains("boards 0-17"), "boards that behave alike share a row");
        assertTrue(s.contains("virtual time"));
        assertTrue(s.contains("zoom: "), "an inset on the busiest stretch");
        assertTrue(s.contains("SWITCHOVER_STARTED"), "health events are labelled markers");
        assertTrue(s.contains("link SC0-&gt;SC1") && s.contains("heartbeat SC1-&gt;SC0"), "signal rows");
        assertTrue(s.contains("software stalled") && s.contains("powered off"), "a legend");
        Path gc = dir.resolve("gc.svg");
        assertEquals(0, run("--scenario", "main-gc-pause", "--timeline", gc.toString()));
        String g = Files.readString(gc);
        assertTrue(g.contains("url(#stall)") && g.contains("software stalled 3.000 s"), "the stall on SC0's row");
        assertTrue(g.contains("failover 1."), "the failover time");
        Path seed = dir.resolve("seed.svg");
        assertEquals(0, run("--timeline", seed.toString()));
        String sd = Files.readString(seed);
        assertTrue(sd.contains("hang bus SC0 bus 0-12") && sd.contains("SC0 buses 0-12 hung"), "the 13 hung buses show");
        assertTrue(sd.contains(">POWER OFF<"), "power-off is labelled");
        Path html = dir.resolve("run.html");
        assertEquals(0, run("--fdt", "250ms", "--timeline", html.toString()));
        assertTrue(Files.readString(html).contains("<html>"));
    }
}

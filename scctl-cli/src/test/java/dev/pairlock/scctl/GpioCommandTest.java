package dev.pairlock.scctl;

import static dev.pairlock.scctl.I2cCommandTest.assertUsage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.control.Json;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** scctl gpio against the simulated chassis' per-SC chip (hb-out, hb-in, peer-reset). */
class GpioCommandTest {
    @Test
    void detectListsThisScsChip() {
        Run r = Run.scctl("gpio", "detect");
        assertEquals(0, r.code(), r::toString);
        assertEquals("gpiochip0 [pairlock-sim-sc0] (3 lines)\n", r.out());
        Run sc1 = Run.scctl("--sc", "sc1", "--json", "gpio", "detect");
        assertEquals("{\"chips\":[{\"chip\":\"gpiochip1\",\"label\":\"pairlock-sim-sc1\",\"path\":\"sim:gpiochip1\",\"num_lines\":3}]}\n",
                sc1.out(), sc1::toString);
    }

    @Test
    void infoDescribesEveryLineOrTheOnesAsked() {
        Run all = Run.scctl("gpio", "info");
        assertEquals(0, all.code(), all::toString);
        List<String> lines = all.out().lines().toList();
        assertEquals("gpiochip0 - 3 lines:", lines.getFirst());
        assertTrue(lines.get(1).matches("\tline +0:\t\"hb-out\" *\toutput"), all::toString);
        assertTrue(lines.get(2).matches("\tline +1:\t\"hb-in\" *\tinput"), all::toString);
        assertTrue(lines.get(3).matches("\tline +2:\t\"peer-reset\" *\toutput"), all::toString);
        Run one = Run.scctl("--json", "gpio", "info", "-c", "pairlock-sim-sc0", "1");
        assertEquals("{\"chips\":[{\"chip\":\"gpiochip0\",\"label\":\"pairlock-sim-sc0\",\"path\":\"sim:gpiochip0\",\"num_lines\":3,"
                + "\"lines\":[{\"offset\":1,\"name\":\"hb-in\",\"used\":false,\"consumer\":null,\"direction\":\"input\","
                + "\"active_low\":false,\"edge\":\"none\",\"bias\":\"as-is\",\"drive\":\"push-pull\",\"debounce_us\":0}]}]}\n",
                one.out(), one::toString);
    }

    @Test
    void getReadsLogicalValuesByNameOrOffset() {
        Run r = Run.scctl("gpio", "get", "hb-in", "peer-reset");
        assertEquals(0, r.code(), r::toString);
        assertEquals("\"hb-in\"=inactive \"peer-reset\"=inactive\n", r.out());
        Run low = Run.scctl("gpio", "get", "--numeric", "-l", "-c", "gpiochip0", "1", "2");
        assertEquals("1 1\n", low.out(), "active-low inverts the idle lines: " + low);
        Run json = Run.scctl("--json", "gpio", "get", "-c", "sim:gpiochip0", "-b", "pull-down", "hb-in");
        assertEquals("{\"chip\":\"gpiochip0\",\"active_low\":false,\"lines\":[{\"offset\":1,\"name\":\"hb-in\",\"value\":0}]}\n",
                json.out(), json::toString);
    }

    @Test
    void setDrivesHbOutWhichThePeerSeesAsAHeartbeatEdge() {
        Run r = Run.scctl("--json", "gpio", "set", "-y", "--hold", "50ms", "hb-out=1");
        assertEquals(0, r.code(), r::toString);
        assertEquals("{\"chip\":\"gpiochip0\",\"active_low\":false,\"drive\":\"push-pull\",\"hold_ms\":50,"
                + "\"lines\":[{\"offset\":0,\"name\":\"hb-out\",\"value\":1}]}\n", r.out());
        Run text = Run.scctl("gpio", "set", "-y", "-c", "0", "0=active", "2=off");
        assertEquals(0, text.code(), text::toString);
        assertEquals("", text.out() + text.err(), "gpioset v2 is silent: " + text);
        Run toggled = Run.scctl("gpio", "set", "-y", "-t", "20ms,20ms,0", "-i", "hb-out=1");
        assertEquals(2, toggled.code(), "-i and -t exclude each other, as in gpioset: " + toggled);
        Run pulse = Run.scctl("gpio", "set", "-y", "-t", "20ms,0", "hb-out=1");
        assertEquals(0, pulse.code(), pulse::toString);
        Run daemon = Run.scctl("gpio", "set", "-y", "-z", "hb-out=1");
        assertEquals(2, daemon.code(), daemon::toString);
        assertTrue(daemon.err().contains("-z on the sim backend"), daemon::toString);
    }

    @Test
    void setAsksUnlessYes() {
        Run no = Run.withInput(null, "gpio", "set", "hb-out=1");
        assertEquals(0, no.code(), "declined, as i2cset: exit 0, nothing written\n" + no);
        assertTrue(no.err().contains("This drives gpiochip0 \"hb-out\"=active"), no::toString);
        assertTrue(no.err().endsWith("scctl: no confirmation on stdin: nothing written (pass -y to write without asking)\n"), no::toString);
        assertEquals("", no.out());
        Run yes = Run.withInput("y\n", "gpio", "set", "hb-out=1");
        assertEquals(0, yes.code(), yes::toString);
        Run abort = Run.withInput("n\n", "gpio", "set", "hb-out=1");
        assertEquals(0, abort.code(), abort::toString);
        assertTrue(abort.err().endsWith("scctl: aborted on user request: nothing written (pass -y to write without asking)\n"), abort::toString);
    }

    @Test
    void monitorSeesThePeersHeartbeatOnVirtualTime() {
        Run r = Run.scctl("gpio", "monitor", "--num-events", "4", "hb-in");
        assertEquals(0, r.code(), r::toString);
        List<String> lines = r.out().lines().toList();
        assertEquals(4, lines.size(), "gpiomon's lines on stdout, the summary on stderr: " + r);
        Pattern edge = Pattern.compile("(\\d+)\\.(\\d{9})\t(rising|falling)\t\"hb-in\"");
        long lastTs = -1;
        long lastSeq = -1;
        String lastType = "";
        for (String l : lines.subList(0, 4)) {
            Matcher m = edge.matcher(l);
            assertTrue(m.matches(), l);
            long ts = Long.parseLong(m.group(1)) * 1_000_000_000L + Long.parseLong(m.group(2));
            long seq = lastSeq + 1;
            assertTrue(ts > lastTs, "timestamps increase: " + r);
            assertTrue(!m.group(3).equals(lastType), "the peer's level toggles per beat: " + r);
            lastTs = ts;
            lastSeq = seq;
            lastType = m.group(3);
        }
        assertEquals("4 edge(s), 0 missed, on gpiochip0\n", r.err());
        Run f = Run.scctl("gpio", "monitor", "-n", "2", "-F", "%c %o %l %E %e", "--unquoted", "hb-in");
        assertEquals("gpiochip0 1 hb-in falling 2\ngpiochip0 1 hb-in rising 1\n", f.out(), f::toString);
        Run q = Run.scctl("gpio", "monitor", "-q", "-n", "2", "hb-in");
        assertEquals("", q.out() + q.err(), q::toString);
        Run idle = Run.scctl("gpio", "monitor", "--idle-timeout", "50ms", "-c", "0", "1");
        assertEquals(0, idle.code(), idle::toString);
    }

    @Test
    void monitorJsonAndRisingOnlyWithATimeout() {
        Run r = Run.scctl("--json", "gpio", "monitor", "-e", "rising", "--timeout", "1s", "hb-in");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().startsWith("{\"chip\":\"gpiochip0\",\"events\":[{\"timestamp_ns\":"), r::toString);
        assertTrue(r.out().endsWith("],\"missed\":0,\"timed_out\":true}\n"), r::toString);
        assertEquals(5, r.out().split("\"type\":\"rising\"").length - 1, "a beat every 100 ms, half of them rising: " + r);
        assertTrue(!r.out().contains("falling"), r::toString);
        for (String field : List.of("\"offset\":1", "\"name\":\"hb-in\"", "\"global_seqno\":1,", "\"line_seqno\":")) {
            assertTrue(r.out().contains(field), field + " in " + r);
        }
    }

    @Test
    void monitorFailsWhenTheEdgesDoNotComeInTime() {
        Run r = Run.scctl("gpio", "monitor", "-n", "3", "--timeout", "150ms", "hb-in");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().endsWith("1 edge(s), 0 missed, on gpiochip0 (stopped before 3)\n"), r::toString);
        Run quiet = Run.scctl("gpio", "monitor", "--timeout", "50ms", "-c", "0", "1");
        assertEquals(0, quiet.code(), "no edge count was asked for: " + quiet);
        assertEquals("0 edge(s), 0 missed, on gpiochip0\n", quiet.err(), quiet::toString);
    }

    @Test
    void badInputIsUsageWithTheValidChoices() {
        assertUsage(Run.scctl("gpio", "get", "-c", "gpiochip7", "1"), "GPIO chip 'gpiochip7' not found: known are gpiochip0 [pairlock-sim-sc0]");
        assertUsage(Run.scctl("gpio", "info", "-c", "nosuch"), "GPIO chip 'nosuch' not found");
        assertUsage(Run.scctl("gpio", "get", "hb-nope"), "gpiochip0 has no line named 'hb-nope': its named lines are hb-out, hb-in, peer-reset");
        assertUsage(Run.scctl("gpio", "get", "-c", "0", "3"), "GPIO line offset 3 is out of range for gpiochip0: valid is 0..2");
        assertUsage(Run.scctl("gpio", "set", "-y", "hb-out=2"), "value '2' for GPIO line hb-out is not one of 1, 0, active");
        assertUsage(Run.scctl("gpio", "set", "-y", "hb-out"), "'hb-out' is not LINE=VALUE");
        assertUsage(Run.scctl("gpio", "set", "-y", "-d", "totem", "hb-out=1"), "drive 'totem' is not one of");
        assertUsage(Run.scctl("gpio", "get", "-b", "up", "hb-in"), "bias 'up' is not one of");
        assertUsage(Run.scctl("gpio", "get", "-c", "0", "1", "hb-in"), "GPIO line 1 of gpiochip0 is given twice");
        assertUsage(Run.scctl("gpio", "monitor", "hb-in"), "needs --num-events N, --idle-timeout PERIOD or --timeout PERIOD");
        assertUsage(Run.scctl("gpio", "monitor", "-n", "0", "hb-in"), "--num-events '0' is out of range");
        assertUsage(Run.scctl("gpio", "monitor", "-e", "up", "-n", "1", "hb-in"), "edges 'up' is not one of");
        assertUsage(Run.scctl("gpio", "get"), "Missing required parameter");
    }

    @Test
    void simulatorRefusesWhatTheLineCannotDo() {
        Run r = Run.scctl("gpio", "monitor", "-n", "1", "hb-out");
        assertEquals(1, r.code(), r::toString);
        assertEquals("scctl: GPIO gpiochip0 line 0: hb-out has no edge detection: only hb-in has\n", r.err());
    }

    /** gpio set -i under --json: one JSON line per command (after the set document), text nowhere on stdout. */
    @Test
    void interactiveGpioSetUnderJsonAnswersEachCommandWithAJsonLine() {
        Run r = Run.withInput("get\nset hb-out=0\ntoggle hb-out\nsleep 10ms\nhelp\nbogus\nset hb-out=0 hb-out=7\nget 0\nexit\nget\n",
                "--json", "gpio", "set", "-y", "-i", "hb-out=1");
        assertEquals(0, r.code(), r::toString);
        List<String> lines = r.out().lines().toList();
        List<String> expected = List.of(
                "{\"chip\":\"gpiochip0\",\"active_low\":false,\"drive\":\"push-pull\",\"hold_ms\":0,"
                        + "\"lines\":[{\"offset\":0,\"name\":\"hb-out\",\"value\":1}]}",
                "{\"command\":\"get\",\"lines\":[{\"offset\":0,\"name\":\"hb-out\",\"value\":1}]}",
                "{\"command\":\"set\",\"lines\":[{\"offset\":0,\"name\":\"hb-out\",\"value\":0}]}",
                "{\"command\":\"toggle\",\"lines\":[{\"offset\":0,\"name\":\"hb-out\",\"value\":1}]}",
                "{\"command\":\"sleep\",\"duration_ms\":10}",
                "{\"command\":\"help\",\"commands\":[\"set LINE=VALUE...\",\"get [LINE...]\",\"toggle [LINE...]\",\"sleep PERIOD\",\"exit\"]}",
                "{\"ok\":false,\"command\":\"bogus\",\"error\":\"unknown command 'bogus': set, get, toggle, sleep, help or exit\"}",
                "{\"ok\":false,\"command\":\"set\",\"error\":\"value '7' for GPIO line hb-out is not one of 1, 0, active, inactive, on,"
                        + " off, true, false\"}",
                // the bad set changed nothing: hb-out=0 before the bad word was not driven
                "{\"command\":\"get\",\"lines\":[{\"offset\":0,\"name\":\"hb-out\",\"value\":1}]}",
                "{\"command\":\"exit\"}");
        assertEquals(expected, lines, r::toString);
        for (String l : lines) {
            assertTrue(Json.parse(l) instanceof Map<?, ?>, () -> "every stdout line is a JSON object: " + l);
        }
        assertEquals("scctl: unknown command 'bogus': set, get, toggle, sleep, help or exit\nscctl: value '7' for GPIO line"
                + " hb-out is not one of 1, 0, active, inactive, on, off, true, false\n", r.err(), "the same errors for a person");
        Run text = Run.withInput("set hb-out=0\nget\nhelp\n", "gpio", "set", "-y", "-i", "hb-out=1");
        assertEquals("\"hb-out\"=inactive\nset LINE=VALUE...  get [LINE...]  toggle [LINE...]  sleep PERIOD  exit\n", text.out(),
                "text as gpioset: only get and help print\n" + text);
    }
}

package dev.pairlock.scctl.cli;

import dev.pairlock.control.Json;
import dev.pairlock.hal.gpio.LineRequest;
import dev.pairlock.scctl.Session;
import dev.pairlock.scctl.target.GpioLines;
import dev.pairlock.scctl.text.UsageException;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * gpioset's {@code -i}: one command a line from stdin (set, get, toggle, sleep, help, exit) on the
 * lines {@code gpio set} holds, until exit or the end of input. Text as gpioset: only get and help
 * print. Under {@code --json} every command answers with one JSON line on stdout, after the set
 * document: a script that drives the lines through a pipe reads one line per command it sent (set,
 * toggle and sleep included, so it knows they are done), and a command scctl cannot run is
 * {@code {"ok":false,"command":...,"error":...}} on that line while the session goes on, as it does in
 * text with the error on stderr.
 */
record GpioInteractive(Session s, LineRequest r, List<GpioLines.Line> lines, boolean unquoted) {
    static final List<String> COMMANDS = List.of("set LINE=VALUE...", "get [LINE...]", "toggle [LINE...]", "sleep PERIOD", "exit");

    void run() {
        BufferedReader in = s.stdin();
        String line;
        while ((line = readLine(in)) != null) {
            String[] w = line.strip().split("\\s+");
            if (w[0].isEmpty()) {
                continue;
            }
            Map<String, Object> reply = new LinkedHashMap<>();
            String text = "";
            boolean exit = false;
            try {
                reply.put("command", w[0]);
                switch (w[0]) {
                    case "exit" -> exit = true;
                    case "help" -> {
                        reply.put("commands", COMMANDS);
                        text = String.join("  ", COMMANDS);
                    }
                    case "sleep" -> {
                        Duration d = HeartbeatCommand.parse("sleep", w.length > 1 ? w[1] : "");
                        s.target().await(d);
                        reply.put("duration_ms", d.toMillis());
                    }
                    case "get" -> {
                        List<String> out = new ArrayList<>();
                        for (GpioLines.Line l : pick(w)) {
                            out.add(GpioSupport.id(l, unquoted) + "=" + (r.get(l.offset()) ? "active" : "inactive"));
                        }
                        reply.put("lines", values(pick(w)));
                        text = String.join(" ", out);
                    }
                    case "toggle" -> {
                        List<GpioLines.Line> picked = pick(w);
                        picked.forEach(l -> r.set(l.offset(), !r.get(l.offset())));
                        reply.put("lines", values(picked));
                    }
                    case "set" -> reply.put("lines", values(set(w)));
                    default -> throw new UsageException("unknown command " + dev.pairlock.config.Values.quote(w[0])
                            + ": set, get, toggle, sleep, help or exit");
                }
            } catch (UsageException e) {
                s.err().println("scctl: " + e.getMessage());
                s.err().flush();
                reply = new LinkedHashMap<>();
                reply.put("ok", false);
                reply.put("command", w[0]);
                reply.put("error", e.getMessage());
                text = "";
            }
            String shown = s.json() ? Json.write(reply) : text;
            if (!shown.isEmpty() && !s.live(shown + "\n")) {
                return; // stdout is closed: nobody reads the answers, end as gpioset would on SIGPIPE
            }
            if (exit) {
                return;
            }
        }
    }

    /** set LINE=VALUE...: all checked before any is driven, so a bad word changes nothing. */
    private List<GpioLines.Line> set(String[] w) {
        List<GpioLines.Line> picked = new ArrayList<>();
        List<Boolean> values = new ArrayList<>();
        for (int i = 1; i < w.length; i++) {
            int eq = w[i].lastIndexOf('=');
            if (eq <= 0) {
                throw new UsageException(dev.pairlock.config.Values.quote(w[i]) + " is not LINE=VALUE");
            }
            GpioLines.Line l = find(w[i].substring(0, eq));
            picked.add(l);
            values.add(GpioSupport.value(l.name(), w[i].substring(eq + 1)));
        }
        for (int i = 0; i < picked.size(); i++) {
            r.set(picked.get(i).offset(), values.get(i));
        }
        return picked;
    }

    /** The lines' logical values now, as gpio get's document has them: 1 active, 0 inactive. */
    private List<Map<String, Object>> values(List<GpioLines.Line> picked) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (GpioLines.Line l : picked) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("offset", l.offset());
            j.put("name", l.name().isEmpty() ? null : l.name());
            j.put("value", r.get(l.offset()) ? 1 : 0);
            out.add(j);
        }
        return out;
    }

    private List<GpioLines.Line> pick(String[] w) {
        if (w.length == 1) {
            return lines;
        }
        List<GpioLines.Line> out = new ArrayList<>();
        for (int i = 1; i < w.length; i++) {
            out.add(find(w[i]));
        }
        return out;
    }

    private GpioLines.Line find(String id) {
        for (GpioLines.Line l : lines) {
            if (l.name().equals(id) || Integer.toString(l.offset()).equals(id)) {
                return l;
            }
        }
        throw new UsageException("line " + dev.pairlock.config.Values.quote(id) + " is not one of the requested lines");
    }

    private static String readLine(BufferedReader in) {
        try {
            return in.readLine();
        } catch (IOException e) {
            return null;
        }
    }
}

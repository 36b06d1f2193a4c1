package dev.pairlock.events;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Net-SNMP {@code snmptrapd} (Debian package {@code snmptrapd}) on 127.0.0.1 and an ephemeral
 * port, accepting one SNMPv2c community and one SNMPv3 user (SHA-256 + AES-128, authPriv, for one
 * sender engine ID), writing each trap it accepts to its log with numeric OIDs, one varbind per line.
 */
final class SnmpTrapd implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/snmptrapd");

    private final Process process;
    private final Path log;
    private final int port;

    /** A trap as snmptrapd logged it: its security line and varbinds (numeric OID to type and value), in order. */
    record Received(String security, Map<String, Value> varbinds) {
        Value get(String oid) {
            Value v = varbinds.get(oid);
            if (v == null) {
                fail("the trap has no varbind " + oid + ": " + varbinds);
            }
            return v;
        }
    }

    /** A varbind's type as snmptrapd names it (STRING, INTEGER, Counter64, ...) and its value, unquoted. */
    record Value(String type, String value) {
    }

    private SnmpTrapd(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static SnmpTrapd start(Path dir, String community, String user, byte[] senderEngineId, String auth, String priv)
            throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            fail(BINARY + " is missing: apt-get install snmptrapd (.ci/run installs it)");
        }
        Files.createDirectories(dir);
        Path conf = dir.resolve("snmptrapd.conf");
        Files.writeString(conf, "authCommunity log " + community + "\n"
                + "createUser -e 0x" + HexFormat.of().formatHex(senderEngineId) + " " + user + " SHA-256 " + auth + " AES " + priv + "\n"
                + "authUser log " + user + " priv\n");
        for (int attempt = 0; ; attempt++) {
            int port;
            try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            Path log = dir.resolve("traps-" + port + ".log");
            ProcessBuilder pb = new ProcessBuilder(BINARY.toString(), "-f", "-C", "-c", conf.toString(), "-Lf", log.toString(),
                    "-On", "-m", "", "-F", "BEGIN %P\\n%V\\n%v\\nEND\\n", "udp:127.0.0.1:" + port);
            pb.environment().put("SNMP_PERSISTENT_DIR", dir.resolve("persist").toString());
            pb.redirectErrorStream(true).redirectOutput(dir.resolve("stdout-" + port + ".txt").toFile());
            Process p = pb.start();
            SnmpTrapd d = new SnmpTrapd(p, log, port);
            String why = d.awaitStarted();
            if (why == null) {
                return d;
            }
            d.close();
            if (attempt == 4) {
                fail("snmptrapd did not start: " + why);
            }
        }
    }

    /** null when snmptrapd listens; otherwise why not. */
    private String awaitStarted() throws IOException, InterruptedException {
        for (int i = 0; i < 500; i++) {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
            if (text.contains("couldn't open")) {
                return text;
            }
            if (text.contains("NET-SNMP version")) {
                return null;
            }
            if (!process.isAlive()) {
                return "exited with " + process.exitValue() + ": " + text;
            }
            Thread.sleep(20);
        }
        return "no start line in its log after 10 s";
    }

    int port() {
        return port;
    }

    String log() throws IOException {
        return Files.readString(log, StandardCharsets.ISO_8859_1);
    }

    /** The traps logged so far. */
    List<Received> traps() throws IOException {
        List<Received> out = new ArrayList<>();
        String security = null;
        Map<String, Value> vbs = null;
        for (String line : log().split("\n")) {
            if (line.startsWith("BEGIN ")) {
                security = line.substring(6);
                vbs = new LinkedHashMap<>();
            } else if (line.equals("END") && vbs != null) {
                out.add(new Received(security, vbs));
                vbs = null;
            } else if (vbs != null) {
                int eq = line.indexOf(" = ");
                if (eq > 0 && line.substring(eq + 3).equals("\"\"")) {
                    vbs.put(line.substring(0, eq).replaceFirst("^\\.", ""), new Value("STRING", "")); // how it prints an empty one
                    continue;
                }
                int colon = line.indexOf(": ", eq);
                if (eq < 0 || colon < 0) {
                    continue;
                }
                String oid = line.substring(0, eq).replaceFirst("^\\.", "");
                String type = line.substring(eq + 3, colon);
                String value = line.substring(colon + 2);
                if (type.equals("STRING") && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
                } else if (type.equals("OID")) {
                    value = value.replaceFirst("^\\.", "");
                }
                vbs.put(oid, new Value(type, value));
            }
        }
        return out;
    }

    /** Waits until at least {@code n} traps are logged (at most {@code timeout}), and returns them all. */
    List<Received> await(int n, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Received> t = traps();
        while (t.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
            t = traps();
        }
        if (t.size() < n) {
            fail("snmptrapd logged " + t.size() + " traps, expected " + n + "; its log:\n" + log());
        }
        return t;
    }

    /** Waits until the log contains {@code text}. */
    void awaitLog(String text, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!log().contains(text)) {
            if (System.nanoTime() > deadline) {
                fail("snmptrapd never logged '" + text + "'; its log:\n" + log());
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}

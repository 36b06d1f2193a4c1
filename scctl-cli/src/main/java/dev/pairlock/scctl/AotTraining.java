package dev.pairlock.scctl;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;

/**
 * The training run for the JDK's AOT cache ({@code -XX:AOTCacheOutput}, made by the launcher after a
 * build and by the package at install): the everyday commands, on the simulated chassis only, their
 * output thrown away. The cache then holds these classes loaded and linked, and their profiles, so a
 * warm {@code scctl} call skips most of its start-up.
 */
public final class AotTraining {
    static final List<List<String>> COMMANDS = List.of(
            List.of("--help"),
            List.of("i2c", "get", "-y", "3", "0x23", "0x00"),
            List.of("--json", "i2c", "get", "-y", "3", "0x23", "0x10", "w"),
            List.of("i2c", "detect", "-y", "3"),
            List.of("i2c", "dump", "-y", "3", "0x23"),
            List.of("board", "scan"),
            List.of("clock", "show"),
            List.of("spll", "show", "3"),
            List.of("reg", "read", "0x4"),
            List.of("gpio", "get", "hb-in"),
            List.of("gpio", "info"),
            List.of("i2c", "get", "--help"),
            List.of("i2c", "get", "-y", "3", "0x80", "0"));

    private AotTraining() {
    }

    public static void main(String[] args) {
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        for (List<String> c : COMMANDS) {
            Scctl.newCommandLine(new Scctl()).setOut(nowhere).setErr(nowhere).execute(c.toArray(String[]::new));
        }
    }
}

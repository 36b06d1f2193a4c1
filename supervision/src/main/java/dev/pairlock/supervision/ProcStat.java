package dev.pairlock.supervision;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The few fields of {@code /proc/PID/stat} the supervisor needs: the state (a zombie no longer runs),
 * the process group, and the start time in clock ticks since boot (field 22), which with the pid
 * names one process for good: a pid reused by a later process has a later start time.
 *
 * @param state      R, S, D, Z (zombie), X (dead), ...
 * @param pgrp       its process group
 * @param startTicks when it started, in clock ticks since boot
 */
record ProcStat(long pid, char state, long pgrp, long startTicks) {
    private static final Path PROC = Path.of("/proc");

    /** Not a zombie or dead: it still runs (a zombie stays in /proc until its parent waits for it). */
    boolean running() {
        return state != 'Z' && state != 'X';
    }

    /** The process {@code pid} now; empty if there is none (or it exited while read, or its line is not understood). */
    static Optional<ProcStat> of(long pid) {
        try {
            return Optional.of(parse(pid, Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"))));
        } catch (IOException gone) {
            return Optional.empty();
        } catch (RuntimeException notUnderstood) { // a kernel we do not know: never a reason to take it for ours
            return Optional.empty();
        }
    }

    /** One line of /proc/PID/stat: {@code pid (comm) state ppid pgrp ...}. */
    static ProcStat parse(long pid, String stat) {
        // comm may hold spaces and parentheses: the fields start after the last ')'
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).strip().split(" ");
        // f[0] is field 3 (state): field N is f[N - 3]
        return new ProcStat(pid, f[0].charAt(0), Long.parseLong(f[5 - 3]), Long.parseLong(f[22 - 3]));
    }

    /**
     * The running (not zombie) processes of group {@code pgid}, from /proc (a few hundred entries on
     * an SC).
     *
     * @throws IOException if /proc cannot be listed
     */
    static List<Long> runningMembers(long pgid) throws IOException {
        List<Long> out = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path proc : procs) {
                long pid = Long.parseLong(proc.getFileName().toString());
                of(pid).filter(p -> p.pgrp == pgid && p.running()).ifPresent(p -> out.add(pid));
            }
        }
        return out;
    }
}

package dev.pairlock.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The fields of /proc/PID/stat that name a process group's leader for good. */
class ProcStatTest {
    @Test
    void theFieldsAreCountedAfterTheLastParenthesisOfTheCommandName() {
        // a command name may hold spaces and parentheses, as this one does
        ProcStat s = ProcStat.parse(4711, "4711 (my (odd) name) S 1 4712 4712 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654"
                + " 1000 200 18446744073709551615\n");
        assertEquals(new ProcStat(4711, 'S', 4712, 987654), s);
        assertTrue(s.running());
        assertEquals('Z', ProcStat.parse(1, "1 (x) Z 0 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0").state());
    }

    @Test
    void thisProcessReadsAsProcSaysAndANonProcessAsNone() throws Exception {
        long pid = ProcessHandle.current().pid();
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        ProcStat s = ProcStat.of(pid).orElseThrow();
        assertEquals(Long.parseLong(f[22 - 3]), s.startTicks());
        assertEquals(Long.parseLong(f[5 - 3]), s.pgrp());
        assertEquals(Optional.empty(), ProcStat.of(Integer.MAX_VALUE)); // above pid_max
    }
}

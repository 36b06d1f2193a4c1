package dev.pairlock.supervision;

import dev.pairlock.config.AtomicFiles;
import dev.pairlock.config.ConfigException;
import dev.pairlock.config.Values;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * {@code STATE_DIR/services.groups}: the process groups of the supervised services that may still
 * have a member, rewritten whole (config's {@link AtomicFiles}: temp file, fsync, rename, fsync of the
 * directory) on every start of a service and every group found gone. A pairlockd killed with -9
 * outside systemd (no cgroup to clean) leaves its services running; the next one reads this file
 * before it starts anything and stops them ({@link LeftoverGroups}), so a MAIN-only service never
 * runs twice.
 * <pre>
 * boot 0b6c2f7e-5a1d-4c47-9f0e-2d8a4b1c3e5f   # the kernel's boot id when written
 * 4711 123456 web                              # pgid, its leader's start time (ticks since boot), service
 * </pre>
 * The boot id and the start time (/proc/PID/stat field 22) name each group for good: after a reboot,
 * or with the pid reused by another process, no line matches a running process.
 *
 * <p>Reading never throws: a line that does not parse is a {@link ConfigException} naming
 * {@code file:line} in {@link Contents#problems} and nothing else (pairlockd starts all the same).
 */
final class GroupsFile {
    static final String FILE_NAME = "services.groups";
    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

    /** One recorded process group. */
    record Entry(long pgid, long startTicks, String service) {
        @Override
        public String toString() {
            return service + " (process group " + pgid + ")";
        }
    }

    /**
     * What the file says.
     *
     * @param boot     its boot line's id (empty: no boot line, or one that does not parse)
     * @param problems each line that does not parse, and a file that cannot be read
     */
    record Contents(Optional<String> boot, List<Entry> entries, List<ConfigException> problems) {
        static final Contents NONE = new Contents(Optional.empty(), List.of(), List.of());
    }

    private final Path file;

    GroupsFile(Path stateDir) {
        this.file = stateDir.resolve(FILE_NAME);
    }

    Path path() {
        return file;
    }

    /** The kernel's id of this boot; empty if it cannot be read (then no recorded group is trusted). */
    static Optional<String> currentBoot() {
        try {
            return Optional.of(Files.readString(BOOT_ID, StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    Contents read() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException none) {
            return Contents.NONE;
        } catch (IOException e) { // also not UTF-8: a damaged file
            return new Contents(Optional.empty(), List.of(), List.of(new ConfigException(file, "cannot be read ("
                    + e + "); " + WHAT_TO_DO)));
        }
        Optional<String> boot = Optional.empty();
        List<Entry> entries = new ArrayList<>();
        List<ConfigException> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int hash = lines.get(i).indexOf('#');
            String l = (hash >= 0 ? lines.get(i).substring(0, hash) : lines.get(i)).strip();
            if (l.isEmpty()) {
                continue;
            }
            String[] w = l.split("\\s+");
            if (w[0].equals("boot") && w.length == 2 && w[1].matches("[0-9a-f-]{1,64}") && boot.isEmpty()) {
                boot = Optional.of(w[1]);
            } else if (w.length == 3 && w[0].matches("[0-9]{1,10}") && w[1].matches("[0-9]{1,18}")
                    && w[2].matches("[a-z0-9_-]{1,32}") && Long.parseLong(w[0]) > 1 && Long.parseLong(w[0]) <= Integer.MAX_VALUE) {
                entries.add(new Entry(Long.parseLong(w[0]), Long.parseLong(w[1]), w[2]));
            } else {
                problems.add(new ConfigException(file, i + 1, null, Values.quote(l) + " is neither 'boot ID' (once) nor"
                        + " 'PGID START_TICKS SERVICE'; nothing on this line is stopped. " + WHAT_TO_DO));
            }
        }
        return new Contents(boot, List.copyOf(entries), List.copyOf(problems));
    }

    private static final String WHAT_TO_DO = "pairlockd rewrites the file; look for services an earlier pairlockd left"
            + " running (ps -eo pid,pgid,lstart,args) and stop them by hand (kill -- -PGID)";

    /** Replaces the file with {@code groups} of the boot {@code boot} (none: unknown, trusted by no later read). */
    void write(Optional<String> boot, Collection<Entry> groups) throws IOException {
        StringBuilder b = new StringBuilder("# the process groups of pairlockd's supervised services, rewritten whole on every"
                + " start and stop of one;\n# read at start to stop what a killed pairlockd left running. Do not edit.\n");
        boot.ifPresent(id -> b.append("boot ").append(id).append('\n'));
        for (Entry e : groups) {
            b.append(e.pgid()).append(' ').append(e.startTicks()).append(' ').append(e.service()).append('\n');
        }
        AtomicFiles.write(file, b.toString().getBytes(StandardCharsets.UTF_8));
    }
}

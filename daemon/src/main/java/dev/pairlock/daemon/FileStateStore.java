package dev.pairlock.daemon;

import dev.pairlock.config.AtomicFiles;
import dev.pairlock.config.ConfigEntry;
import dev.pairlock.config.ConfigException;
import dev.pairlock.config.ConfigFile;
import dev.pairlock.failover.FailoverSetting;
import dev.pairlock.failover.PersistedState;
import dev.pairlock.failover.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@link StateStore} of a real SC: {@code STATE_DIR/failover.state}, a small {@code key = value}
 * file written whole or not at all (config's {@link AtomicFiles}: temp file, fsync, rename, fsync of
 * the directory), read at every start of the runtime.
 * <pre>
 * epoch = 12            # the highest epoch this SC has claimed or held
 * failover = off        # the pair-wide setfailover setting as this SC last knew it
 * generation = 3        # … its generation (the higher wins between the two SCs)
 * reason = operator     # default, operator or after_failover
 * </pre>
 * A file that does not parse is an error naming {@code file:line: key} (the daemon refuses to start
 * with it: it would forget an operator's {@code setfailover off}); a save that fails throws
 * {@link UncheckedIOException}, which the runtime treats as any failed command (it gives up authority
 * and restarts).
 */
public final class FileStateStore implements StateStore {
    public static final String FILE_NAME = "failover.state";

    private final Path file;

    public FileStateStore(Path stateDir) {
        this.file = stateDir.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    @Override
    public Optional<PersistedState> load() {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty(); // a new SC
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            // a dangling symbolic link must not read as "a new SC": that would drop the epoch floor
            // (our epochs must never go backwards) and an operator's setfailover off
            throw new ConfigException(file, (Files.isSymbolicLink(file) ? "is a symbolic link" : "is not a regular file")
                    + ": pairlockd writes its state here itself, as a regular file");
        }
        ConfigFile f = ConfigFile.read(file);
        long epoch = f.require("epoch", "the state file is damaged; move it away to start from the platform file's default")
                .integer(0L, Long.MAX_VALUE);
        boolean enabled = f.require("failover", "on or off").bool();
        long generation = f.require("generation", "a number").integer(0L, Long.MAX_VALUE);
        ConfigEntry r = f.require("reason", "default, operator or after_failover");
        FailoverSetting.Reason reason = r.oneOf(FailoverSetting.Reason.class);
        f.requireAllUsed("epoch, failover, generation, reason");
        return Optional.of(new PersistedState(epoch, new FailoverSetting(enabled, generation, reason)));
    }

    @Override
    public void save(PersistedState state) {
        FailoverSetting s = state.setting();
        String text = "# pairlockd's state, rewritten whole on every change; read at start. Do not edit while pairlockd runs.\n"
                + "epoch = " + state.epoch() + "\n"
                + "failover = " + (s.enabled() ? "on" : "off") + "\n"
                + "generation = " + s.generation() + "\n"
                + "reason = " + s.reason().name().toLowerCase(Locale.ROOT) + "\n";
        try {
            AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot save the failover state (" + e.getMessage() + ")", e);
        }
    }

    /** Reads the file once at start-up so a damaged one stops the daemon with its file:line error. */
    public void check() {
        try {
            load();
        } catch (ConfigException e) {
            String prefix = e.line() == 0 ? e.file() + ": " : e.file() + ":" + e.line() + ": " + (e.key() == null ? "" : e.key() + ": ");
            String what = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
            String hint = " (the failover state file; move it away to start from the platform file's default)";
            throw e.line() == 0 ? new ConfigException(file, what + hint) : new ConfigException(file, e.line(), e.key(), what + hint);
        }
    }
}

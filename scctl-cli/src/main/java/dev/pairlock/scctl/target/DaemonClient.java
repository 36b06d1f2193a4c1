package dev.pairlock.scctl.target;

import dev.pairlock.control.ControlClient;
import dev.pairlock.control.ControlException;
import dev.pairlock.control.DaemonUnavailableException;
import dev.pairlock.hal.HalException;
import dev.pairlock.platform.PlatformConfig;
import dev.pairlock.platform.PlatformFile;
import dev.pairlock.scctl.TargetOptions;
import dev.pairlock.scctl.text.Refused;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * scctl's side of pairlockd's control socket ({@code control.socket} of the platform file given
 * with {@code --config}, default {@code /run/pairlock/control.sock}). With no daemon running it
 * says so in one line (exit 1); a request the daemon refuses is its one-line message (exit 1), and
 * under --json the document names the operation, the daemon's reason and its error code.
 */
public final class DaemonClient {
    /** How long scctl waits for an answer: setfailover waits up to 2 FDT for the peer, force up to 3. */
    static final long TIMEOUT_MILLIS = 30_000;

    private DaemonClient() {
    }

    /** The daemon's socket for these options. */
    public static Path socket(TargetOptions o) {
        if (o.config() == null) {
            return PlatformConfig.DEFAULT_CONTROL_SOCKET;
        }
        return PlatformFile.load(o.config()).controlSocket();
    }

    /** One request; the daemon's result. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> call(TargetOptions o, String op, Map<String, Object> args) {
        try (ControlClient c = ControlClient.connect(socket(o))) {
            return (Map<String, Object>) c.call(op, args, TIMEOUT_MILLIS);
        } catch (ControlException e) {
            throw failure(op, e);
        }
    }

    /** A streaming request: the result, then each event until {@code onEvent} says stop or the daemon goes. */
    public static void follow(TargetOptions o, String op, Map<String, Object> args, Consumer<Object> onResult,
                              Predicate<Object> onEvent) {
        try (ControlClient c = ControlClient.connect(socket(o))) {
            c.follow(op, args, onResult, onEvent);
        } catch (ControlException e) {
            throw failure(op, e);
        }
    }

    /** No daemon to ask is an error; an answer with an error is pairlockd declining the request. */
    private static RuntimeException failure(String op, ControlException e) {
        if (e instanceof DaemonUnavailableException) {
            return new HalException(e.getMessage());
        }
        return Refused.byDaemon(op, e.code(), e.getMessage());
    }
}

package dev.pairlock.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The client side of the control socket, as scctl uses it. A missing socket or one nobody listens
 * on is a {@link DaemonUnavailableException} with one line that says so; a refused request is a
 * {@link ControlException} carrying the daemon's code and message.
 */
public final class ControlClient implements AutoCloseable {
    private final Path socket;
    private final SocketChannel channel;
    private final BufferedReader in;
    private final ScheduledExecutorService timer;
    private long nextId = 1;

    private ControlClient(Path socket, SocketChannel channel) {
        this.socket = socket;
        this.channel = channel;
        this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("control-timeout").unstarted(r));
    }

    public static ControlClient connect(Path socket) {
        if (!Files.exists(socket)) {
            throw new DaemonUnavailableException("no pairlockd is running (no control socket at " + socket + ")");
        }
        try {
            return new ControlClient(socket, SocketChannel.open(UnixDomainSocketAddress.of(socket)));
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            if (why.contains("Permission denied")) {
                throw new DaemonUnavailableException("not allowed to use " + socket + " (run as root or as a member of group pairlock)");
            }
            throw new DaemonUnavailableException("no pairlockd is running (nothing listens on " + socket + ": " + why + ")");
        }
    }

    /** Sends one request and returns its result; waits at most {@code timeoutMillis}. */
    public Object call(String op, Map<String, Object> args, long timeoutMillis) {
        send(op, args);
        Map<String, Object> reply = readReply(timeoutMillis);
        return result(reply);
    }

    /**
     * Sends a streaming request: {@code onResult} gets the reply's result, then {@code onEvent} each
     * event until it returns false, the daemon ends the stream, or the connection drops.
     */
    public void follow(String op, Map<String, Object> args, java.util.function.Consumer<Object> onResult,
                       Predicate<Object> onEvent) {
        send(op, args);
        onResult.accept(result(readReply(30_000)));
        while (true) {
            String line;
            try {
                line = in.readLine();
            } catch (IOException e) {
                return;
            }
            if (line == null) {
                return;
            }
            Object event = Json.parse(line) instanceof Map<?, ?> m ? m.get("event") : null;
            if (event != null && !onEvent.test(event)) {
                return;
            }
        }
    }

    private void send(String op, Map<String, Object> args) {
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("id", nextId++);
        req.put("op", op);
        if (args != null && !args.isEmpty()) {
            req.put("args", args);
        }
        ByteBuffer b = ByteBuffer.wrap((Json.write(req) + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            while (b.hasRemaining()) {
                channel.write(b);
            }
        } catch (IOException e) {
            throw new DaemonUnavailableException("pairlockd closed the control socket " + socket + " (" + e.getMessage() + ")");
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> readReply(long timeoutMillis) {
        ScheduledFuture<?> deadline = timer.schedule(this::close, timeoutMillis, TimeUnit.MILLISECONDS);
        String line;
        try {
            line = in.readLine();
        } catch (IOException e) {
            line = null;
        } finally {
            deadline.cancel(false);
        }
        if (line == null) {
            throw new DaemonUnavailableException(channel.isOpen() ? "pairlockd closed the connection without an answer"
                    : "pairlockd did not answer within " + timeoutMillis + " ms");
        }
        Object parsed;
        try {
            parsed = Json.parse(line);
        } catch (JsonException e) {
            throw new ControlException("internal", "pairlockd answered something that is not JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> m)) {
            throw new ControlException("internal", "pairlockd answered " + ArgSpec.clip(line) + " instead of an object");
        }
        return (Map<String, Object>) m;
    }

    private static Object result(Map<String, Object> reply) {
        if (Boolean.TRUE.equals(reply.get("ok"))) {
            return reply.get("result");
        }
        if (reply.get("error") instanceof Map<?, ?> e) {
            throw new ControlException(String.valueOf(e.get("code")), String.valueOf(e.get("message")));
        }
        throw new ControlException("internal", "pairlockd answered without ok or error: " + ArgSpec.clip(Json.write(reply)));
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
        timer.shutdownNow();
    }
}

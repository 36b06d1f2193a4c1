package dev.pairlock.control;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The emitter of one connection: lines wait until the reply is written, then go out as they come. */
final class StreamingReply implements ControlHandler.Streams, Emitter {
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

    private final ControlServer.Client c;
    private final List<Object> early = new ArrayList<>();
    private final List<Runnable> onClose = new ArrayList<>();
    boolean opened; // read by the server: a handler that opened the stream keeps the connection
    private boolean started;
    private boolean closed;

    StreamingReply(ControlServer.Client c) {
        this.c = c;
    }

    @Override
    public synchronized Emitter open() {
        opened = true;
        return this;
    }

    synchronized void start(Map<String, Object> reply) throws IOException {
        ControlServer.write(c, reply);
        started = true;
        for (Object e : early) {
            if (!send(e)) {
                return;
            }
        }
        early.clear();
    }

    @Override
    public synchronized boolean send(Object event) {
        if (closed) {
            return false;
        }
        if (!started) {
            early.add(event);
            return true;
        }
        try {
            ControlServer.write(c, Map.of("event", event));
            return true;
        } catch (IOException e) {
            close();
            return false;
        }
    }

    @Override
    public synchronized void onClose(Runnable action) {
        if (closed) {
            action.run();
        } else {
            onClose.add(action);
        }
    }

    @Override
    public synchronized boolean isOpen() {
        return !closed;
    }

    @Override
    public void close() {
        List<Runnable> run;
        boolean streaming;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            streaming = opened;
            run = List.copyOf(onClose);
            onClose.clear();
        }
        for (Runnable r : run) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("control: a stream's close action failed", e);
            }
        }
        if (streaming) {
            try {
                c.ch.shutdownInput(); // wakes the connection thread waiting for the client to hang up
            } catch (IOException e) {
                // already closed
            }
        }
    }
}

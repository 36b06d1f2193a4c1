package dev.pairlock.daemon;

import dev.pairlock.control.ArgSpec;
import dev.pairlock.control.Emitter;
import dev.pairlock.control.EventRecord;
import dev.pairlock.control.EventSource;
import dev.pairlock.control.Access;
import dev.pairlock.control.HandlerRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code events}: the last N health events ({@code last}, default 20), then, with
 * {@code follow = true}, each new one as a streamed line until the client hangs up. The source is
 * told on the control loop, so each follower gets a bounded queue drained by its own virtual thread:
 * a client that stops reading never holds up the loop (its overflow is counted and reported).
 */
final class EventsOperation {
    static final int QUEUE = 1024;

    private EventsOperation() {
    }

    static void register(HandlerRegistry r, EventSource source) {
        r.register("events", Access.READ, "the last N health events; with follow, then each new one as it happens",
                ArgSpec.none().optional("last", new ArgSpec.Int(0, 10_000)).optional("follow", new ArgSpec.Flag()),
                (args, stream) -> {
                    List<Object> out = new ArrayList<>();
                    if (!args.flag("follow", false)) {
                        source.last((int) args.integer("last", 20)).forEach(e -> out.add(e.toJson()));
                        return Map.of("events", out);
                    }
                    Emitter emitter = stream.open();
                    BlockingQueue<EventRecord> queue = new ArrayBlockingQueue<>(QUEUE);
                    AtomicLong dropped = new AtomicLong();
                    // subscribe first, then take the snapshot: nothing in between is lost, and what both
                    // saw is skipped by its sequence number
                    AutoCloseable subscription = source.follow(e -> {
                        if (!queue.offer(e)) {
                            dropped.incrementAndGet();
                        }
                    });
                    long[] seen = {0};
                    for (EventRecord e : source.last((int) args.integer("last", 20))) {
                        out.add(e.toJson());
                        seen[0] = e.sequence();
                    }
                    Thread pump = Thread.ofVirtual().name("events-follow").start(() -> {
                        try {
                            while (emitter.isOpen()) {
                                EventRecord e = queue.take();
                                long lost = dropped.getAndSet(0);
                                if (lost > 0 && !emitter.send(Map.of("dropped", lost))) {
                                    return;
                                }
                                if (e.sequence() > seen[0] && !emitter.send(e.toJson())) {
                                    return;
                                }
                            }
                        } catch (InterruptedException done) {
                            // the stream closed
                        }
                    });
                    emitter.onClose(() -> {
                        try {
                            subscription.close();
                        } catch (Exception e) {
                            // unsubscribing cannot fail in a way that matters here
                        }
                        pump.interrupt();
                    });
                    return Map.of("events", out);
                });
    }
}

package dev.pairlock.supervision;

import dev.pairlock.events.EventDraft;
import dev.pairlock.hal.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor's one request for a planned failover while this SC is MAIN with exhausted services.
 *
 * <p>One per supervisor, not one per service: there is one MAIN to hand over, so there is one thing to
 * ask for. With a request (and retry timer) per service, two services exhausted on the same MAIN asked
 * back to back, and the second answer was a misleading "failover-refused" in the SEL: the first had
 * already started the switchover, or the core refused the second as a duplicate. So here every newly
 * exhausted service records its own decision ({@code SERVICE_EXHAUSTED decision=failover-requested})
 * and joins the set; the single request is (re)armed for {@code delay} after the newest record (the
 * record must reach the SPARE's SEL copy first, and exhaustions that come together make one request),
 * names every service of the set in its cause ({@code service:a,service:b}), and is asked again every
 * {@code retry} while the SC stays MAIN (also after a started switchover that left it MAIN). A refusal
 * is recorded once per distinct reason (again after a start), not per service or per retry. Leaving
 * MAIN ({@link #clear}) cancels the request and empties the set: the next MAIN term starts afresh.
 *
 * <p>Runs on the supervisor's {@link Scheduler}, like everything the supervisor decides.
 */
final class FailoverRequest {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverRequest.class);

    private record Exhausted(int restarts, String reason) {
    }

    private final Scheduler scheduler;
    private final FailoverRequester core;
    private final long retryNanos;
    private final long delayNanos;
    private final BooleanSupplier isMain;
    /** A SERVICE_EXHAUSTED draft about a service, with the supervisor's current role and epoch. */
    private final Function<String, EventDraft> draft;
    private final Consumer<EventDraft> emit;
    /** The services this MAIN term's request is for, in the order they were exhausted. */
    private final Map<String, Exhausted> services = new LinkedHashMap<>();
    private Scheduler.Timer timer;
    /** The last refusal recorded in this term (recorded again only when it changes, or after a start). */
    private String lastRefusal;

    FailoverRequest(Scheduler scheduler, FailoverRequester core, Duration retry, Duration delay, BooleanSupplier isMain,
                    Function<String, EventDraft> draft, Consumer<EventDraft> emit) {
        this.scheduler = scheduler;
        this.core = core;
        this.retryNanos = retry.toNanos();
        this.delayNanos = delay.toNanos();
        this.isMain = isMain;
        this.draft = draft;
        this.emit = emit;
    }

    /**
     * {@code service}, on this MAIN, has used its last restart: its decision is recorded now, and the
     * one request asked for {@code delay} from now. The decision is recorded first and asked for a moment
     * later: the record is the operator's "why" on the SPARE after the switchover, so it must reach the
     * SPARE's SEL copy before the SPARE takes over (the request then waits for priority 1 to be in sync;
     * a record written as the switchover starts would stay on this SC only).
     */
    void exhausted(String service, int restarts, String reason) {
        services.put(service, new Exhausted(restarts, reason));
        emit.accept(draft.apply(service).with("decision", "failover-requested").with("cause", "service:" + service)
                .with("restarts", restarts).with("reason", reason));
        arm(delayNanos);
    }

    /** {@code service} is no longer exhausted (the SC halts, pairlockd stops): with none left, no request. */
    void cleared(String service) {
        if (services.remove(service) != null && services.isEmpty()) {
            clear();
        }
    }

    /** The SC left MAIN (or its role changed): the request is cancelled, the set emptied. */
    void clear() {
        services.clear();
        cancel();
        lastRefusal = null;
    }

    private void arm(long nanos) {
        cancel();
        timer = scheduler.schedule(nanos, this::ask);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void ask() {
        timer = null;
        if (services.isEmpty() || !isMain.getAsBoolean()) {
            return;
        }
        List<String> names = new ArrayList<>(services.keySet());
        String cause = String.join(",", names.stream().map(n -> "service:" + n).toList());
        FailoverRequester.Answer a;
        try {
            a = core.requestPlannedFailover(cause);
        } catch (RuntimeException e) {
            a = FailoverRequester.Answer.refused("the request failed: " + e);
        }
        if (a.started()) {
            // the core records SWITCHOVER_STARTED; a started switchover makes us SPARE within a tick
            // (then clear()). One the peer did not take, or that left us MAIN, must not leave dead
            // services on the MAIN for good: the retry below asks again
            LOG.info("services {}: the planned failover was started", names);
            lastRefusal = null;
        } else if (!a.refusal().equals(lastRefusal)) {
            // recorded when the reason changes, not at every retry nor for every service: one record,
            // about the first service exhausted (its condition, so no trap of a condition of its own),
            // naming all of them
            String first = names.getFirst();
            Exhausted e = services.get(first);
            emit.accept(draft.apply(first).with("decision", "failover-refused: staying MAIN").with("cause", cause)
                    .with("services", String.join(",", names)).with("refusal", a.refusal())
                    .with("restarts", e.restarts()).with("reason", e.reason())
                    .with("retry_every", Duration.ofNanos(retryNanos).toMillis() + "ms"));
            lastRefusal = a.refusal();
        }
        arm(retryNanos);
    }
}

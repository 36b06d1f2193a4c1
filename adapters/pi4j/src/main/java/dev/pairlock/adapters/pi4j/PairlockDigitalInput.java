package dev.pairlock.adapters.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputBase;
import com.pi4j.io.gpio.digital.DigitalInputConfig;
import com.pi4j.io.gpio.digital.DigitalInputProvider;
import com.pi4j.io.gpio.digital.DigitalState;
import dev.pairlock.gpio.EdgeLoss;
import dev.pairlock.hal.gpio.EdgeEvent;
import dev.pairlock.hal.gpio.GpioChip;
import dev.pairlock.hal.gpio.LineConfig;
import dev.pairlock.hal.gpio.LineRequest;
import dev.pairlock.hal.gpio.LineSettings;
import dev.pairlock.hal.gpio.LineSettings.Bias;
import dev.pairlock.hal.gpio.LineSettings.Edge;
import dev.pairlock.hal.gpio.RequestConfig;
import java.time.Duration;

/**
 * A Pi4J digital input on a GPIO v2 line: both edges requested from the kernel, read on pairlock's
 * per-chip event thread and handed to Pi4J's listeners on the input's own task of its Pi4J context
 * ({@link ListenerDispatch}), each as an {@link EdgeStateChangeEvent} with the edge's kernel time and the
 * edges the kernel lost before it ({@link EdgeLoss}); Pi4J's debounce (microseconds) is the kernel's
 * debounce attribute, not a userspace timer.
 */
final class PairlockDigitalInput extends DigitalInputBase implements KernelEdgeInput {
    /**
     * Where the lost-edge warnings go: the name they had when {@link EdgeLoss} was this plugin's own
     * class, which users' logging configurations name; gpio-heartbeat's shared class logs under it.
     */
    static final System.Logger EDGE_LOSS_LOG = System.getLogger("dev.pairlock.adapters.pi4j.EdgeLoss");
    /** The warnings in Pi4J's words: where a Pi4J user finds the count, and Pi4J's debounce. */
    static final EdgeLoss.Wording EDGE_LOSS_WORDING = new EdgeLoss.Wording("the next event's edgesLostBefore() counts them",
            "a debounce (Pi4J's, done by the kernel)", "it is shut down");

    private final GpioChip chip;
    private final int offset;
    /** "input ID (gpiochipN line L)": its log lines and its listeners' thread (not Pi4J's own {@code name}). */
    private final String logName;
    /** For the life of the input object: its count outlives a shutdown. */
    private final EdgeLoss loss;
    /** Null before initialize and after shutdown (the line released); read once per call, another thread may shut down. */
    private volatile LineRequest request;
    /** Null before initialize and after shutdown, as {@link #request}. */
    private volatile ListenerDispatch dispatch;

    PairlockDigitalInput(DigitalInputProvider provider, DigitalInputConfig config, GpioChip chip) {
        super(provider, config);
        this.chip = chip;
        this.offset = config.address();
        this.logName = "input " + id + " (" + chip.name() + " line " + offset + ")";
        this.loss = edgeLoss(logName);
    }

    @Override
    public DigitalInput initialize(Context context) {
        Bias bias = switch (config.pull()) {
            case PULL_UP -> Bias.PULL_UP;
            case PULL_DOWN -> Bias.PULL_DOWN;
            case OFF -> Bias.DISABLED;
        };
        long debounceMicros = config.debounce() == null ? 0 : config.debounce();
        LineSettings s = LineSettings.input().withBias(bias).withEdge(Edge.BOTH).withDebounce(Duration.ofNanos(debounceMicros * 1000));
        LineRequest r = Pi4jErrors.call(() -> chip.request(RequestConfig.of(consumer()), LineConfig.of(s, offset)));
        ListenerDispatch d = new ListenerDispatch(logName,
                (e, lost) -> new EdgeStateChangeEvent(this, e.type() == EdgeEvent.Type.RISING ? DigitalState.HIGH : DigitalState.LOW,
                        e.timestampNanos(), e.lineSeqno(), lost),
                loss, this::dispatch);
        try {
            d.start(context);
            Pi4jErrors.run(() -> r.onEdge(d));
        } catch (RuntimeException e) {
            // no thread for the listeners, or no edges for them: no input, and the line goes back
            // (it stayed requested, held by nobody)
            release(r, d);
            throw e;
        }
        request = r;
        dispatch = d;
        super.initialize(context);
        return this;
    }

    /** The lost edges of the input {@code logName} names, counted and warned of in Pi4J's words. */
    static EdgeLoss edgeLoss(String logName) {
        return new EdgeLoss(EDGE_LOSS_LOG, logName, EDGE_LOSS_WORDING);
    }

    /** Pi4J's IO id as the consumer other users of the chip see (gpioinfo), cut to the kernel's limit. */
    private String consumer() {
        String id = config.id() == null || config.id().isEmpty() ? "pi4j" : config.id();
        return id.length() > RequestConfig.MAX_CONSUMER ? id.substring(0, RequestConfig.MAX_CONSUMER) : id;
    }

    @Override
    public DigitalState state() {
        LineRequest r = request;
        if (r == null) {
            return DigitalState.UNKNOWN; // not initialized, or shut down: the line is not ours to read (was an NPE)
        }
        return Pi4jErrors.call(() -> r.get(offset)) ? DigitalState.HIGH : DigitalState.LOW;
    }

    @Override
    public long edgesLost() {
        return loss.total();
    }

    @Override
    public DigitalInput shutdown(Context context) {
        super.shutdown(context);
        LineRequest r = request;
        ListenerDispatch d = dispatch;
        request = null;
        dispatch = null;
        if (r != null) {
            try {
                release(r, d);
            } finally {
                loss.close(); // after the line: no loss is reported after its last warning
            }
        }
        return this;
    }

    /**
     * The line first, after which the event thread hands over no more of its edges, then the dispatch,
     * even if that close failed, so that no task stays parked for a closed input. Neither waits for a
     * listener: a listener may shut down its own input, and a blocked one does not hold up the shutdown.
     */
    private static void release(LineRequest r, ListenerDispatch d) {
        try {
            r.close();
        } finally {
            d.close();
        }
    }
}

package dev.pairlock.failover;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One lane operation of one incarnation of {@link ControllerRuntime}, and its completion: the one
 * object {@link Lanes#submit} gets as both (a lane command allocates it and the operation's closure,
 * nothing more). The operation runs on the lane's thread and does nothing for an incarnation that
 * has ended; the completion runs on the control loop and delivers only to the incarnation that
 * asked. An exception from the operation is judged on the control loop ({@link FailSafe#faultOnLane}).
 */
final class LaneTask implements Supplier<Event>, Consumer<Event> {
    private final ControllerRuntime runtime;
    private final int inc;
    /** What the operation was for, formatted only if it throws. */
    private final Command context;
    private final Supplier<Event> op;
    /** A reset assertion: counted by {@link FailSafe} from now until the lane is done with it. */
    private final boolean fence;

    LaneTask(ControllerRuntime runtime, int inc, Command context, Supplier<Event> op) {
        this.runtime = runtime;
        this.inc = inc;
        this.context = context;
        this.op = op;
        this.fence = context instanceof Command.AssertReset;
        if (fence) {
            runtime.failSafe.fenceQueued();
        }
    }

    /** On the lane: nothing for an old incarnation; an exception is judged on the control loop. */
    @Override
    public Event get() {
        try {
            if (inc != runtime.incarnation) {
                return null;
            }
            return op.get();
        } catch (Throwable t) {
            // on the lane's thread: the verdict is the control loop's, on its own thread
            runtime.failSafe.faultOnLane(inc, context, t);
            return null;
        } finally {
            if (fence) {
                runtime.failSafe.fenceDone(); // landed (or skipped): a start no longer waits behind it
            }
        }
    }

    /** The result, back on the control loop. */
    @Override
    public void accept(Event e) {
        if (inc == runtime.incarnation) {
            runtime.deliver(e);
        }
    }
}

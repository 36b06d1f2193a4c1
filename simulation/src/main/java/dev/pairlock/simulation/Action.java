package dev.pairlock.simulation;

import dev.pairlock.failover.Event;
import dev.pairlock.hal.ScId;
import dev.pairlock.mock.Fault;

/** Something a schedule does at a virtual time: a hardware fault, an operator command, a sync change. */
public sealed interface Action {
    long at();

    record InjectFault(long at, Fault fault) implements Action {
    }

    record OperatorCommand(long at, ScId sc, Event.Operator.Op op) implements Action {
    }

    /** The sync engine's priority-1 status changes (on both SCs: it is one fact about the pair). */
    record Sync(long at, boolean priority1InSync) implements Action {
    }

    /** Starts (or restarts) an SC's software: the SMS start of the seed. */
    record StartSoftware(long at, ScId sc) implements Action {
    }
}

package dev.pairlock.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.time.ThreadScheduler;
import dev.pairlock.libc.ErrnoException;
import dev.pairlock.libc.NativeErrno;
import dev.pairlock.libc.Scheduling;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ControlPriorityTest {
    @Test
    void theLoopsOwnThreadRunsUnderFifoAndOnlyIt() throws Exception {
        try (ThreadScheduler control = new ThreadScheduler("control-test")) {
            String said = ControlPriority.apply(control, 5);
            CompletableFuture<Integer> policy = new CompletableFuture<>();
            control.schedule(0, () -> policy.complete(Scheduling.policyOfThisThread()));
            if ("root".equals(System.getProperty("user.name"))) {
                assertEquals("control loop SCHED_FIFO 5", said);
                assertEquals(Scheduling.SCHED_FIFO, policy.get(30, TimeUnit.SECONDS));
            } else {
                assertEquals("control loop time-shared (SCHED_FIFO 5 refused: EPERM)", said);
                assertEquals(Scheduling.SCHED_OTHER, policy.get(30, TimeUnit.SECONDS));
            }
            assertEquals(Scheduling.SCHED_OTHER, Scheduling.policyOfThisThread(), "the caller's thread is left alone");
        }
    }

    @Test
    void aRefusalLeavesTheLoopTimeSharedAndSaysWhy() throws Exception {
        try (ThreadScheduler control = new ThreadScheduler("control-test")) {
            String said = ControlPriority.apply(control, 20, p -> {
                throw new ErrnoException("sched_setscheduler(this thread, SCHED_FIFO " + p + ")", NativeErrno.of(NativeErrno.EPERM));
            });
            assertEquals("control loop time-shared (SCHED_FIFO 20 refused: EPERM)", said);
        }
    }

    @Test
    void priorityZeroAsksForNothing() {
        AtomicReference<Integer> asked = new AtomicReference<>();
        String said = ControlPriority.apply((d, t) -> {
            t.run();
            return () -> { };
        }, 0, asked::set);
        assertEquals("control loop time-shared (control.rt_priority = 0)", said);
        assertTrue(asked.get() == null);
    }
}

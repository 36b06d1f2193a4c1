package dev.pairlock.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.ScId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The release sequence the stop, the crash and a failed start's cleanup share. */
class TeardownTest {
    private final List<String> ran = new ArrayList<>();

    private Teardown.Step records(String name) {
        return () -> ran.add(name);
    }

    /** Every step runs, in order, whatever threw before it: a checked exception, a runtime one, an Error of a native call. */
    @Test
    void everyStepRunsInOrderAndTheFirstFailureComesLastWithTheLaterOnesSuppressed() {
        Teardown t = new Teardown(ScId.SC0, "stop");
        IOException disk = new IOException("/run/pairlock/sc0.sock: Read-only file system");
        t.step("a", records("a"));
        t.step("b", "a socket file left there is replaced by the next start", () -> {
            ran.add("b");
            throw disk;
        });
        t.step("c", () -> {
            ran.add("c");
            throw new IllegalStateException("closed twice");
        });
        t.step("d", () -> {
            ran.add("d");
            throw new UnsatisfiedLinkError("gpiod_line_release");
        });
        t.step("e", records("e"));

        Teardown.StepFailed f = assertThrows(Teardown.StepFailed.class, t::finish);
        assertEquals(List.of("a", "b", "c", "d", "e"), ran);
        assertEquals("b", f.step());
        assertSame(disk, f.getCause());
        assertEquals("stop step 'b' failed: IOException: /run/pairlock/sc0.sock: Read-only file system; a socket file left"
                + " there is replaced by the next start", f.getMessage());
        assertEquals(List.of("c", "d"), Arrays.stream(f.getSuppressed()).map(s -> ((Teardown.StepFailed) s).step()).toList());
        assertEquals("stop step 'd' failed: UnsatisfiedLinkError: gpiod_line_release; " + Teardown.LEFT_TO_EXIT,
                f.getSuppressed()[1].getMessage());
        assertSame(f, t.failure().orElseThrow());
    }

    @Test
    void nothingFailedNothingThrown() {
        Teardown t = new Teardown(ScId.SC1, "crash");
        t.step("a", records("a"));
        t.step("b", records("b"));
        t.finish();
        assertEquals(List.of("a", "b"), ran);
        assertTrue(t.failure().isEmpty());
    }

    /** The JVM's own errors (out of memory, stack) are not taken for a step's failure: no later step can be trusted. */
    @Test
    void aVirtualMachineErrorIsNotCaught() {
        Teardown t = new Teardown(ScId.SC0, "stop");
        InternalError broken = new InternalError("the JVM is broken");
        assertSame(broken, assertThrows(InternalError.class, () -> t.step("a", () -> {
            throw broken;
        })));
    }

    /** An interrupted step is a failure like another; the interrupt is kept for the caller and the later steps run. */
    @Test
    void anInterruptedStepKeepsTheInterruptAndTheLaterStepsRun() {
        Teardown t = new Teardown(ScId.SC0, "stop");
        try {
            t.step("wait", () -> {
                throw new InterruptedException("stop interrupted");
            });
            t.step("after", records("after"));
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept");
        } finally {
            Thread.interrupted();
        }
        assertEquals(List.of("after"), ran);
        assertInstanceOf(InterruptedException.class, t.failure().orElseThrow().getCause());
        assertFalse(Thread.currentThread().isInterrupted());
    }

    /** The stop's recorder is told of each failure, in order; one that throws keeps neither the next step nor the next report from running. */
    @Test
    void eachFailureIsReportedAndAReportThatThrowsStopsNothing() {
        List<String> told = new ArrayList<>();
        Teardown t = new Teardown(ScId.SC0, "stop", f -> {
            told.add(f.step() + ": " + f.error() + "; " + f.ifFailed());
            throw new IllegalStateException("the SEL is gone");
        }, java.util.Set.of("b"));
        t.step("a", "a left", () -> {
            throw new IOException("EIO");
        });
        t.step("b", records("b"));
        t.step("c", records("c"));

        assertEquals(List.of("b", "c"), ran, "b ran before its injected failure; c after it");
        assertEquals(List.of("a: IOException: EIO; a left", "b: IllegalStateException: injected failure of step 'b' (test); "
                + Teardown.LEFT_TO_EXIT), told);
        assertEquals("a", assertThrows(Teardown.StepFailed.class, t::finish).step());
    }
}

package dev.pairlock.libc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Each case on a thread of its own: the test JVM's threads keep their policy. */
class SchedulingTest {
    /** The kernel's own view of the calling thread, /proc/thread-self/stat fields 40 and 41: rt_priority and policy. */
    private static int[] kernelView() throws Exception {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // f[0] is field 3 (state)
        return new int[] {Integer.parseInt(f[40 - 3]), Integer.parseInt(f[41 - 3])};
    }

    private static <T> T onNewThread(Supplier<T> body) throws Exception {
        CompletableFuture<T> r = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                r.complete(body.get());
            } catch (Throwable e) {
                r.completeExceptionally(e);
            }
        }, "scheduling-test");
        t.start();
        return r.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aThreadRunsUnderFifoAsTheKernelSeesItAndGoesBackToNormal() throws Exception {
        String outcome = onNewThread(() -> {
            try {
                assertEquals(Scheduling.SCHED_OTHER, Scheduling.policyOfThisThread());
                try {
                    Scheduling.fifoForThisThread(7);
                } catch (ErrnoException e) {
                    // an unprivileged run: the refusal must be EPERM and say which call, nothing else
                    assertEquals(NativeErrno.EPERM, e.number(), e.getMessage());
                    assertTrue(e.getMessage().startsWith("sched_setscheduler(this thread, SCHED_FIFO 7)"), e.getMessage());
                    assertEquals(Scheduling.SCHED_OTHER, Scheduling.policyOfThisThread());
                    return "refused";
                }
                assertEquals(Scheduling.SCHED_FIFO, Scheduling.policyOfThisThread());
                int[] k = kernelView();
                assertEquals(7, k[0], "rt_priority in /proc/thread-self/stat");
                assertEquals(Scheduling.SCHED_FIFO, k[1], "policy in /proc/thread-self/stat");
                Scheduling.normalForThisThread();
                assertEquals(Scheduling.SCHED_OTHER, Scheduling.policyOfThisThread());
                assertEquals(Scheduling.SCHED_OTHER, kernelView()[1]);
                return "fifo";
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // the CI runs as root: there the call must succeed
        if ("root".equals(System.getProperty("user.name"))) {
            assertEquals("fifo", outcome);
        }
    }

    @Test
    void aPriorityOutsideOneTo99IsRefusedBeforeTheCall() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> Scheduling.fifoForThisThread(0));
        assertEquals("real-time priority 0 is outside 1..99", zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Scheduling.fifoForThisThread(100));
    }

    /** Field 19 of /proc/self/task/TID/stat: the thread's nice value as the kernel keeps it. */
    private static int kernelNice(int tid) throws Exception {
        String stat = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Integer.parseInt(f[19 - 3]);
    }

    @Test
    void anotherThreadsNiceValueChangesThatThreadOnly() throws Exception {
        CompletableFuture<Integer> tid = new CompletableFuture<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try {
                // /proc/thread-self is a link to "PID/task/TID"
                tid.complete(Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString()));
                done.await();
            } catch (Exception e) {
                tid.completeExceptionally(e);
            }
        }, "nice-test");
        t.start();
        try {
            int id = tid.get(30, TimeUnit.SECONDS);
            int mine = Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
            int myNice = kernelNice(mine);
            int higher = Math.min(Scheduling.MAX_NICE, myNice + 3); // raising nice needs no privilege
            Scheduling.niceOfThread(id, higher);
            assertEquals(higher, kernelNice(id));
            assertEquals(myNice, kernelNice(mine), "the calling thread is left alone");
            if ("root".equals(System.getProperty("user.name"))) {
                Scheduling.niceOfThread(id, -5);
                assertEquals(-5, kernelNice(id));
            } else {
                ErrnoException e = assertThrows(ErrnoException.class, () -> Scheduling.niceOfThread(id, -5));
                assertTrue(e.getMessage().startsWith("setpriority(thread " + id + ", nice -5)"), e.getMessage());
            }
        } finally {
            done.countDown();
            t.join();
        }
    }

    @Test
    void aNiceValueOutOfRangeOrNoSuchThreadIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Scheduling.niceOfThread(1, -21));
        assertThrows(IllegalArgumentException.class, () -> Scheduling.niceOfThread(1, 20));
        assertThrows(IllegalArgumentException.class, () -> Scheduling.niceOfThread(0, 0));
        ErrnoException e = assertThrows(ErrnoException.class, () -> Scheduling.niceOfThread(0x3fff_fff0, 0));
        assertEquals(3, e.number(), "ESRCH: " + e.getMessage());
    }
}

package dev.pairlock.gpio.event;

import dev.pairlock.gpio.uapi.EdgeRecords;
import dev.pairlock.libc.CallState;
import dev.pairlock.libc.Libc;
import dev.pairlock.libc.NativeErrno;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import dev.pairlock.hal.gpio.EdgeListener;
import java.util.function.Consumer;

/**
 * Reads a line request's fd on the chip's event thread: as many 48-byte records per read() as the
 * buffer holds, into one buffer reused for the life of the request. A record split across reads
 * (possible on a pipe, never from the kernel's line fd) is kept for the next read.
 */
public final class EdgeEventReader implements ChipEventLoop.ReadyHandler {
    public static final int RECORDS_PER_READ = 16;

    private final int fd;
    private final EdgeRecords records;
    private final CallState state;
    private final MemorySegment buffer;
    /** The request's arena: closed by a listener that closes its own request, which frees {@link #buffer}. */
    private final MemorySegment.Scope owner;
    private final Consumer<String> onFailure;
    private volatile EdgeListener listener;
    private int carried;

    /** {@code arena} must outlive the registration; {@code onFailure} hears why reading stopped. */
    public EdgeEventReader(Arena arena, int fd, int[] offsets, Consumer<String> onFailure) {
        this.fd = fd;
        this.records = new EdgeRecords(offsets);
        // unchecked: reads run on the chip's event thread only, and the request deregisters (waiting
        // for the loop's current batch) before it closes the arena, so no read outlives the memory;
        // this saves the shared session's acquire and release on every read
        this.state = CallState.allocateUnchecked(arena, (long) EdgeRecords.RECORD_SIZE * RECORDS_PER_READ);
        this.buffer = state.scratch();
        this.owner = arena.scope();
        this.onFailure = onFailure;
    }

    public void listener(EdgeListener l) {
        this.listener = l;
    }

    /** Edges lost so far, by line_seqno gaps. */
    public long missedTotal() {
        return records.missedTotal();
    }

    @Override
    public boolean onReady() {
        long n = Libc.tryRead(state, fd, carried == 0 ? buffer : buffer.asSlice(carried), buffer.byteSize() - carried);
        if (n < 0) {
            int errno = state.errno();
            if (errno == NativeErrno.EAGAIN || errno == NativeErrno.EINTR) {
                return true;
            }
            onFailure.accept("read of edge events failed: " + NativeErrno.of(errno));
            return false;
        }
        if (n == 0) {
            onFailure.accept("edge event stream ended (EOF)");
            return false;
        }
        int length = carried + (int) n;
        int consumed = records.deliver(buffer, length, listener, owner);
        if (consumed < 0) {
            // a listener closed the request on this thread: its deregister returned at once, the fd
            // and the arena are closed, and the buffer (unchecked memory) is freed: touch nothing more.
            // True: the registration is gone already, and the fd's number may be someone else's now
            return true;
        }
        carried = length - consumed;
        if (carried > 0) {
            MemorySegment.copy(buffer, consumed, buffer, 0, carried);
        }
        return true;
    }
}

package dev.pairlock.datasync;

import dev.pairlock.hal.ScId;
import dev.pairlock.hal.time.Clock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BooleanSupplier;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MAIN's end of one session on one link: connects, authenticates, checks that the other side
 * is the SPARE of our epoch, then runs passes. Replies are read by a thread of its own into an
 * inbox, so the sending thread never waits on a socket read without the engine's ticker watching.
 */
final class SenderSession implements Session, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SenderSession.class);

    /** The session could not be opened or was refused; {@code transientCause}: a role change is under way. */
    static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        final boolean transientCause;

        Refused(String message, boolean transientCause) {
            super(message);
            this.transientCause = transientCause;
        }
    }

    sealed interface Reply {
    }

    record Need(int passId, boolean last, List<long[]> needs) implements Reply {
    }

    record PassRefused(int passId, String reason) implements Reply {
    }

    record PassResult(int passId, int applied, int deleted, List<String[]> failures) implements Reply {
    }

    record Closed(IOException cause) implements Reply {
    }

    /** What one pass achieved. {@code failures}: path and reason per file; a refused pass has one with path "". */
    record Outcome(boolean complete, int applied, int deleted, int filesSent, long bytesSent, List<String[]> failures,
                   List<String> changedWhileSent) {
    }

    private final SyncLink link;
    private final RecordChannel ch;
    private final Handshake.Hello receiver;
    private final LinkedBlockingQueue<Reply> inbox = new LinkedBlockingQueue<>();
    private final Wire.Out out = new Wire.Out(Msg.CHUNK + 1024);
    private final Counters counters;
    private final FileSender files;
    private int nextPass = 1;
    private final List<String> changedWhileSent = new ArrayList<>();
    volatile long bytesRemaining;

    private SenderSession(SyncLink link, RecordChannel ch, Handshake.Hello receiver, Counters counters) {
        this.link = link;
        this.ch = ch;
        this.receiver = receiver;
        this.counters = counters;
        this.files = new FileSender(ch, out, counters, changedWhileSent);
    }

    @Override
    public RecordChannel channel() {
        return ch;
    }

    SyncLink link() {
        return link;
    }

    Handshake.Hello receiver() {
        return receiver;
    }

    /**
     * Connects over {@code link}; {@code watch} registers the channel with the engine's ticker before
     * the handshake (so a peer that accepts and then says nothing is timed out too).
     */
    static SenderSession open(SyncLink link, SecretKey key, Handshake.Hello ours, int connectTimeoutMillis, Clock clock,
                              Counters counters, java.util.function.Consumer<Session> watch) throws IOException {
        Socket s = new Socket();
        RecordChannel ch = null;
        try {
            if (link.listenHost().isPresent()) {
                s.bind(new InetSocketAddress(link.listenHost().get(), 0));
            }
            s.connect(link.peer().socketAddress(), connectTimeoutMillis);
            ch = new RecordChannel(s, link.name() + " " + link.peer(), clock);
            RecordChannel c = ch;
            watch.accept(() -> c);
            Handshake.Hello theirs = Handshake.asSender(ch, key, ours);
            if (theirs.sc() == ours.sc()) {
                throw new Refused("sync." + "link." + link.name() + " (" + link.peer() + ") is this SC itself ("
                        + ours.sc() + "): point it at the other SC", false);
            }
            // The receiver's answer may come after a KEEPALIVE: its session ticker starts with the
            // keyed channel and sends one when the receiver took longer than a keepalive period to
            // judge our hello (a JVM starting under load: seen in the kernel VM, where this was
            // taken for a broken link and the item waited its whole retry interval).
            RecordChannel.Record r = ch.receive();
            while (r.type() == Msg.KEEPALIVE) {
                r = ch.receive();
            }
            if (r.type() == Msg.REFUSE) {
                Wire.In in = r.body();
                boolean transientCause = in.u8() != 0;
                throw new Refused(theirs.sc() + " refused: " + in.str(), transientCause);
            }
            if (r.type() != Msg.ACCEPT) {
                throw new ProtocolException(link.peer() + " answered the handshake with record type " + r.type());
            }
            SenderSession session = new SenderSession(link, ch, theirs, counters);
            Thread t = new Thread(session::readReplies, "datasync-replies-" + link.name());
            t.setDaemon(true);
            t.start();
            counters.sessionsOpened.incrementAndGet();
            return session;
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                ch.close();
            } else {
                s.close();
            }
            throw e;
        }
    }

    private void readReplies() {
        try {
            while (true) {
                RecordChannel.Record r = ch.receive();
                Wire.In in = r.body();
                switch (r.type()) {
                    case Msg.KEEPALIVE -> { }
                    case Msg.NEED -> {
                        int passId = (int) in.u32();
                        boolean last = in.u8() != 0;
                        int n = in.count(1 << 20);
                        List<long[]> needs = new ArrayList<>(n);
                        for (int i = 0; i < n; i++) {
                            needs.add(new long[] {in.u32(), in.i64()});
                        }
                        inbox.add(new Need(passId, last, needs));
                    }
                    case Msg.PASS_REFUSED -> inbox.add(new PassRefused((int) in.u32(), in.str()));
                    case Msg.PASS_RESULT -> {
                        int passId = (int) in.u32();
                        int applied = (int) in.u32();
                        int deleted = (int) in.u32();
                        int n = in.count(1 << 20);
                        List<String[]> failures = new ArrayList<>(n);
                        for (int i = 0; i < n; i++) {
                            failures.add(new String[] {Long.toString(in.u32()), in.str()});
                        }
                        inbox.add(new PassResult(passId, applied, deleted, failures));
                    }
                    default -> throw new ProtocolException("unexpected record type " + r.type() + " from " + ch.peerName());
                }
            }
        } catch (IOException e) {
            if (e instanceof RecordChannel.IntegrityException) {
                counters.integrityFailures.incrementAndGet();
            }
            inbox.add(new Closed(e));
        } catch (RuntimeException e) {
            inbox.add(new Closed(new IOException(e)));
        }
    }

    private Reply next() throws IOException {
        Reply r;
        try {
            r = inbox.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (r instanceof Closed c) {
            inbox.add(c); // every later wait sees it too
            throw ch.isClosed() && !(c.cause() instanceof ProtocolException)
                    ? new IOException(link + ": session closed (" + c.cause().getMessage() + ")", c.cause()) : c.cause();
        }
        return r;
    }

    void sendStatus(List<PriorityStatus> status) throws IOException {
        Wire.Out m = RecordChannel.message(out, Msg.STATUS).u8(status.size());
        status.forEach(s -> s.encode(m));
        ch.send(m);
        ch.flush();
    }

    /** Runs one pass of {@code item} over the manifest {@code scan}; stops early (incomplete) when {@code preempt} says so. */
    Outcome pass(SyncItem item, Path root, TreeScanner.Scan scan, BooleanSupplier preempt, Pacer pacer) throws IOException {
        int passId = nextPass++;
        List<Entry> entries = scan.entries();
        boolean full = !entries.isEmpty() && entries.get(0).rel().isEmpty();
        ch.send(RecordChannel.message(out, Msg.PASS_BEGIN).u32(passId).str(item.name()).u8(full ? 1 : 0)
                .u8(scan.rootIsDir() ? 1 : 0).str(item.fingerprint()));
        int i = 0;
        while (i < entries.size()) {
            Wire.Out m = RecordChannel.message(out, Msg.ENTRIES).u32(passId);
            int countAt = m.length();
            m.u32(0);
            int n = 0;
            while (i < entries.size() && m.length() < Msg.ENTRIES_BATCH) {
                entries.get(i++).encode(m);
                n++;
            }
            byte[] a = m.array();
            a[countAt] = (byte) (n >>> 24);
            a[countAt + 1] = (byte) (n >>> 16);
            a[countAt + 2] = (byte) (n >>> 8);
            a[countAt + 3] = (byte) n;
            ch.send(m);
        }
        ch.send(RecordChannel.message(out, Msg.MANIFEST_END).u32(passId));
        ch.flush();

        List<long[]> needs = new ArrayList<>();
        while (true) {
            Reply r = next();
            if (r instanceof PassRefused refused && refused.passId() == passId) {
                List<String[]> f = new ArrayList<>();
                f.add(new String[] {"", refused.reason()});
                return new Outcome(false, 0, 0, 0, 0, f, List.of());
            }
            if (!(r instanceof Need need) || need.passId() != passId) {
                throw new ProtocolException(ch.peerName() + " answered pass " + passId + " with " + r);
            }
            needs.addAll(need.needs());
            if (need.last()) {
                break;
            }
        }
        long remaining = 0;
        for (long[] n : needs) {
            if (n[0] < 0 || n[0] >= entries.size() || entries.get((int) n[0]).kind() != Entry.Kind.FILE) {
                throw new ProtocolException(ch.peerName() + " asked for entry " + n[0] + ", which is not a file of pass " + passId);
            }
            remaining += entries.get((int) n[0]).size() - n[1];
        }
        bytesRemaining = remaining;
        boolean complete = true;
        changedWhileSent.clear();
        int sent = 0;
        long bytes = 0;
        List<String[]> localFailures = new ArrayList<>();
        for (long[] n : needs) {
            if (preempt.getAsBoolean()) {
                complete = false;
                break;
            }
            Entry e = entries.get((int) n[0]);
            Path p = e.rel().isEmpty() ? root : root.resolve(e.rel());
            long moved;
            try {
                moved = files.send((int) n[0], e, p, n[1], preempt, pacer);
            } catch (FileSender.LocalReadError x) {
                // this SC's own file, not the link: that file fails (retried at the item's interval), the session goes on
                log.warn("datasync: item {}: {} could not be read on this SC (the MAIN): {}; it stays out of sync on the"
                        + " SPARE and is retried", item.name(), p, ReceivePass.describe(x.getCause()));
                localFailures.add(new String[] {e.rel(), "the MAIN could not read " + p + ": " + ReceivePass.describe(x.getCause())
                        + " (check that file on the MAIN: permissions, disk errors)"});
                continue;
            }
            if (moved < 0) {
                complete = false; // suspended mid-file by preemption
                break;
            }
            bytes += moved;
            sent++;
            bytesRemaining = Math.max(0, bytesRemaining - moved);
        }
        ch.send(RecordChannel.message(out, Msg.PASS_END).u32(passId).u8(complete ? 1 : 0));
        ch.flush();
        Reply r = next();
        if (!(r instanceof PassResult result) || result.passId() != passId) {
            throw new ProtocolException(ch.peerName() + " ended pass " + passId + " with " + r);
        }
        bytesRemaining = 0;
        List<String[]> failures = new ArrayList<>(localFailures);
        for (String[] f : result.failures()) {
            long index = Long.parseLong(f[0]);
            String rel = index >= 0 && index < entries.size() ? entries.get((int) index).rel() : "";
            failures.add(new String[] {rel, f[1]});
        }
        counters.passesCompleted.incrementAndGet();
        return new Outcome(complete, result.applied(), result.deleted(), sent, bytes, failures, List.copyOf(changedWhileSent));
    }

    /** A planned close: BYE, then the socket. */
    @Override
    public void close() {
        try {
            ch.send(RecordChannel.message(new Wire.Out(8), Msg.BYE));
            ch.flush();
        } catch (IOException | RuntimeException ignored) {
            // closing anyway
        }
        ch.close();
    }

    /** Closes at once (the role changed, or the link stalled). */
    void abort() {
        ch.close();
    }

    ScId receiverSc() {
        return receiver.sc();
    }

    @Override
    public String toString() {
        return "sender session on " + link;
    }
}

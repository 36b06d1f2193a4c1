package dev.pairlock.datasync;

import dev.pairlock.hal.ScId;
import dev.pairlock.hal.time.Clock;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One connection accepted from the other SC, on its own thread: handshake, the gate's decision, then passes. */
final class ReceiverSession implements Runnable, Session {
    private static final Logger log = LoggerFactory.getLogger(ReceiverSession.class);

    /** What a session needs from its engine. */
    interface Host {
        SecretKey key();

        ScId self();

        String firmware();

        ReceiverGate gate();

        SyncConfig config();

        ExecutorService pool();

        boolean asRoot();

        Clock clock();

        Counters counters();

        void sessionStarted(Session s);

        void sessionEnded(Session s);

        /** The session was accepted (the sender is the MAIN of our epoch). */
        void accepted(ReceiverSession s);

        /** The MAIN's word on the status (STATUS record), or null when the session ends. */
        void mainStatus(ReceiverSession from, List<PriorityStatus> status);
    }

    /** A pass result names at most this many failed files (the message stays small); the count of the rest follows. */
    private static final int MAX_REPORTED_FAILURES = 100;
    private final Socket socket;
    private final Host host;
    private final String peer;
    private Wire.Out out; // once the handshake is done: an unauthenticated connection holds no buffer of ours
    /** Called once the sender proved the key, and when the session ends: its place among the unauthenticated is free. */
    private final Consumer<ReceiverSession> placeFree;
    private final AtomicBoolean holdsPlace = new AtomicBoolean(true);
    private volatile boolean shed; // closed by shed(): counted and reported once per burst, not logged one by one
    private RecordChannel ch;
    private volatile Handshake.Hello sender;
    private long epoch;
    /**
     * The sender's end closed the connection (FIN or RST from its OS) without a BYE: its daemon
     * exited, or it stopped being MAIN and aborted. Not set by a timeout (a cut link is silent), nor
     * by a close of ours. Read by the host once the session has ended.
     */
    private volatile boolean closedBySender;
    private ReceivePass pass;
    private int refusedPass = -1;

    ReceiverSession(Socket socket, Host host, Consumer<ReceiverSession> placeFree) {
        this.socket = socket;
        this.host = host;
        this.placeFree = placeFree;
        this.peer = socket.getRemoteSocketAddress().toString().replaceFirst("^/", "");
    }

    @Override
    public RecordChannel channel() {
        return ch;
    }

    Handshake.Hello sender() {
        return sender;
    }

    /** Whether the sender's end closed the session without a BYE (see {@link #closedBySender}). */
    boolean closedBySender() {
        return closedBySender;
    }

    long epoch() {
        return epoch;
    }

    String peer() {
        return peer;
    }

    /** True once: the place this connection held until it proved the key (or ended) is given back. */
    boolean releasePlace() {
        return holdsPlace.compareAndSet(true, false);
    }

    /**
     * Closes this connection if it has still not proved the key (too many such connections), its
     * place passing to the caller; false if it has proved the key meanwhile.
     */
    boolean shed() {
        if (!releasePlace()) {
            return false;
        }
        shed = true;
        closeQuietly();
        return true;
    }

    @Override
    public void run() {
        try {
            ch = new RecordChannel(socket, peer, host.clock());
            host.sessionStarted(this);
            ReceiverGate gate = host.gate();
            Handshake.Hello ours = Handshake.Hello.fresh(host.self(), gate.role(), gate.epoch(), host.firmware(),
                    host.config().linkTimeout().toMillis());
            Handshake.Hello hello = Handshake.asReceiverNoKeepalive(ch, host.key(), ours);
            placeFree.accept(this);
            out = new Wire.Out(64 * 1024);
            ReceiverGate.Refusal refusal = gate.refusal(hello);
            if (refusal != null) {
                host.counters().sessionsRefused.incrementAndGet();
                log.info("datasync: refused {} from {}: {}", hello, peer, refusal.reason());
                ch.send(RecordChannel.message(out, Msg.REFUSE).u8(refusal.transientCause() ? 1 : 0).str(refusal.reason()));
                ch.flush();
                return;
            }
            epoch = hello.epoch();
            sender = hello;
            host.counters().sessionsAccepted.incrementAndGet();
            log.info("datasync: receiving from {} ({}) at {}", hello.sc(), hello, peer);
            ch.send(RecordChannel.message(out, Msg.ACCEPT));
            ch.flush();
            ch.keepalive(Handshake.keepaliveNanos(ours, hello)); // only now: the answer is the first record
            host.accepted(this);
            while (true) {
                RecordChannel.Record r = ch.receive();
                if (r.type() == Msg.BYE) {
                    return;
                }
                handle(r);
            }
        } catch (RecordChannel.IntegrityException e) {
            host.counters().integrityFailures.incrementAndGet();
            log.warn("datasync: {}", e.getMessage());
        } catch (EOFException | SocketException e) {
            closedBySender = e instanceof EOFException || String.valueOf(e.getMessage()).contains("reset");
            if (shed) {
                log.debug("datasync: unauthenticated connection from {} shed", peer);
            } else {
                log.info("datasync: session from {} ended: {}", peer, e.getMessage());
            }
        } catch (IOException | RuntimeException e) {
            log.warn("datasync: session from {} dropped: {}", peer, ReceivePass.describe(e));
        } finally {
            if (pass != null) {
                pass.abandon();
            }
            if (ch != null) {
                ch.close();
            } else {
                closeQuietly();
            }
            if (sender != null) {
                host.mainStatus(this, null);
            }
            placeFree.accept(this);
            host.sessionEnded(this);
        }
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    private void handle(RecordChannel.Record r) throws IOException {
        Wire.In in = r.body();
        switch (r.type()) {
            case Msg.KEEPALIVE -> { }
            case Msg.STATUS -> {
                int n = in.u8();
                List<PriorityStatus> s = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    s.add(PriorityStatus.decode(in));
                }
                host.mainStatus(this, s);
            }
            case Msg.PASS_BEGIN -> begin(in);
            case Msg.ENTRIES -> {
                int passId = (int) in.u32();
                int n = in.count(1 << 20);
                if (passId == refusedPass) {
                    return;
                }
                ReceivePass p = current(passId);
                for (int i = 0; i < n; i++) {
                    p.add(Entry.decode(in));
                }
            }
            case Msg.MANIFEST_END -> {
                int passId = (int) in.u32();
                if (passId == refusedPass) {
                    return;
                }
                plan(current(passId));
            }
            case Msg.FILE_WHOLE -> {
                int index = (int) in.u32();
                byte[] digest = in.bytes(32);
                requirePass().fileWhole(index, digest, r.buf(), in.position(), in.remaining());
            }
            case Msg.FILE_BEGIN -> {
                int index = (int) in.u32();
                long offset = in.i64();
                requirePass().fileBegin(index, offset);
                if (offset > 0) {
                    host.counters().bytesResumed.addAndGet(offset);
                }
            }
            case Msg.FILE_DATA -> requirePass().fileData(r.buf(), r.off(), r.len());
            case Msg.FILE_END -> {
                int status = in.u8();
                byte[] digest = status == Msg.END_OK ? in.bytes(32) : new byte[32];
                requirePass().fileEnd(status, digest);
            }
            case Msg.PASS_END -> {
                int passId = (int) in.u32();
                boolean complete = in.u8() != 0;
                ReceivePass p = current(passId);
                pass = null;
                p.finish(complete).whenComplete((result, x) -> reply(p, result, x));
            }
            default -> throw new ProtocolException("unexpected record type " + r.type() + " from " + peer);
        }
    }

    private ReceivePass requirePass() throws ProtocolException {
        if (pass == null) {
            throw new ProtocolException("file record outside a pass from " + peer);
        }
        return pass;
    }

    private ReceivePass current(int passId) throws ProtocolException {
        if (pass == null || pass.passId() != passId) {
            throw new ProtocolException("record of pass " + passId + " outside that pass");
        }
        return pass;
    }

    private void begin(Wire.In in) throws IOException {
        int passId = (int) in.u32();
        String name = in.str();
        boolean full = in.u8() != 0;
        boolean rootIsDir = in.u8() != 0;
        String fingerprint = in.str();
        if (pass != null) {
            throw new ProtocolException("pass " + passId + " began inside pass " + pass.passId());
        }
        SyncItem item = host.config().item(name).orElse(null);
        String refusal = null;
        if (item == null) {
            refusal = "item " + name + " is not in " + host.self() + "'s sync list (sync.item." + name + ".path):"
                    + " both SCs need the same sync.* section";
        } else if (!item.fingerprint().equals(fingerprint)) {
            refusal = "sync.item." + name + " differs between the SCs: the MAIN has " + fingerprint + ", "
                    + host.self() + " has " + item.fingerprint() + " (the same sync.* section on both SCs; data each SC"
                    + " owns is one item per SC with sync.item.NAME.origin)";
        } else if (item.origin().isPresent() && item.origin().get() != sender.sc()) {
            refusal = "sync.item." + name + " is " + item.origin().get() + "'s own data: " + sender.sc() + " holds only a copy";
        }
        if (refusal != null) {
            refusedPass = passId;
            log.warn("datasync: refused a pass: {}", refusal);
            ch.send(RecordChannel.message(out, Msg.PASS_REFUSED).u32(passId).str(refusal));
            ch.flush();
            return;
        }
        refusedPass = -1;
        pass = new ReceivePass(passId, item, host.config().location(item), full, rootIsDir, epoch, host.gate(), host.pool(),
                host.asRoot(), host.counters(), SyncFs.NATIVE);
    }

    private void plan(ReceivePass p) throws IOException {
        List<long[]> needs;
        try {
            needs = p.plan();
        } catch (ReceiverGate.Revoked | ProtocolException x) {
            throw x;
        } catch (IOException x) {
            pass = null;
            refusedPass = p.passId();
            ch.send(RecordChannel.message(out, Msg.PASS_REFUSED).u32(p.passId())
                    .str(host.self() + " could not apply the manifest: " + ReceivePass.describe(x)));
            ch.flush();
            return;
        }
        int i = 0;
        do {
            int n = Math.min(32768, needs.size() - i);
            Wire.Out m = RecordChannel.message(out, Msg.NEED).u32(p.passId()).u8(i + n == needs.size() ? 1 : 0).u32(n);
            for (int k = 0; k < n; k++) {
                long[] need = needs.get(i + k);
                m.u32(need[0]).i64(need[1]);
            }
            ch.send(m);
            i += n;
        } while (i < needs.size());
        ch.flush();
    }

    /** Runs on the commit pool once the pass is finished. */
    private void reply(ReceivePass p, ReceivePass.Result result, Throwable x) {
        Throwable cause = x instanceof CompletionException && x.getCause() != null ? x.getCause() : x;
        try {
            if (cause instanceof ReceiverGate.Revoked revoked) {
                log.info("datasync: {}", revoked.getMessage());
                ch.close();
                return;
            }
            Wire.Out m = new Wire.Out(1024);
            RecordChannel.message(m, Msg.PASS_RESULT).u32(p.passId());
            if (cause != null) {
                m.u32(0).u32(0).u32(1).u32(0xffffffffL).str(host.self() + " could not finish the pass: " + ReceivePass.describe(cause));
            } else {
                List<ReceivePass.Failure> fs = result.failures();
                int shown = Math.min(fs.size(), MAX_REPORTED_FAILURES);
                m.u32(result.applied()).u32(result.deleted()).u32(shown);
                for (int i = 0; i < shown; i++) {
                    ReceivePass.Failure f = fs.get(i);
                    String more = i == shown - 1 && fs.size() > shown ? " (and " + (fs.size() - shown) + " more failures)" : "";
                    m.u32(f.index() & 0xffffffffL).str(f.reason() + more);
                }
            }
            ch.send(m);
            ch.flush();
        } catch (IOException | RuntimeException e) {
            log.info("datasync: could not answer {} : {}", peer, ReceivePass.describe(e));
            ch.close();
        }
    }

    @Override
    public String toString() {
        return "receiver session from " + peer;
    }
}

package dev.pairlock.peerlink;

import dev.pairlock.hal.ScId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A fuzz input read as a script of frames arriving at SC1 — raw bytes, genuine frames of SC0 (of
 * the current, a newer or an older boot), frames of SC1 itself, replays, and genuine frames with
 * one byte changed or cut short — checked frame by frame against a model of what must be accepted:
 * exactly the genuine frames of SC0 that arrive on their own link and are fresh (a newer boot, or a
 * higher sequence number on that link in the same boot). Any disagreement, and any exception from
 * the opener, is a finding.
 */
final class FrameScenario {
    private record Genuine(byte[] bytes, long boot, int link, long seq, boolean fromPeer) {
    }

    private final byte[] script;
    private int at;

    private FrameScenario(byte[] script) {
        this.script = script;
    }

    private int next() {
        return at < script.length ? script[at++] & 0xFF : -1;
    }

    private boolean more() {
        return at < script.length;
    }

    private static final javax.crypto.Mac MAC;

    static {
        try {
            MAC = javax.crypto.Mac.getInstance("HmacSHA256");
            MAC.init(FrameAuthenticationTest.KEY);
        } catch (java.security.GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The frame's header fields if it is a well-formed frame under the pair key, else null. */
    private static Genuine authentic(byte[] f) {
        if (f.length < PeerFrame.MIN_FRAME || f.length > PeerFrame.MAX_FRAME || f[0] != 'P' || f[1] != 'L' || f[2] != 1) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(f);
        int type = f[3];
        int sender = f[4];
        int link = f[5];
        int len = b.getShort(6) & 0xFFFF;
        if (type < 0 || type > 1 || sender < 0 || sender > 1 || link < 0 || link > 1 || len != f.length - PeerFrame.MIN_FRAME) {
            return null;
        }
        byte[] tag;
        synchronized (MAC) {
            MAC.update(f, 0, f.length - PeerFrame.TAG);
            tag = MAC.doFinal();
        }
        if (!Arrays.equals(tag, 0, PeerFrame.TAG, f, f.length - PeerFrame.TAG, f.length)) {
            return null;
        }
        return new Genuine(f, b.getLong(8), link, b.getLong(16), sender == 0);
    }

    /** What the scenario needs of a decoder (tests substitute broken ones to show the model catches them). */
    interface Opening {
        FrameOpener.Verdict open(ByteBuffer frame, int link);

        int payloadOffset();

        int payloadLength();
    }

    /** SC1's real decoder. */
    static Opening real() {
        FrameOpener o = new FrameOpener(FrameAuthenticationTest.KEY, ScId.SC1, 2);
        return new Opening() {
            public FrameOpener.Verdict open(ByteBuffer frame, int link) {
                return o.open(frame, link);
            }

            public int payloadOffset() {
                return o.payloadOffset();
            }

            public int payloadLength() {
                return o.payloadLength();
            }
        };
    }

    /** Runs {@code script} against {@code sc1}; returns how many frames it fed. */
    static int run(byte[] script, Opening sc1) {
        return new FrameScenario(script).play(sc1);
    }

    private int play(Opening sc1) {
        List<Genuine> genuine = new ArrayList<>();
        long boot = 1000;
        FrameSealer current = new FrameSealer(FrameAuthenticationTest.KEY, ScId.SC0, boot, 2);
        FrameSealer self = new FrameSealer(FrameAuthenticationTest.KEY, ScId.SC1, 1 << 20, 2);
        FrameSealer older = new FrameSealer(FrameAuthenticationTest.KEY, ScId.SC0, 1, 2);
        // the model
        boolean bootKnown = false;
        long peerBoot = 0;
        long[] highest = new long[2];
        int frames = 0;
        ByteBuffer out = ByteBuffer.allocate(PeerFrame.MAX_FRAME);
        while (more() && frames < 200) {
            int op = next() % 5;
            byte[] frame;
            int link = next() & 1;
            switch (op) {
                case 0 -> {
                    int len = Math.max(0, next()) * 3;
                    frame = new byte[Math.min(len, script.length - at)];
                    System.arraycopy(script, at, frame, 0, frame.length);
                    at += frame.length;
                }
                case 1 -> {
                    int who = Math.max(0, next()) % 4;
                    if (who == 3) {
                        boot++;
                        current = new FrameSealer(FrameAuthenticationTest.KEY, ScId.SC0, boot, 2);
                    }
                    FrameSealer s = who == 1 ? self : who == 2 ? older : current;
                    byte[] payload = new byte[Math.max(0, next()) % 48];
                    for (int i = 0; i < payload.length; i++) {
                        payload[i] = (byte) next();
                    }
                    int type = next() & 1;
                    s.seal(type, link, payload, 0, payload.length, out);
                    frame = new byte[out.remaining()];
                    out.get(frame);
                    genuine.add(new Genuine(frame, s.bootId(), link, s.lastSequence(link), s != self));
                    link = next() < 230 ? link : 1 - link; // now and then on the wrong link
                }
                case 2 -> {
                    if (genuine.isEmpty()) {
                        continue;
                    }
                    frame = genuine.get(Math.max(0, next()) % genuine.size()).bytes().clone();
                }
                default -> {
                    if (genuine.isEmpty()) {
                        continue;
                    }
                    byte[] g = genuine.get(Math.max(0, next()) % genuine.size()).bytes();
                    int pos = Math.max(0, next()) % g.length;
                    if (op == 3) {
                        frame = g.clone();
                        frame[pos] ^= (byte) (Math.max(1, next()) | 1);
                    } else {
                        frame = Arrays.copyOf(g, pos);
                    }
                }
            }
            frames++;
            // authentic by the model's own reckoning (its own HMAC), not only the frames made in
            // this run: the fuzzer learns genuine frames from earlier runs and plays them back
            Genuine match = authentic(frame);
            boolean expected = match != null && match.fromPeer() && match.link() == link
                    && (!bootKnown || match.boot() > peerBoot || match.boot() == peerBoot && match.seq() > highest[link]);
            ByteBuffer arrived = ByteBuffer.wrap(frame);
            FrameOpener.Verdict v = sc1.open(arrived, link);
            boolean accepted = v == FrameOpener.Verdict.ACCEPTED;
            if (accepted != expected) {
                throw new AssertionError("frame " + frames + " on link " + link + " of " + frame.length + " bytes: opener said "
                        + v + ", the model says " + (expected ? "accept" : "refuse") + " (genuine match: " + match + ")");
            }
            if (accepted) {
                if (!bootKnown || match.boot() > peerBoot) {
                    bootKnown = true;
                    peerBoot = match.boot();
                    Arrays.fill(highest, 0);
                }
                highest[link] = match.seq();
                if (sc1.payloadOffset() + sc1.payloadLength() + PeerFrame.TAG != frame.length) {
                    throw new AssertionError("accepted payload bounds are off: " + sc1.payloadOffset() + "+" + sc1.payloadLength());
                }
            }
        }
        return frames;
    }
}

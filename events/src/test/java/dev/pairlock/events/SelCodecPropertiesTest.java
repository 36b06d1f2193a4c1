package dev.pairlock.events;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SelCodecPropertiesTest {
    @Provide
    Arbitrary<SelRecord> records() {
        Arbitrary<Map<String, String>> fields = Arbitraries.maps(
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12),
                Arbitraries.strings().all().ofMaxLength(300)).ofMaxSize(6).map(LinkedHashMap::new);
        return Combinators.combine(Arbitraries.longs().between(1, Long.MAX_VALUE / 2),
                Arbitraries.longs().between(0, 4_000_000_000_000_000L), Arbitraries.longs(),
                Arbitraries.of(ScId.class), Arbitraries.of(Role.class), Arbitraries.longs().greaterOrEqual(0),
                Arbitraries.of(EventKind.class).filter(k -> k != EventKind.UNRECOGNISED), fields)
                .as((seq, micros, mono, sc, role, epoch, kind, f) -> {
                    EventDraft d = new EventDraft(kind, kind.defaultSeverity(), role, epoch, f);
                    return new SelRecord(seq, SelCodec.fromMicros(micros), mono, sc, role, epoch, kind, d.severity(), d.fields());
                });
    }

    @Property(tries = 100)
    void everyRecordReadsBackAsWritten(@ForAll("records") SelRecord r) {
        byte[] b = SelCodec.encode(r);
        SelCodec.Frame f = SelCodec.decode(b, 0, b.length);
        assertEquals(new SelCodec.Whole(r, b.length), f);
    }

    /** Any single flipped bit or cut anywhere loses at most the record it hit; the rest read back. */
    @Property(tries = 100)
    void oneDamagedSpotCostsAtMostOneRecord(@ForAll("records") SelRecord a, @ForAll("records") SelRecord b,
                                           @ForAll("records") SelRecord c, @ForAll @IntRange(min = 0, max = 1 << 20) int where,
                                           @ForAll @IntRange(min = 0, max = 7) int bit) {
        List<SelRecord> rs = List.of(renumber(a, 1), renumber(b, 2), renumber(c, 3));
        byte[] all = new byte[0];
        for (SelRecord r : rs) {
            byte[] e = SelCodec.encode(r);
            int at = all.length;
            all = Arrays.copyOf(all, at + e.length);
            System.arraycopy(e, 0, all, at, e.length);
        }
        int pos = where % all.length;
        all[pos] ^= (byte) (1 << bit);
        SelSegments.Scan s = SelSegments.scan(all, 0, all.length, 0);
        assertTrue(s.records().size() >= 2, "lost " + (3 - s.records().size()) + " records to one bit at " + pos);
        for (SelRecord r : s.records()) {
            assertEquals(rs.get((int) r.seq() - 1), r);
        }
        byte[] cut = Arrays.copyOf(all, pos);
        SelSegments.Scan t = SelSegments.scan(cut, 0, cut.length, 0);
        assertTrue(t.records().size() <= 3);
    }

    private static SelRecord renumber(SelRecord r, long seq) {
        return new SelRecord(seq, r.wall(), r.monoNanos(), r.sc(), r.role(), r.epoch(), r.kind(), r.severity(), r.fields());
    }

    @Property(tries = 100)
    void arbitraryBytesNeverThrow(@ForAll byte[] junk) {
        SelSegments.Scan s = SelSegments.scan(junk, 0, junk.length, 0);
        assertTrue(s.end() <= junk.length);
    }
}

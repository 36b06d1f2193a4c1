package dev.pairlock.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.clock.RefSel;
import dev.pairlock.mock.Chassis;
import dev.pairlock.mock.ChassisConfig;
import dev.pairlock.mock.Fault;
import dev.pairlock.mock.InitialState;
import dev.pairlock.mock.VirtualTime;
import dev.pairlock.platform.SimBackend;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checker judges what the chassis does, write by write: a reset assertion that changes nothing
 * at once (its peer is already held by a fault) still keeps the peer down after that hold ends, and
 * S1's both-leaders clause fires from the two REF_SEL registers alone, whoever holds authority.
 */
class CheckerChassisFactsTest {
    private static final long MS = 1_000_000L;
    private static final long FDT = 1_000 * MS;

    /** Software whose state the test sets, as the checker reads it. */
    static final class Fake extends StubSoftware {
        Fake() {
            epoch = 1;
            lease = Long.MIN_VALUE; // the tests give a MAIN its lease
        }
    }

    private final Fake[] sw = {new Fake(), new Fake()};
    private Chassis chassis;
    private SafetyChecker checker;

    private void chassis(InitialState initial) {
        chassis = new Chassis(ChassisConfig.defaults().withSeed(1).withInitialState(initial), new VirtualTime());
        checker = new SafetyChecker(chassis, sw, FDT);
        chassis.trace().listen(checker::onTrace);
        chassis.time().afterEachEvent(checker::afterEvent);
        for (Fake f : sw) {
            f.start();
            f.role = Role.SPARE;
        }
    }

    private List<String> rules() {
        return checker.violations().stream().map(Violation::property).toList();
    }

    @Test
    void aResetAssertedWithoutAuthorityIntoAPeerAlreadyHeldByAFaultIsJudged() {
        chassis(InitialState.RUNNING_SC0_LEADS);
        chassis.inject(new Fault.Reset(ScId.SC1, Duration.ofSeconds(2)));
        // SC0, a SPARE without authority, asserts its reset line while SC1 is held by the fault
        chassis.resetLine(ScId.SC0).orElseThrow().assertReset();
        chassis.time().runFor(3 * FDT);
        assertTrue(chassis.heldInReset(ScId.SC1), "the assertion outlives the fault's hold: a write with an effect");
        assertEquals(List.of("S3"), rules(), () -> checker.violations().toString());
    }

    @Test
    void aResetAssertedWithoutAuthorityIntoARunningPeerIsS3() {
        chassis(InitialState.RUNNING_SC0_LEADS);
        chassis.resetLine(ScId.SC0).orElseThrow().assertReset();
        assertEquals(List.of("S3"), rules(), () -> checker.violations().toString());
        assertTrue(checker.violations().getFirst().detail().contains("asserted reset"), checker.violations()::toString);
    }

    @Test
    void anSpllSelectWithoutAuthorityIsS3() {
        chassis(InitialState.RUNNING_SC0_LEADS);
        // SC0's clock leads and is locked: moving slot 0 to SC1 is glitch-free (no S2), but SC0 is SPARE
        chassis.time().runFor(FDT);
        new SimBackend(chassis).controller(ScId.SC0).boards().board(0).spll().select(ScId.SC1);
        assertEquals(List.of("S3"), rules(), () -> checker.violations().toString());
        assertTrue(checker.violations().getFirst().detail().contains("selected SPLL of slot 0"), checker.violations()::toString);
    }

    @Test
    void aClaimantsFenceIntoAPeerAlreadyHeldByAFaultIsItsFenceAndLawful() {
        chassis(InitialState.RUNNING_SC0_LEADS);
        chassis.inject(new Fault.Reset(ScId.SC1, Duration.ofSeconds(2)));
        sw[0].role = Role.BECOMING_MAIN;
        chassis.resetLine(ScId.SC0).orElseThrow().assertReset();
        chassis.time().runFor(3 * FDT);
        assertEquals(List.of(), rules(), () -> checker.violations().toString());
    }

    @Test
    void bothLeadersIsS1FromTheRegistersEvenWhenOnlyOneHoldsAuthority() {
        chassis(InitialState.COLD);
        SimBackend hw = new SimBackend(chassis);
        // SC1 leads as MAIN, then its authority lapses with its clock still LEADER (no S3: it held it then)
        sw[1].role = Role.MAIN;
        sw[1].lease = 500 * MS;
        hw.controller(ScId.SC1).gchip().setRefSel(RefSel.LEADER);
        chassis.time().runFor(600 * MS);
        sw[1].role = Role.SPARE;
        // SC0, a MAIN with authority, writes LEADER: no S3, but two leaders on the chassis
        sw[0].role = Role.MAIN;
        sw[0].lease = Long.MAX_VALUE;
        hw.controller(ScId.SC0).gchip().setRefSel(RefSel.LEADER);
        assertEquals(List.of("S1"), rules(), () -> checker.violations().toString());
        assertTrue(checker.violations().getFirst().detail().contains("REF_SEL=LEADER after SC0"), checker.violations()::toString);
    }
}

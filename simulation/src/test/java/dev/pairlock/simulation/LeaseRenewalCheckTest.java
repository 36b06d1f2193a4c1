package dev.pairlock.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import dev.pairlock.mock.Chassis;
import dev.pairlock.mock.ChassisConfig;
import dev.pairlock.mock.InitialState;
import dev.pairlock.mock.VirtualTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A MAIN's lease renewal is pushed apart from other state changes so that the checker can skip the
 * full pass it would otherwise make after about one event in ten. The checker takes that word as a
 * hint: a push called a renewal that is not one — here a MAIN whose lease had lapsed taking
 * authority again while the peer holds it — must still be judged (S1), not skipped.
 */
class LeaseRenewalCheckTest {
    private static final long MS = 1_000_000L;
    private static final long FDT = 1_000 * MS;

    /** Software whose state the test sets; it counts its state version as a runtime does. */
    static final class Versioned extends StubSoftware {
        long version;

        @Override
        public long stateVersion() {
            return version;
        }
    }

    private final Versioned[] sw = {new Versioned(), new Versioned()};
    private final Chassis chassis = new Chassis(ChassisConfig.defaults().withSeed(1)
            .withInitialState(InitialState.RUNNING_SC0_LEADS), new VirtualTime());
    private SafetyChecker checker;

    private LeaseRenewalCheckTest in(SafetyChecker.Mode mode) {
        checker = new SafetyChecker(chassis, sw, FDT, mode);
        chassis.trace().listen(checker::onTrace);
        chassis.time().afterEachEvent(checker::afterEvent);
        for (Versioned s : sw) {
            s.start();
            s.role = Role.SPARE;
            s.epoch = 1;
            s.version++;
        }
        return this;
    }

    /** Sets SC i's role and lease as one step of its runtime would, and pushes it as the runtime does. */
    private void step(int i, Role role, long lease, boolean pushedAsRenewal) {
        sw[i].role = role;
        sw[i].lease = lease;
        sw[i].version++;
        if (pushedAsRenewal) {
            checker.leaseRenewed(ScId.of(i));
        } else {
            checker.stateMoved();
        }
        chassis.time().schedule(1, () -> { }); // the event the step belongs to: the checker looks after it
        chassis.time().runFor(1);
    }

    private List<String> rules() {
        return checker.violations().stream().map(Violation::property).toList();
    }

    @Test
    void anHonestRenewalIsJudgedLikeAnyStep() {
        in(SafetyChecker.Mode.INCREMENTAL).honestRenewals();
    }

    private void honestRenewals() {
        step(0, Role.MAIN, 500 * MS, false);
        chassis.time().runFor(100 * MS);
        for (int k = 1; k <= 20; k++) {
            step(0, Role.MAIN, (500 + 100 * k) * MS, true); // renewed ahead of the lease, every 100 ms
            chassis.time().runFor(99 * MS);
        }
        chassis.time().runFor(FDT); // the last lease lapses: time alone ends the authority
        step(1, Role.MAIN, Long.MAX_VALUE, false);
        assertEquals(List.of(), rules(), () -> checker.violations().toString());
    }

    @Test
    void aLapsedLeaseRenewedAndPushedAsARenewalIsStillJudged() {
        in(SafetyChecker.Mode.INCREMENTAL);
        step(0, Role.MAIN, 500 * MS, false);
        chassis.time().runFor(600 * MS); // SC0's authority lapsed at 500 ms
        step(1, Role.MAIN, Long.MAX_VALUE, false); // SC1 holds authority
        chassis.time().runFor(100 * MS);
        step(0, Role.MAIN, 2_000 * MS, true); // SC0 takes it again and calls it a renewal
        assertEquals(List.of("S1"), rules(), () -> checker.violations().toString());
    }

    @Test
    void theVerifiedModeAgreesThatAnHonestRenewalNeedsNoPass() {
        in(SafetyChecker.Mode.VERIFIED).honestRenewals(); // throws if a skipped pass would have read something new
    }
}

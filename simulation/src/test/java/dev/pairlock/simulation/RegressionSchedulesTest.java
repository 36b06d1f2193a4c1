package dev.pairlock.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.failover.Event.Operator.Op;
import dev.pairlock.failover.HealthEvent;
import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import dev.pairlock.mock.ChassisConfig;
import dev.pairlock.mock.DurationRange;
import dev.pairlock.mock.Fault;
import dev.pairlock.mock.I2cErrorKind;
import dev.pairlock.mock.InitialState;
import dev.pairlock.mock.LinkDirection;
import dev.pairlock.mock.TraceEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Schedules that once broke a rule, frozen action by action (generator seeds change whenever the
 * generator does). Each names what it found and whether the protocol or the checker was wrong.
 */
class RegressionSchedulesTest {
    private static final long S = 1_000_000_000L;

    private static RunResult run(Schedule s) {
        RunResult r = new PairSimulation(s, true).run();
        assertTrue(r.ok(), () -> s.seed() + ": " + r.violations());
        return r;
    }

    private static List<TraceEvent> roles(RunResult r, ScId sc, Role role) {
        return r.trace().stream().filter(e -> e.kind() == TraceEvent.Kind.PROTOCOL && e.sc() == sc
                && e.a() == role.ordinal()).toList();
    }

    /** Round 1's three seeds for the tightened S4 (old generator, SC1 -> SC0 reset wiring only). */
    private static Schedule issueSeed(long chassisSeed, long fdt, long faultsEnd, long end, Action... actions) {
        ChassisConfig cc = ChassisConfig.defaults().toBuilder().seed(chassisSeed)
                .initialState(InitialState.RUNNING_SC0_LEADS).resetWired(ScId.SC0, false).build();
        return new Schedule("regression", chassisSeed, cc, fdt, List.of(actions), faultsEnd, end);
    }

    /**
     * --seed 141662 (round 1): SC1's NIC goes down and its heartbeat line is cut while SC0 restarts;
     * SC0, with no reset line, claims by the silent path and becomes MAIN while SC1 is a running
     * SPARE. Checker bug: SC1 could not be heard at all (NIC down, line cut), so it was absent
     * from SC0's side, and it could not act either (its own carrier down: a local fault). Also a
     * protocol bug the new EPOCH rule names: the restarted SC0 claimed epoch 1 again, which it had
     * held before its restart; it now boots in its persisted epoch and claims above it.
     */
    @Test
    void seed141662SilentClaimPastAnUnreachableSpareAndAnEpochThatRepeated() {
        RunResult r = run(issueSeed(383994114690224539L, S, 13 * S, 39 * S,
                new Action.StartSoftware(0, ScId.SC1),
                new Action.StartSoftware(22924015L, ScId.SC0),
                new Action.InjectFault(710258678L, new Fault.RemoveBoard(0)),
                new Action.InjectFault(1926561101L, new Fault.Partition(LinkDirection.BOTH)),
                new Action.InjectFault(2399482378L, new Fault.Stall(ScId.SC1, Duration.ofMillis(2494))),
                new Action.StartSoftware(2812473795L, ScId.SC0),
                new Action.InjectFault(2942664466L, new Fault.IntermittentBus(ScId.SC0, 15, 0.4763895729602107,
                        I2cErrorKind.TIMEOUT)),
                new Action.InjectFault(2943266811L, new Fault.NicDown(ScId.SC1)),
                new Action.InjectFault(5375089341L, new Fault.CutHeartbeat(ScId.SC1)),
                new Action.OperatorCommand(11730917009L, ScId.SC1, Op.FAILOVER_FORCE)));
        List<Long> claims = roles(r, ScId.SC0, Role.BECOMING_MAIN).stream().map(TraceEvent::b).toList();
        for (int i = 1; i < claims.size(); i++) {
            assertTrue(claims.get(i) > claims.get(i - 1), () -> "SC0's claims " + claims);
        }
        assertTrue(roles(r, ScId.SC0, Role.MAIN).stream().anyMatch(e -> e.time() > 3 * S), "the silent path was taken");
    }

    /** --seed 160387 (round 1): the same class: SC1's NIC down and heartbeat cut, SC0 restarts and claims silently. */
    @Test
    void seed160387SilentClaimPastASpareWhoseNicIsDown() {
        run(issueSeed(7039904870012834997L, S, 13 * S, 39 * S,
                new Action.StartSoftware(0, ScId.SC0),
                new Action.InjectFault(817146006L, new Fault.StopNack(8)),
                new Action.InjectFault(847236216L, new Fault.CutHeartbeat(ScId.SC1)),
                new Action.InjectFault(1043232236L, new Fault.InsertBoard(17)),
                new Action.StartSoftware(1872293547L, ScId.SC1),
                new Action.InjectFault(3118252714L, new Fault.NicDown(ScId.SC1)),
                new Action.StartSoftware(7091902441L, ScId.SC0)));
    }

    /** --seed 39686 --fdt 100ms (round 1): the same class at FDT 100 ms, with a stall of SC0 on top. */
    @Test
    void seed39686At100msSilentClaimPastAnUnreachableSpare() {
        run(issueSeed(-6667249458046757220L, S / 10, 4 * S, 12 * S,
                new Action.StartSoftware(0, ScId.SC0),
                new Action.StartSoftware(3695060L, ScId.SC1),
                new Action.InjectFault(170720235L, new Fault.NicDown(ScId.SC1)),
                new Action.InjectFault(1058541686L, new Fault.Stall(ScId.SC0, Duration.ofMillis(833))),
                new Action.InjectFault(1771119691L, new Fault.StopNack(10)),
                new Action.InjectFault(2687923418L, new Fault.CutHeartbeat(ScId.SC1))));
    }

    /** Checker: a claim and its MAIN came in one step (the peer's clock gone); the takeover's log follows the role report. */
    @Test
    void claimAndMainInOneStepAreJudgedWithTheirLog() {
        RunResult r = run(seed1());
        assertTrue(r.health().stream().anyMatch(h -> h.sc() == ScId.SC1 && h.event().kind() == HealthEvent.Kind.DEAD_MAIN_TAKEOVER
                && h.event().detail() instanceof HealthEvent.Detail.Takeover t
                && t.evidence() == HealthEvent.Detail.Takeover.Evidence.CLOCK_ABSENT));
    }

    /** Protocol: a claim past a peer last heard claiming (not MAIN) is no takeover of a MAIN, so failover off does not stop it. */
    @Test
    void anElectionPastAClaimingPeerIsNoFailover() {
        run(seed748());
    }

    /** Checker: SC0 became MAIN on an ack that SC1 sent just before restarting, over a 0.5 s link. */
    @Test
    void anAckStillInFlightWhenItsSenderRestarted() {
        run(seed1693());
    }

    /**
     * Protocol (S5, seen dead vs was dead): SC0 restarted, heard SC1's heartbeat but no frame
     * (partition), and with priority-1 out of sync claimed and fenced SC1, a live MAIN. It now
     * waits (TAKEOVER_DEFERRED) while a MAIN it cannot confirm may be alive and sync is off.
     */
    @Test
    void noClaimPastAnUnconfirmedLiveMainWhileOutOfSync() {
        RunResult r = run(seed141());
        assertTrue(roles(r, ScId.SC0, Role.MAIN).stream().noneMatch(e -> e.time() > 5171136867L && e.time() < 10421652086L));
        assertTrue(r.health().stream().anyMatch(h -> h.event().kind() == HealthEvent.Kind.TAKEOVER_DEFERRED));
    }

    /** Checker: a HANDOVER delayed past its deadline by a partition on a 1.9 s link made SC1 MAIN while SC0 had begun a claim. */
    @Test
    void aHandoverThatArrivedAfterItsSenderGaveUp() {
        run(seed5869());
    }

    /**
     * Protocol: on a 2.1-2.7 s link, SC0 booted, heard SPARE frames that SC1 had sent before it
     * became MAIN, claimed, and fenced SC1 after FDT/2 without logging a takeover. The claim now
     * waits two round trips of what the link delivers, and a frame from a MAIN makes a claimant yield.
     */
    @Test
    void aSlowLinksStaleFramesDoNotGetALiveMainFenced() {
        RunResult r = run(seed5674());
        assertTrue(r.trace().stream().noneMatch(e -> e.kind() == TraceEvent.Kind.RESET_ASSERT && e.a() == 0
                && e.time() > 13 * S), "SC1, MAIN since 11.3 s, is not fenced by the rebooted SC0");
        assertEquals(ScId.SC1, r.finalMain());
    }

    /**
     * Protocol: over a 30-206 ms link at FDT 100 ms a HANDOVER in flight reached SC1 after it had
     * taken that very handover and restarted: it became MAIN again in an epoch it had held. A
     * HANDOVER into an epoch at or below our persisted one is now stale.
     */
    @Test
    void aHandoverIntoAnEpochWeHeldIsStale() {
        run(seed203971At100ms());
    }

    /** Checker: SC0 became MAIN on an ack from SC1's previous incarnation; SC1 had restarted and was SPARE of an older epoch. */
    @Test
    void anAckFromThePeersPreviousIncarnationOnASlowLink() {
        run(seed207636At100ms());
    }

    /** The same stale handover at FDT 250 ms. */
    @Test
    void aStaleHandoverAt250ms() {
        run(seed301873At250ms());
    }

    // ---- Round 2's S4 seeds (1,000,000 schedules at FDT 1 s): all six were the checker's. It
    // judged "a frame could have arrived" with the link latency in force at the verdict, not the
    // one the frame was sent with; the latency had fallen since (four of them at faultsEnd, where
    // every fault heals and the link drops back to 1 ms) or risen (a gap in the arrivals). The
    // checker now keeps the latency's history (SignalPaths). In each the protocol acted on what
    // was true when sent, and no second MAIN followed (S1 holds throughout).

    private static TraceEvent firstRole(RunResult r, ScId sc, Role role, long epoch) {
        return roles(r, sc, role).stream().filter(e -> e.b() == epoch).findFirst()
                .orElseThrow(() -> new AssertionError(sc + " never " + role + " in epoch " + epoch));
    }

    /**
     * --seed 277064: SC1 (no reset line) claimed alone at 1.0 s, heard nothing and became MAIN on
     * the silent path at 3.4 s, while SC0, started at 1.64 s, was claiming over a 1.65 s link: its
     * first frame, sent at 1.84 s, arrived at 3.50 s. The latency fell to 0.70 s at 3.36 s, and
     * the checker took SC0's frames in flight to be that fast. Checker. The two concurrent claims
     * were looked at: SC0 could have become MAIN only by SC1's ack (a MAIN does not ack) or by its
     * fence (which ends SC1's authority); it heard SC1's MAIN pong and followed it.
     */
    @Test
    void seed277064AClaimStillInFlightWhenTheLatencyFell() {
        RunResult r = run(seed277064());
        assertEquals(3_400_000_000L, firstRole(r, ScId.SC1, Role.MAIN, 1).time(), "SC1 MAIN on the silent path");
        assertTrue(firstRole(r, ScId.SC0, Role.SPARE, 1).time() > 3_497_000_000L, "SC0 follows once it hears the MAIN");
        assertTrue(roles(r, ScId.SC0, Role.MAIN).isEmpty(), "the claimant SC0 never became MAIN");
        assertEquals(ScId.SC1, r.finalMain());
    }

    /**
     * --seed 472380: SC0 handed over at 9.04 s (SPARE of epoch 2) to SC1, whose NIC had gone down;
     * the handover nobody took ended at 12.18 s and SC0 claimed epoch 3. At faultsEnd (13.0 s) SC1's
     * NIC came back and a HANDOVER SC0 had sent at 11.98 s over a 1.02 s link arrived: SC1 became
     * MAIN in epoch 2 while SC0 was claiming epoch 3; the link had just fallen to 1 ms. Checker: the
     * handover was true when sent. The claimant could not have become MAIN alongside: no ack comes
     * from a MAIN, its fence would end SC1's term, and it followed SC1's first frame (SET_FOLLOWER).
     */
    @Test
    void seed472380AHandoverInFlightWhileItsSenderClaimedAgain() {
        RunResult r = run(seed472380());
        long main = firstRole(r, ScId.SC1, Role.MAIN, 2).time();
        assertTrue(main > 13_000_000_000L && main < 13_002_000_000L, "SC1 MAIN by the late handover at " + main);
        assertTrue(firstRole(r, ScId.SC0, Role.BECOMING_MAIN, 3).time() < main, "SC0 was claiming epoch 3 meanwhile");
        assertTrue(roles(r, ScId.SC0, Role.MAIN).stream().noneMatch(e -> e.b() == 3), "SC0's claim never made it MAIN");
        assertTrue(roles(r, ScId.SC0, Role.SPARE).stream().anyMatch(e -> e.b() == 2 && e.time() > main && e.time() < main + 10_000_000L),
                "SC0 followed SC1 at once");
        assertEquals(ScId.SC1, r.finalMain());
    }

    /**
     * --seed 140523: the link's latency rose from 1 ms to 2.9 s at 7.47 s and SC1's heartbeat was
     * cut at 7.71 s; SC0 (SPARE, no reset line) saw the MAIN dead, went silent at 8.54 s and became
     * MAIN at 10.44 s. Nothing SC1 sent after 7.47 s could arrive before 10.33 s (its restart at
     * 9.49 s included), a gap the checker did not see because it judged old frames with the new
     * latency. Checker. SC1, restarted, then fenced SC0 and took over (12.29 s).
     */
    @Test
    void seed140523ARisingLatencyLeavesAGapInTheArrivals() {
        RunResult r = run(seed140523());
        assertEquals(10_436_310_730L, firstRole(r, ScId.SC0, Role.MAIN, 2).time());
        assertEquals(ScId.SC1, r.finalMain());
    }

    /** --seed 554893: SC0 MAIN at 13.01 s on an ack SC1 sent at 12.31 s over a 0.70 s link, before SC1 restarted (12.86 s). Checker. */
    @Test
    void seed554893AnAckInFlightWhenTheLinkHealedAtFaultsEnd() {
        RunResult r = run(seed554893());
        long main = firstRole(r, ScId.SC0, Role.MAIN, 3).time();
        assertTrue(main > 13_000_000_000L, "after the heal at " + main);
        assertTrue(firstRole(r, ScId.SC1, Role.SPARE, 3).time() > main);
    }

    /** --seed 836825: SC1 MAIN at 13.06 s on an ack SC0 sent before it restarted (12.90 s), over a link of up to 1.0 s. Checker. */
    @Test
    void seed836825AnAckInFlightFromAPeerThatRestarted() {
        RunResult r = run(seed836825());
        long main = firstRole(r, ScId.SC1, Role.MAIN, 2).time();
        assertTrue(main > 13_000_000_000L, "after the heal at " + main);
        assertTrue(firstRole(r, ScId.SC0, Role.SPARE, 2).time() > main);
    }

    /**
     * --seed 974212: SC1 handed over at 10.47 s over a 2.6 s link and was reset at 12.50 s; the
     * HANDOVER arrived at 13.07 s, after the link had healed to 1 ms, and SC0 became MAIN. Checker.
     */
    @Test
    void seed974212AHandoverInFlightFromAPeerThatWasReset() {
        RunResult r = run(seed974212());
        assertEquals(13_067_768_479L, firstRole(r, ScId.SC0, Role.MAIN, 2).time());
        assertEquals(ScId.SC0, r.finalMain());
    }

    private static Schedule seed1() {
        ChassisConfig cc = ChassisConfig.defaults().toBuilder().seed(-7995527694508729151L)
                .initialState(InitialState.COLD).resetWired(ScId.SC0, true).resetWired(ScId.SC1, false)
                .peerLinkLatency(new DurationRange(Duration.ofNanos(200000L), Duration.ofNanos(1000000L))).build();
        List<Action> actions = List.of(
                new Action.StartSoftware(0L, ScId.SC1),
                new Action.StartSoftware(0L, ScId.SC0),
                new Action.InjectFault(14329777L, new Fault.RestoreHeartbeat(ScId.SC0)),
                new Action.StartSoftware(1137393871L, ScId.SC1),
                new Action.InjectFault(5749351935L, new Fault.PowerOff(ScId.SC0)),
                new Action.InjectFault(8125727822L, new Fault.StopNack(8)),
                new Action.StartSoftware(9667944405L, ScId.SC1));
        return new Schedule("regression", 1, cc, 1000000000L, actions, 13000000000L, 39008000000L, true);
    }

    private static Schedule seed748() {
        ChassisConfig cc = ChassisConfig.defaults().toBuilder().seed(6909378789941552321L)
                .initialState(InitialState.RUNNING_SC0_LEADS).resetWired(ScId.SC0, true).resetWired(ScId.SC1, false)
                .peerLinkLatency(new DurationRange(Duration.ofNanos(1809071317L), Duration.ofNanos(1809071317L))).build();
        List<Action> actions = List.of(
                new Action.StartSoftware(0L, ScId.SC1),
                new Action.StartSoftware(1869482774L, ScId.SC0),
                new Action.StartSoftware(3267455085L, ScId.SC1),
                new Action.OperatorCommand(3448994216L, ScId.SC0, Op.FAILOVER_OFF),
                new Action.StartSoftware(3860433305L, ScId.SC0),
                new Action.StartSoftware(6148203804L, ScId.SC1),
                new Action.OperatorCommand(6290984877L, ScId.SC0, Op.FAILOVER_OFF),
                new Action.OperatorCommand(7802677778L, ScId.SC1, Op.FAILOVER_OFF),
                new Action.StartSoftware(7912978356L, ScId.SC0),
                new Action.InjectFault(8359690298L, new Fault.CutHeartbeat(ScId.SC0)),
                new Action.InjectFault(8359690298L, new Fault.CutHeartbeat(ScId.SC1)),
                new Action.InjectFault(10693223852L, new Fault.RestoreHeartbeat(ScId.SC0)),
                new Action.InjectFault(10693223852L, new Fault.RestoreHeartbeat(ScId.SC1)));
        return new Schedule("regression", 748, cc, 1000000000L, actions, 13000000000L, 53472570536L, false);
    }

    private static Schedule seed1693() {
        ChassisConfig cc = ChassisConfig.defaults().toBuilder().seed(5550822588779068731L)
                .initialState(InitialState.COLD).resetWired(ScId.SC0, false).resetWired(ScId.SC1, true)
                .peerLinkLatency(new DurationRange(Duration.ofNanos(493382585L), Duration.ofNanos(493382585L))).build();
        List<Action> actions = List.of(
                new Action.StartSoftware(0L, ScId.SC1),
                new Action.StartSoftware(39969388L, ScId.SC0),
                new Action.StartSoftware(1610782552L, ScId.SC1),
                new Action.InjectFault(4056824070L, new Fault.Partition(LinkDirection.BOTH)),
                new Action.InjectFault(4782827380L, new Fault.NicUp(ScId.SC1)),
                new Action.InjectFault(4924228567L, new Fault.PowerOn(ScId.SC0)),
                new Action.InjectFault(5982611004L, new Fault.HealPartition(LinkDirection.BOTH)),
                new Action.InjectFault(6416412439L, new Fault.StopNack(8)),
                new Action.OperatorCommand(8174450568L, ScId.SC0, Op.FAILOVER_FORCE),
                new Action.StartSoftware(9124041931L, ScId.SC0),
                new Action.StartSoftware(11819241262L, ScId.SC0),
                new Action.StartSoftware(12278772799L, ScId.SC0));
        return new Schedule("regression", 1693, cc, 1000000000L, actions, 13000000000L, 42947060680L, true);
    }

    private static Schedule seed141() {
        ChassisConfig cc = ChassisConfig.defaults().toBuilder().seed(-5267539713925328420L)
                .initialState(InitialState.RUNNING_SC0_LEADS).resetWired(ScId.SC0, true).resetWired(ScId.SC1, true)
                .peerLinkLatency(new DurationRange(Duration.ofNanos(200000L), Duration.ofNanos(1000000L))).build();
        List<Action> actions = List.of(
                new Action.StartSoftware(0L, ScId.SC1),
                new Action.InjectFault(1078434401L, new Fault.Stall(ScId.SC0, Duration.ofNanos(2029087462L))),
                new Action.InjectFault(3648600867L, new Fault.Partition(LinkDirection.BOTH)),
                new Action.StartSoftware(4644443335L, ScId.SC0),
                new Action.OperatorCommand(4703713325L, ScId.SC1, Op.FAILOVER_FORCE),
                new Action.Sync(5171136867L, false),
                new Action.InjectFault(9928748337L, new Fault.PowerOff(ScId.SC1)),
                new Action.Sync(10421652086L, true),
                new Action.InjectFault(11018896256L, new Fault.NicDown(ScId.SC0)),
                new Action.InjectFault(12336026862L, new Fault.RestoreHeartbeat(ScId.SC1)));
        return new Schedule("regression", 141, cc, 1000000000L, actions, 13000000000L, 39008000000L, true);
    }

    private static Schedule seed5869() {
        ChassisConfig cc = ChassisConfig.defaults().toBuilder().seed(1110660357981418644L)
                .initialState(InitialState.COLD).resetWired(ScId.SC0, true).resetWired(ScId.SC1, false)
                .peerLinkLatency(new DurationRange(Duration.ofNanos(1915098975L), Duration.ofNanos(1915098975L))).build();
        List<Action> actions = List.of(
                new Action.StartSoftware(0L, ScId.SC1),
                new Action.StartSoftware(2790644L, ScId.SC0),
                new Action.StartSoftware(1303740930L, ScId.SC0),
                new Action.OperatorCommand(6723831311L, ScId.SC0, Op.FAILOVER_FORCE),
                new Action.InjectFault(7930509159L, new Fault.UnhangBus(ScId.SC0, 14)),
                new Action.InjectFault(8305645945L, new Fault.Partition(LinkDirection.BOTH)));
        return new Schedule("regression", 5869, cc, 1000000000L, actions, 13000000000L, 54320791800L, true);
    }

    private static Schedule seed5674() {
        ChassisConfig cc = ChassisConfig.defaults().toBuilder().seed(-4357081156087632582L)
                .initialState(InitialState.COLD).resetWired(ScId.SC0, true).resetWired(ScId.SC1, true)
                .peerLinkLatency(new DurationRange(Duration.ofNanos(2087899511L), Duration.ofNanos(2697355359L))).build();
        List<Action> actions = List.of(
                new Action.StartSoftware(0L, ScId.SC0),
                new Action.StartSoftware(0L, ScId.SC1),
                new Action.InjectFault(7992705045L, new Fault.PowerOff(ScId.SC0)));
        return new Schedule("regression", 5674, cc, 1000000000L, actions, 13000000000L, 60578842872L, false);
    }

    private static Schedule seed203971At100ms() {
        ChassisConfig cc = ChassisConfig.defaults().toBuilder().seed(-8939988463420653328L)
                .initialState(InitialState.COLD).resetWired(ScId.SC0, false).resetWired(ScId.SC1, true)
                .peerLinkLatency(new DurationRange(Duration.ofNanos(30540330L), Duration.ofNanos(206206246L))).build();
        List<Action> actions = List.of(
                new Action.StartSoftware(0L, ScId.SC1),
                new Action.StartSoftware(45129138L, ScId.SC0),
                new Action.StartSoftware(46648103L, ScId.SC0),
                new Action.StartSoftware(52420485L, ScId.SC1),
                new Action.InjectFault(828703090L, new Fault.Partition(LinkDirection.BOTH)),
                new Action.InjectFault(973607644L, new Fault.HealPartition(LinkDirection.BOTH)),
                new Action.InjectFault(1179358817L, new Fault.Reset(ScId.SC0, Duration.ofNanos(168000000L))),
                new Action.InjectFault(1507798753L, new Fault.NackDevice(2)),
                new Action.StartSoftware(1815174239L, ScId.SC1),
                new Action.InjectFault(1842169729L, new Fault.CutHeartbeat(ScId.SC0)),
                new Action.OperatorCommand(2383359836L, ScId.SC0, Op.FAILOVER_FORCE),
                new Action.OperatorCommand(2429943558L, ScId.SC0, Op.FAILOVER_OFF),
                new Action.OperatorCommand(2430342373L, ScId.SC1, Op.FAILOVER_OFF),
                new Action.StartSoftware(2479971441L, ScId.SC1),
                new Action.StartSoftware(2547812438L, ScId.SC0),
                new Action.StartSoftware(2571380943L, ScId.SC1),
                new Action.OperatorCommand(3366920411L, ScId.SC1, Op.FAILOVER_OFF));
        return new Schedule("regression", 203971, cc, 100000000L, actions, 4000000000L, 13649649968L, false);
    }

    private static Schedule seed207636At100ms() {
        ChassisConfig cc = ChassisConfig.defaults().toBuilder().seed(8568741766795163219L)
                .initialState(InitialState.RUNNING_SC0_LEADS).resetWired(ScId.SC0, true).resetWired(ScId.SC1, false)
                .peerLinkLatency(new DurationRange(Duration.ofNanos(23070119L), Duration.ofNanos(104597176L))).build();
        List<Action> actions = List.of(
                new Action.StartSoftware(0L, ScId.SC0),
                new Action.StartSoftware(696802302L, ScId.SC1),
                new Action.OperatorCommand(2197787161L, ScId.SC0, Op.FAILOVER_ON),
                new Action.InjectFault(2884772532L, new Fault.NicUp(ScId.SC1)),
                new Action.OperatorCommand(3025596020L, ScId.SC0, Op.FAILOVER_ON),
                new Action.StartSoftware(3863383222L, ScId.SC0),
                new Action.StartSoftware(3943727572L, ScId.SC1),
                new Action.StartSoftware(4317207674L, ScId.SC1));
        return new Schedule("regression", 207636, cc, 100000000L, actions, 4000000000L, 12836777408L, true);
    }

    private static Schedule seed301873At250ms() {
        ChassisConfig cc = ChassisConfig.defaults().toBuilder().seed(3064867332195447284L)
                .initialState(InitialState.RUNNING_SC0_LEADS).resetWired(ScId.SC0, true).resetWired(ScId.SC1, true)
                .peerLinkLatency(new DurationRange(Duration.ofNanos(200000L), Duration.ofNanos(1000000L))).build();
        List<Action> actions = List.of(
                new Action.StartSoftware(0L, ScId.SC0),
                new Action.InjectFault(869182595L, new Fault.HealPartition(LinkDirection.SC0_TO_SC1)),
                new Action.InjectFault(1298183830L, new Fault.LinkLatency(null, new DurationRange(Duration.ofNanos(10245664L), Duration.ofNanos(609168722L)))),
                new Action.StartSoftware(1615099191L, ScId.SC1),
                new Action.OperatorCommand(2480177918L, ScId.SC0, Op.FAILOVER_ON),
                new Action.StartSoftware(3108786433L, ScId.SC1),
                new Action.OperatorCommand(3243629585L, ScId.SC0, Op.FAILOVER_FORCE),
                new Action.InjectFault(3267011399L, new Fault.RemoveBoard(16)),
                new Action.StartSoftware(3588196015L, ScId.SC1),
                new Action.InjectFault(4902161285L, new Fault.InsertBoard(7)),
                new Action.OperatorCommand(5138382809L, ScId.SC1, Op.FAILOVER_ON));
        return new Schedule("regression", 301873, cc, 250000000L, actions, 5500000000L, 16508000000L, true);
    }

    private static Schedule seed140523() {
        ChassisConfig cc = ChassisConfig.defaults().toBuilder().seed(4641260946346918421L)
                .initialState(InitialState.RUNNING_SC0_LEADS).resetWired(ScId.SC0, false).resetWired(ScId.SC1, true)
                .peerLinkLatency(new DurationRange(Duration.ofNanos(200000L), Duration.ofNanos(1000000L))).build();
        List<Action> actions = List.of(
                new Action.StartSoftware(0L, ScId.SC1),
                new Action.StartSoftware(3191850489L, ScId.SC0),
                new Action.InjectFault(11357136479L, new Fault.Partition(LinkDirection.SC0_TO_SC1)),
                new Action.InjectFault(9644457186L, new Fault.IntermittentBus(ScId.SC1, 0, 0.34658652793727734, I2cErrorKind.ARBITRATION_LOST)),
                new Action.InjectFault(7465115292L, new Fault.LinkLatency(null, new DurationRange(Duration.ofNanos(2863242154L), Duration.ofNanos(2908252141L)))),
                new Action.InjectFault(2935954282L, new Fault.NackDevice(4)),
                new Action.InjectFault(2333331221L, new Fault.CutHeartbeat(ScId.SC1)),
                new Action.InjectFault(7713233281L, new Fault.CutHeartbeat(ScId.SC1)),
                new Action.StartSoftware(9488562840L, ScId.SC1),
                new Action.StartSoftware(4536310730L, ScId.SC0),
                new Action.Sync(12312278875L, false),
                new Action.Sync(12849089258L, true));
        return new Schedule("regression", 140523, cc, 1000000000L, actions, 13000000000L, 39008000000L, true);
    }

    private static Schedule seed277064() {
        ChassisConfig cc = ChassisConfig.defaults().toBuilder().seed(-6026912374771391501L)
                .initialState(InitialState.COLD).resetWired(ScId.SC0, true).resetWired(ScId.SC1, false)
                .peerLinkLatency(new DurationRange(Duration.ofNanos(1653348041L), Duration.ofNanos(1653348041L))).build();
        List<Action> actions = List.of(
                new Action.StartSoftware(0L, ScId.SC1),
                new Action.StartSoftware(1644544392L, ScId.SC0),
                new Action.InjectFault(10912212972L, new Fault.Partition(LinkDirection.SC0_TO_SC1)),
                new Action.InjectFault(3356629544L, new Fault.LinkLatency(null, new DurationRange(Duration.ofNanos(698891427L), Duration.ofNanos(698891427L)))),
                new Action.InjectFault(3273232857L, new Fault.PowerOn(ScId.SC1)),
                new Action.InjectFault(1050236115L, new Fault.CutHeartbeat(ScId.SC0)),
                new Action.InjectFault(3674472348L, new Fault.RestoreHeartbeat(ScId.SC1)),
                new Action.StartSoftware(9104819574L, ScId.SC0),
                new Action.InjectFault(22594484L, new Fault.Partition(LinkDirection.BOTH)),
                new Action.InjectFault(136992294L, new Fault.HealPartition(LinkDirection.BOTH)),
                new Action.InjectFault(251390104L, new Fault.Partition(LinkDirection.BOTH)),
                new Action.InjectFault(357475687L, new Fault.HealPartition(LinkDirection.BOTH)),
                new Action.InjectFault(463561270L, new Fault.Partition(LinkDirection.BOTH)),
                new Action.InjectFault(515878419L, new Fault.HealPartition(LinkDirection.BOTH)),
                new Action.InjectFault(568195568L, new Fault.Partition(LinkDirection.BOTH)),
                new Action.InjectFault(670065136L, new Fault.HealPartition(LinkDirection.BOTH)),
                new Action.InjectFault(771934705L, new Fault.Partition(LinkDirection.BOTH)),
                new Action.InjectFault(836692582L, new Fault.HealPartition(LinkDirection.BOTH)),
                new Action.InjectFault(901450459L, new Fault.Partition(LinkDirection.BOTH)),
                new Action.InjectFault(1007230137L, new Fault.HealPartition(LinkDirection.BOTH)));
        return new Schedule("regression", 277064, cc, 1000000000L, actions, 13000000000L, 52226784328L, true);
    }

    private static Schedule seed472380() {
        ChassisConfig cc = ChassisConfig.defaults().toBuilder().seed(-5470884848659666749L)
                .initialState(InitialState.RUNNING_SC0_LEADS).resetWired(ScId.SC0, true).resetWired(ScId.SC1, false)
                .peerLinkLatency(new DurationRange(Duration.ofNanos(200000L), Duration.ofNanos(1000000L))).build();
        List<Action> actions = List.of(
                new Action.StartSoftware(0L, ScId.SC1),
                new Action.StartSoftware(277083774L, ScId.SC0),
                new Action.InjectFault(4901501143L, new Fault.LinkLatency(ScId.SC0, new DurationRange(Duration.ofNanos(1024473458L), Duration.ofNanos(1024473458L)))),
                new Action.InjectFault(8939017675L, new Fault.NicDown(ScId.SC1)),
                new Action.InjectFault(355130099L, new Fault.CutHeartbeat(ScId.SC0)),
                new Action.InjectFault(3669418111L, new Fault.RestoreHeartbeat(ScId.SC0)),
                new Action.InjectFault(355130099L, new Fault.CutHeartbeat(ScId.SC1)),
                new Action.InjectFault(3669418111L, new Fault.RestoreHeartbeat(ScId.SC1)),
                new Action.InjectFault(7553250901L, new Fault.Partition(LinkDirection.SC1_TO_SC0)),
                new Action.InjectFault(7682527830L, new Fault.HealPartition(LinkDirection.SC1_TO_SC0)),
                new Action.InjectFault(7811804759L, new Fault.Partition(LinkDirection.SC1_TO_SC0)),
                new Action.InjectFault(7939405355L, new Fault.HealPartition(LinkDirection.SC1_TO_SC0)),
                new Action.InjectFault(8067005952L, new Fault.Partition(LinkDirection.SC1_TO_SC0)),
                new Action.InjectFault(8134827212L, new Fault.HealPartition(LinkDirection.SC1_TO_SC0)),
                new Action.InjectFault(8202648472L, new Fault.Partition(LinkDirection.SC1_TO_SC0)),
                new Action.InjectFault(8321086586L, new Fault.HealPartition(LinkDirection.SC1_TO_SC0)),
                new Action.InjectFault(8439524701L, new Fault.Partition(LinkDirection.SC1_TO_SC0)),
                new Action.InjectFault(8538703337L, new Fault.HealPartition(LinkDirection.SC1_TO_SC0)),
                new Action.InjectFault(8637881973L, new Fault.Partition(LinkDirection.SC1_TO_SC0)),
                new Action.InjectFault(8785311675L, new Fault.HealPartition(LinkDirection.SC1_TO_SC0)),
                new Action.InjectFault(8932741378L, new Fault.Partition(LinkDirection.SC1_TO_SC0)),
                new Action.InjectFault(9052044611L, new Fault.HealPartition(LinkDirection.SC1_TO_SC0)),
                new Action.InjectFault(9171347845L, new Fault.Partition(LinkDirection.SC1_TO_SC0)),
                new Action.InjectFault(9242227825L, new Fault.HealPartition(LinkDirection.SC1_TO_SC0)),
                new Action.InjectFault(9313107806L, new Fault.Partition(LinkDirection.SC1_TO_SC0)),
                new Action.InjectFault(9445037850L, new Fault.HealPartition(LinkDirection.SC1_TO_SC0)),
                new Action.InjectFault(9576967894L, new Fault.Partition(LinkDirection.SC1_TO_SC0)),
                new Action.InjectFault(9680614162L, new Fault.HealPartition(LinkDirection.SC1_TO_SC0)),
                new Action.OperatorCommand(9037315592L, ScId.SC0, Op.FAILOVER_FORCE));
        return new Schedule("regression", 472380, cc, 1000000000L, actions, 13000000000L, 39008000000L, true);
    }

    private static Schedule seed554893() {
        ChassisConfig cc = ChassisConfig.defaults().toBuilder().seed(-4314646881592253881L)
                .initialState(InitialState.COLD).resetWired(ScId.SC0, true).resetWired(ScId.SC1, false)
                .peerLinkLatency(new DurationRange(Duration.ofNanos(200000L), Duration.ofNanos(1000000L))).build();
        List<Action> actions = List.of(
                new Action.StartSoftware(0L, ScId.SC1),
                new Action.StartSoftware(0L, ScId.SC0),
                new Action.InjectFault(3044626610L, new Fault.HangBus(ScId.SC1, 5)),
                new Action.InjectFault(4135322190L, new Fault.NackDevice(9)),
                new Action.InjectFault(1370060965L, new Fault.NicUp(ScId.SC1)),
                new Action.InjectFault(9816008161L, new Fault.NicUp(ScId.SC1)),
                new Action.InjectFault(9762241625L, new Fault.LinkLatency(ScId.SC1, new DurationRange(Duration.ofNanos(704992374L), Duration.ofNanos(704992374L)))),
                new Action.InjectFault(3389808793L, new Fault.NackDevice(0)),
                new Action.StartSoftware(2772981170L, ScId.SC0),
                new Action.StartSoftware(6329773929L, ScId.SC1),
                new Action.StartSoftware(12105702508L, ScId.SC0),
                new Action.StartSoftware(12863632994L, ScId.SC1),
                new Action.StartSoftware(4670161328L, ScId.SC1),
                new Action.OperatorCommand(10093824686L, ScId.SC1, Op.FAILOVER_FORCE),
                new Action.InjectFault(10286625580L, new Fault.RemoveBoard(7)),
                new Action.InjectFault(10767330891L, new Fault.InsertBoard(7)));
        return new Schedule("regression", 554893, cc, 1000000000L, actions, 13000000000L, 39008000000L, false);
    }

    private static Schedule seed836825() {
        ChassisConfig cc = ChassisConfig.defaults().toBuilder().seed(-2933284141934171793L)
                .initialState(InitialState.COLD).resetWired(ScId.SC0, false).resetWired(ScId.SC1, true)
                .peerLinkLatency(new DurationRange(Duration.ofNanos(200000L), Duration.ofNanos(1000000L))).build();
        List<Action> actions = List.of(
                new Action.StartSoftware(0L, ScId.SC0),
                new Action.StartSoftware(0L, ScId.SC1),
                new Action.InjectFault(4101846326L, new Fault.PowerOn(ScId.SC1)),
                new Action.InjectFault(12741541238L, new Fault.StopNack(9)),
                new Action.InjectFault(11718958219L, new Fault.RemoveBoard(11)),
                new Action.InjectFault(5656008002L, new Fault.LinkLatency(null, new DurationRange(Duration.ofNanos(382735065L), Duration.ofNanos(1003761415L)))),
                new Action.InjectFault(354969952L, new Fault.Reset(ScId.SC0, Duration.ofNanos(1095000000L))),
                new Action.InjectFault(9841413944L, new Fault.LinkLatency(ScId.SC1, new DurationRange(Duration.ofNanos(788093011L), Duration.ofNanos(788093011L)))),
                new Action.StartSoftware(12895210504L, ScId.SC0),
                new Action.StartSoftware(13888283665L, ScId.SC1),
                new Action.StartSoftware(2049983086L, ScId.SC0),
                new Action.StartSoftware(10283582808L, ScId.SC0),
                new Action.StartSoftware(10567019324L, ScId.SC1));
        return new Schedule("regression", 836825, cc, 1000000000L, actions, 13000000000L, 39008000000L, true);
    }

    private static Schedule seed974212() {
        ChassisConfig cc = ChassisConfig.defaults().toBuilder().seed(-1895904329577984103L)
                .initialState(InitialState.COLD).resetWired(ScId.SC0, false).resetWired(ScId.SC1, true)
                .peerLinkLatency(new DurationRange(Duration.ofNanos(200000L), Duration.ofNanos(1000000L))).build();
        List<Action> actions = List.of(
                new Action.StartSoftware(0L, ScId.SC1),
                new Action.StartSoftware(4844934728L, ScId.SC0),
                new Action.InjectFault(7696337689L, new Fault.LinkLatency(ScId.SC1, new DurationRange(Duration.ofNanos(2601332517L), Duration.ofNanos(2601332517L)))),
                new Action.InjectFault(776837366L, new Fault.NicUp(ScId.SC1)),
                new Action.InjectFault(12500743404L, new Fault.Reset(ScId.SC1, Duration.ofNanos(162000000L))),
                new Action.OperatorCommand(10466435962L, ScId.SC1, Op.FAILOVER_FORCE),
                new Action.InjectFault(10526824432L, new Fault.RemoveBoard(0)),
                new Action.InjectFault(10537426337L, new Fault.InsertBoard(0)));
        return new Schedule("regression", 974212, cc, 1000000000L, actions, 13000000000L, 39008000000L, false);
    }
}

"""The campaign's scenarios (issue 10, 1-6), each a short script of steps on the Runner.

A scenario starts from a precondition ("cold": both SCs powered off and on, daemons not started,
boards stopped; "paired": one MAIN, one SPARE, every board on the MAIN's clock), injects its faults
with random timings drawn from the run's seed, calls faults_over() when the last fault is removed
and settle() to require, within the bound, exactly one MAIN and every reachable board on its
clock. judge.py then checks safety over the whole run. `short` marks the scenarios of the CI run.
"""


class Scenario:
    def __init__(self, name, pre, body, short, what):
        self.name, self.pre, self.body, self.short, self.what = name, pre, body, short, what


ALL = []


def scenario(name, pre="paired", short=True):
    def register(body):
        ALL.append(Scenario(name, pre, body, short, (body.__doc__ or "").strip()))
        return body
    return register


# ---- 1. start order and skew --------------------------------------------------------------------
@scenario("start-simultaneous", pre="cold")
def start_simultaneous(r, run):
    """Both daemons started in the same backplane tick (the seed's case): SC0 wins, SC1 yields."""
    r.ch.command("start 0")
    r.ch.command("start 1")
    r.ch.sync()
    r.faults_over()
    m = r.settle(need_spare=True)
    record_skew(r, run)
    skew = run.metrics.get("start_skew_s")
    # the daemons' JVMs may take different times to start: SC0 must win only a real tie
    if m != 0 and skew is not None and abs(skew) < r.fdt / 5:
        run.fail(f"simultaneous start ({skew:+.3f} s apart): SC{m} became MAIN, expected SC0 to win the tie")
    elif m != 0:
        run.notes.append(f"SC1 became MAIN: it began {-skew:.3f} s before SC0 (JVM start times), no tie")


def record_skew(r, run):
    """How far apart the two daemons really began (JVM start times vary on a loaded TCG guest)."""
    t0, t1 = r.started_at(0), r.started_at(1)
    if t0 is not None and t1 is not None:
        run.metrics["start_skew_s"] = round(t1 - t0, 3)   # > 0: SC0 began first


def start_skewed(r, run, first, skew):
    run.notes.append(f"SC{first} first, SC{1 - first} {skew:.3f} s later")
    r.start(first)
    r.sleep(skew)
    r.start(1 - first)
    r.faults_over()
    r.settle(need_spare=True)
    record_skew(r, run)


@scenario("start-sc0-first", pre="cold", short=False)
def start_sc0_first(r, run):
    """SC0 boots, SC1 follows 0.1 .. 3 FDT later."""
    start_skewed(r, run, 0, r.uniform(0.1, 3 * r.fdt))


@scenario("start-sc1-first", pre="cold")
def start_sc1_first(r, run):
    """SC1 boots, SC0 follows 0.1 .. 3 FDT later (SC0 must not take over a healthy SC1)."""
    start_skewed(r, run, 1, r.uniform(0.1, 3 * r.fdt))


@scenario("start-skew-small", pre="cold", short=False)
def start_skew_small(r, run):
    """Random order, 0 .. FDT/2 apart: the window where each may miss the other's first heartbeat."""
    start_skewed(r, run, r.rng.randrange(2), r.uniform(0, r.fdt / 2))


# ---- 2. kill -9 ---------------------------------------------------------------------------------------
def kill_main_and_measure(r, run):
    m = r.main()
    r.sleep(r.uniform(0, r.fdt))
    run.fault = dict(sc=m, t=r.signal(m, "KILL"))
    return m


@scenario("kill-main")
def kill_main(r, run):
    """kill -9 of the MAIN: the SPARE fences it and takes over within FDT + takeover time."""
    run.expect_takeover = True
    m = kill_main_and_measure(r, run)
    r.faults_over()
    if r.settle() == m:
        run.fail("the killed MAIN is MAIN again, no takeover happened")


@scenario("kill-spare")
def kill_spare(r, run):
    """kill -9 of the SPARE: the MAIN stays MAIN, nothing moves."""
    run.expect_takeover = False
    m = r.main()
    r.sleep(r.uniform(0, r.fdt))
    r.signal(1 - m, "KILL")
    r.sleep(3 * r.fdt)
    r.faults_over()
    if r.settle() != m:
        run.fail("the MAIN changed after the SPARE died")


@scenario("kill-main-programming")
def kill_main_programming(r, run):
    """kill -9 of the MAIN, then kill -9 of the new MAIN after its k-th SPLL write (mid-programming)."""
    m = r.main()
    k = r.rng.randrange(1, 10)
    run.notes.append(f"new MAIN SC{1 - m} killed after {k} select writes")
    survivor = r.ch.state()["pid"][1 - m]
    r.cmd(f"trigger {1 - m} KILL {k}")   # kit-i2c-stub kills it inside its k-th select write
    r.sleep(r.uniform(0, r.fdt))
    r.signal(m, "KILL")
    r.wait("the new MAIN killed mid-programming",
           lambda: any(e.kind == "proc" and f"exit pid={survivor} " in e.text + " " for e in r.ch.events.all) or None,
           r.settle_bound)
    r.faults_over()
    r.settle()


# ---- 3. the GC pause ------------------------------------------------------------------------------------
@scenario("stop-main")
def stop_main(r, run):
    """SIGSTOP of the MAIN for 3 x FDT, then SIGCONT: its lease lapses, it must not write after
    the SPARE took over (judged from the write log)."""
    run.expect_takeover = True
    m = r.main()
    r.sleep(r.uniform(0, r.fdt))
    run.fault = dict(sc=m, t=r.signal(m, "STOP"))
    r.sleep(3 * r.fdt)
    r.signal(m, "CONT")
    r.faults_over()
    r.settle()


# ---- 4. links and wires ------------------------------------------------------------------------------------
@scenario("link-primary-down")
def link_primary_down(r, run):
    """The primary peer link down for 2..4 FDT: traffic moves to the fallback, no failover."""
    run.expect_takeover = False
    m = r.main()
    r.link(m, "pri", False)
    r.sleep(r.uniform(2, 4) * r.fdt)
    r.link(m, "pri", True)
    r.faults_over()
    r.settle(need_spare=True)


@scenario("links-down")
def links_down(r, run):
    """Both peer links down, heartbeat up, for 2..4 FDT: the peer is alive, no failover."""
    run.expect_takeover = False
    m = r.main()
    r.link(m, "pri", False)
    r.link(m, "fbk", False)
    r.sleep(r.uniform(2, 4) * r.fdt)
    r.link(m, "pri", True)
    r.link(m, "fbk", True)
    r.faults_over()
    r.settle(need_spare=True)


@scenario("heartbeat-cut")
def heartbeat_cut(r, run):
    """Both heartbeat wires cut, links up, for 2..4 FDT: no failover."""
    run.expect_takeover = False
    r.cut(0, True)
    r.cut(1, True)
    r.sleep(r.uniform(2, 4) * r.fdt)
    r.cut(0, False)
    r.cut(1, False)
    r.faults_over()
    r.settle(need_spare=True)


@scenario("everything-cut")
def everything_cut(r, run):
    """Links and heartbeat wires all cut for 2..4 FDT: whatever the pair decides, it stays safe."""
    m = r.main()
    r.link(m, "pri", False)
    r.link(m, "fbk", False)
    r.cut(0, True)
    r.cut(1, True)
    r.sleep(r.uniform(2, 4) * r.fdt)
    r.cut(0, False)
    r.cut(1, False)
    r.link(m, "pri", True)
    r.link(m, "fbk", True)
    r.faults_over()
    r.settle()


# ---- 5. setfailover ----------------------------------------------------------------------------------------
@scenario("failover-off-kill-main")
def failover_off_kill_main(r, run):
    """failover off on the MAIN, kill -9 of the MAIN: no takeover for 3 FDT; failover on: takeover."""
    m = r.main()
    r.failover(m, "off")
    r.sleep(r.fdt)
    r.signal(m, "KILL")
    r.sleep(3 * r.fdt)
    roles = r.roles()
    if roles[1 - m] == "MAIN":
        run.fail("the SPARE took over although failover was off")
    r.failover(1 - m, "on")
    r.faults_over()
    if r.settle() != 1 - m:
        run.fail("no takeover after failover on")


@scenario("failover-force")
def failover_force(r, run):
    """failover force: a planned switchover, with no both-leader sample and no dstop."""
    m = r.main()
    r.failover(m, "force")
    r.faults_over()
    if r.settle(need_spare=True) != 1 - m:
        run.fail("failover force did not move MAIN to the other SC")


# ---- 6. boards during takeover ----------------------------------------------------------------------------
@scenario("board-nack-takeover")
def board_nack_takeover(r, run):
    """A board's bus NACKs while the SPARE takes over; once it answers again it joins the new MAIN's clock."""
    run.expect_takeover = True
    slot = r.rng.randrange(10)
    kill_main_and_measure(r, run)
    r.sleep(r.uniform(0, r.fdt))
    r.cmd(f"nack {slot} on")
    r.sleep(r.uniform(1, 2) * r.fdt)
    r.cmd(f"nack {slot} off")
    run.notes.append(f"slot {slot} NACKed")
    r.faults_over()
    r.settle()


@scenario("board-removed-takeover")
def board_removed_takeover(r, run):
    """A board removed while the SPARE takes over; re-inserted later, the MAIN programs it."""
    run.expect_takeover = True
    slot = r.rng.randrange(10)
    kill_main_and_measure(r, run)
    r.sleep(r.uniform(0, 1.5 * r.fdt))
    r.cmd(f"remove {slot}")
    run.notes.append(f"slot {slot} removed")
    m = r.settle()
    r.cmd(f"insert {slot}")
    r.faults_over()
    if r.settle() != m:
        run.fail("the MAIN changed when a board was inserted")


# ---- false failovers ---------------------------------------------------------------------------------------
@scenario("soak", short=False)
def soak(r, run):
    """A healthy pair left alone for 20 s: any takeover is a false failover."""
    run.expect_takeover = False
    r.sleep(20)
    r.faults_over()
    r.settle(need_spare=True)

"""Select switches the backplane's samples cannot see.

The backplane samples each board's select register a few hundred times a second and runs the clock
physics on what it reads: a select written to the other SC and back between two samples reads as
"written twice, same value", so the physics counts no switch, and no dstop, although the board's
clock glitched if the pair was not phase locked. kit-i2c-stub logs every write with its time, and
each sample's select event says when its read completed (`read_at`), so the writes a sample counted
are exactly the logged ones between the previous sample's read of that board and its own. A sample
that saw an unchanged value after writes of the other value, on a running board while the pair was
unlocked, is a dstop the physics missed.
"""
from chassis import CHIP_ADDRS

# The boards' SPLL select register (the backplane's select_reg, chassis_io.c)
SELECT_REG = 0x10


def unseen_switches(events, writes, t0, t1, t_begin):
    """Failures for the run window (t0, t1], times said from t_begin: `events` the backplane's (each with t, kind, fields),
    `writes` kit-i2c-stub's records (t, tgid, comm, addr, reg, value) in log order."""
    slot_of = {a: i for i, a in enumerate(CHIP_ADDRS)}
    by_slot = {}
    for w in writes:
        if w[0] != "lost" and w[4] == SELECT_REG and w[3] in slot_of:
            by_slot.setdefault(slot_of[w[3]], []).append(w)
    found = []
    last_read = {}   # slot -> the previous select sample's read_at (s)
    for ev in events:
        f = ev.fields
        if ev.kind == "board" and "inserted" in ev.text:
            # the backplane resets an inserted board's select and reads it again, a read no event
            # marks: the next sample's window has no known start (the board is not running yet)
            last_read.pop(int(f["slot"]), None)
            continue
        if ev.kind != "select" or "read_at" not in f:
            continue
        slot = int(f["slot"])
        read_at = int(f["read_at"]) / 1e9
        since = last_read.get(slot)
        last_read[slot] = read_at
        if since is None or not t0 < ev.t <= t1:
            continue
        was = int(f["from"][-1])
        if int(f["to"][-1]) != was or f.get("phase_locked") != "0" or f.get("running") != "1":
            continue   # a switch the physics saw itself, or one that could not glitch a running clock
        away = [w for w in by_slot.get(slot, ()) if since < w[0] <= read_at and (w[5] & 1) != was]
        if away:
            w = away[0]
            found.append(f"{w[2]} (pid {w[1]}) switched board 0x{w[3]:02x} (slot {slot}) to SC{1 - was} at"
                         f" +{w[0] - t_begin:.3f} s and back to SC{was} before the backplane's next sample, while"
                         f" the pair was not phase locked: the running board's clock glitched (a dstop the"
                         f" physics could not see)")
    return found

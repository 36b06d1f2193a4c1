"""Steps of the data-sync scenarios (issue 12): an SC's copy of the synced item, read and written in
that SC's own mount namespace; its datasync status from the control socket; its log lines.

Each daemon runs in a private mount namespace with its own directory bind-mounted at the item's
path (daemons.daemon_command). /proc/PID/root resolves a path in the mount namespace of PID, so
`item_dir(r, sc)` is exactly what SC sc's daemon sees at the item's path: the MAIN's inotify watch
sees our writes there, and the SPARE's copy is read where its daemon lands it.
"""
import hashlib
import os
import subprocess
import time

from chassis import PRIMARY_NET
from daemons import SYNC_ITEM, sync_backing, sync_mount
from outcome import ScenarioFailed

PART = ".pairlock-part."
BOUND_S = 20.0   # a change visible on the SPARE within this (TCG guest on a shared host)


def failed(why):
    return ScenarioFailed(why)


def pid(r, sc):
    p = r.ch.state()["pid"][sc]
    if p <= 0:
        raise failed(f"SC{sc}'s daemon is not running")
    return p


def item_dir(r, sc):
    """SC sc's copy of the item, seen in SC sc's mount namespace."""
    return f"/proc/{pid(r, sc)}/root{sync_mount(r.ch)}/{SYNC_ITEM}"


def check_mounts(r):
    """Each daemon sees its own directory at the item's path (not the other's, not the shared one)."""
    mnt = sync_mount(r.ch)
    for sc in (0, 1):
        roots = []
        with open(f"/proc/{pid(r, sc)}/mountinfo") as f:
            for line in f:
                fields = line.split()
                if fields[4] == mnt:
                    roots.append(fields[3])
        want = sync_backing(r.ch, sc)
        # the mount's root is the backing directory's path inside its file system (tmpfs at /tmp)
        if not roots or not want.endswith(roots[-1]) or not roots[-1].endswith(f"/sc{sc}/data"):
            raise failed(f"SC{sc}'s mount namespace has {roots or 'nothing'} at {mnt}, expected {want}")


def remount(r, sc, mode):
    """The item's file system in SC sc's namespace read-only ("ro") or writable again ("rw"): what a
    file system remounted read-only after an error looks like to the daemon. -r: the daemon's root
    too (the VM's stage 2 chroots into the host's root; a mount namespace alone would put us at the
    initramfs's root, with its busybox mount)."""
    cmd = ["nsenter", "-t", str(pid(r, sc)), "-m", "-r", "-w", "mount", "-o", f"remount,bind,{mode}", sync_mount(r.ch)]
    p = subprocess.run(cmd, capture_output=True, text=True)
    r.run.notes.append(f"SC{sc}: {' '.join(cmd[6:])}: exit {p.returncode} {(p.stdout + p.stderr).strip()}")
    if p.returncode != 0:
        raise failed(f"{' '.join(cmd)} exited {p.returncode}: {(p.stdout + p.stderr).strip()}")


def write_file(r, sc, rel, data, mode=None, mtime_ns=None):
    """Writes rel in SC sc's copy (as an operator or a tool would: in place), then its mode and
    mtime if given. Returns the time the write began."""
    path = os.path.join(item_dir(r, sc), rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    t0 = time.monotonic()
    with open(path, "wb") as f:
        f.write(data)
    if mode is not None:
        os.chmod(path, mode)
    if mtime_ns is not None:
        os.utime(path, ns=(mtime_ns, mtime_ns))
    return t0


def fingerprint(path):
    """(SHA-256, mode, mtime ns) of a file, or None if it is not there."""
    try:
        with open(path, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return digest, st.st_mode & 0o7777, st.st_mtime_ns


def wait_same(r, main, spare, rel, t0, bound=BOUND_S):
    """Until rel on the SPARE has the MAIN's bytes, mode and mtime; returns seconds since t0."""
    want = fingerprint(os.path.join(item_dir(r, main), rel))
    if want is None:
        raise failed(f"{rel} is not on the MAIN SC{main}")
    there = os.path.join(item_dir(r, spare), rel)
    got = None
    deadline = t0 + bound
    last_poll = 0.0
    while time.monotonic() < deadline:
        got = fingerprint(there)
        if got == want:
            return time.monotonic() - t0
        if time.monotonic() - last_poll > 0.2:
            r.poll()
            last_poll = time.monotonic()
        time.sleep(0.003)
    raise failed(f"{rel} not the same on the SPARE SC{spare} within {bound:.0f} s: MAIN {fmt(want)}, SPARE {fmt(got)}")


def wait_gone(r, spare, rel, t0, bound=BOUND_S):
    there = os.path.join(item_dir(r, spare), rel)
    while time.monotonic() < t0 + bound:
        if not os.path.lexists(there):
            return time.monotonic() - t0
        time.sleep(0.003)
    raise failed(f"{rel} deleted on the MAIN is still on the SPARE SC{spare} after {bound:.0f} s")


def fmt(fp):
    return "absent" if fp is None else f"sha256 {fp[0][:12]}.. mode {fp[1]:o} mtime {fp[2]}"


def status(r, sc):
    """`datasync.status` from SC sc's control socket (the result map)."""
    rep = r.kind.control(os.path.join(r.ch.sc_dirs[sc], "control.sock"), "datasync.status")
    if not rep.get("ok"):
        raise failed(f"datasync.status on SC{sc}: {rep}")
    return rep["result"]


def brief(st):
    p = "; ".join(f"p{x['priority']} {x['state']}" + (f" ({x['reason']})" if x.get("reason") else "")
                  for x in st.get("priorities", []))
    return f"{st.get('role')} epoch {st.get('epoch')} link {st.get('link')} p1_in_sync {st.get('priority1_in_sync')}: {p}"


def wait_p1(r, sc, in_sync, bound=BOUND_S + 20, role=None):
    """Until SC sc reports priority 1 in sync (or not), as its sync engine in `role` when given (a
    daemon that has just started reports its engine's "not started" status, which reads as in sync,
    for a moment before it has its role); returns its status."""
    last = {}

    def check():
        try:
            last["st"] = st = status(r, sc)
        except OSError:
            return None   # its control socket is not up yet (a JVM starting under TCG): keep waiting
        return st if st.get("priority1_in_sync") is in_sync and role in (None, st.get("role")) else None
    try:
        return r.wait(f"SC{sc} reports priority 1 {'in sync' if in_sync else 'NOT in sync'}"
                      + (f" as {role}" if role else ""), check, bound)
    except Exception as e:
        # the other SC's own word too: a SPARE's status is the MAIN's last STATUS record, which may
        # be stale (no session since) or current (the MAIN itself still retrying)
        try:
            other = brief(status(r, 1 - sc))
        except Exception as e2:
            other = f"unavailable ({type(e2).__name__}: {e2})"
        raise failed(f"{e}; last status: {brief(last.get('st', {}))}; SC{1 - sc} now: {other}") from e


def wait_primary(r, sc, bound):
    """Until SC sc's sync session is on the primary link; returns its status."""
    last = {}

    def check():
        last["st"] = st = status(r, sc)
        return st if PRIMARY_NET + "." in str(st.get("link")) else None
    try:
        return r.wait(f"SC{sc}'s sync on the primary link", check, bound)
    except Exception as e:
        raise failed(f"{e}; last status: {brief(last.get('st', {}))}") from e


def log_at(r, sc, word, since):
    """The time of SC sc's first log line after `since` whose event names `word`, or None."""
    for _, ev in r.logs[sc].events:
        if ev.t >= since - 0.005 and word in ev.text:
            return ev.t
    return None


def wait_log(r, sc, word, since, bound):
    return r.wait(f"SC{sc} logs {word}", lambda: log_at(r, sc, word, since), bound)


def percentile(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]

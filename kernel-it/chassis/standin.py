#!/usr/bin/env python3
"""A minimal stand-in for pairlockd, ONLY to exercise the campaign harness while the real daemon
is not on main. It is not pairlock, proves nothing about pairlock, and its results are never
reported as the campaign's.

It speaks pairlockd's documented outside interface (issue 9): `--config FILE --foreground`, the
platform file's keys, heartbeat over GPIO v2 edge events, UDP on two links, reset-out to fence,
REF_SEL and SPLL selects, a control socket with JSON lines ({"op": "failover", "arg": "off"}), and
one log line per role change. Its protocol is deliberately simple: SC0 wins ties; a SPARE takes
over after FDT without heartbeat and link, fencing the peer first; a MAIN that sees a newer MAIN,
or whose loop stalled longer than its lease, gives up authority before any write.
"""
import argparse
import ctypes
import fcntl
import json
import mmap
import os
import select
import socket
import struct
import sys
import time

# Deliberate bugs, so that the judge can be shown to catch each kind of violation
# (campaign.py's judge-selftest): no-fence (take over without resetting the peer),
# unlocked-switch (move running boards while the clocks drift apart), spare-writes (a SPARE
# rewrites board selects: writes without authority), stray-writer (the MAIN's select writes made by a
# child process: writes the judge cannot attribute).
# The campaign writes the bug for the next runs to a file next to the platform file.
BUG = ""

# ---- GPIO character device v2 (linux/gpio.h) ------------------------------------------------------
GPIO_V2_LINE_FLAG_INPUT, GPIO_V2_LINE_FLAG_OUTPUT = 1 << 2, 1 << 3
GPIO_V2_LINE_FLAG_EDGE_RISING, GPIO_V2_LINE_FLAG_EDGE_FALLING = 1 << 4, 1 << 5
REQ_SIZE = 592
GPIO_V2_GET_LINE_IOCTL = (3 << 30) | (REQ_SIZE << 16) | (0xB4 << 8) | 0x07
GPIO_V2_LINE_SET_VALUES_IOCTL = (3 << 30) | (16 << 16) | (0xB4 << 8) | 0x0F


def gpio_request(chip, offset, flags, consumer, value=0):
    buf = bytearray(REQ_SIZE)
    struct.pack_into("I", buf, 0, offset)
    buf[256:256 + len(consumer)] = consumer.encode()
    struct.pack_into("Q", buf, 288, flags)
    if flags & GPIO_V2_LINE_FLAG_OUTPUT:   # one attribute: the initial output value
        struct.pack_into("I", buf, 288 + 8, 1)
        struct.pack_into("IIQQ", buf, 288 + 32, 2, 0, value, 1)   # GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES
    struct.pack_into("I", buf, 560, 1)   # num_lines
    fd = os.open(chip, os.O_RDWR)
    try:
        fcntl.ioctl(fd, GPIO_V2_GET_LINE_IOCTL, buf)
    finally:
        os.close(fd)
    return struct.unpack_from("i", buf, 588)[0]


def gpio_set(req_fd, value):
    fcntl.ioctl(req_fd, GPIO_V2_LINE_SET_VALUES_IOCTL, struct.pack("QQ", 1 if value else 0, 1))


# ---- SMBus through i2c-dev ----------------------------------------------------------------------------
class SmbusData(ctypes.Union):
    _fields_ = [("byte", ctypes.c_uint8), ("word", ctypes.c_uint16), ("block", ctypes.c_uint8 * 34)]


class SmbusIoctl(ctypes.Structure):
    _fields_ = [("read_write", ctypes.c_uint8), ("command", ctypes.c_uint8), ("size", ctypes.c_uint32),
                ("data", ctypes.POINTER(SmbusData))]


class Board:
    def __init__(self, bus, addr):
        self.fd = os.open(f"/dev/i2c-{bus}", os.O_RDWR)
        fcntl.ioctl(self.fd, 0x0703, addr)   # I2C_SLAVE

    def _xfer(self, rw, reg, value=0):
        d = SmbusData()
        d.byte = value
        a = SmbusIoctl(rw, reg, 2, ctypes.pointer(d))   # I2C_SMBUS_BYTE_DATA
        fcntl.ioctl(self.fd, 0x0720, a)                 # I2C_SMBUS
        return d.byte

    def read(self, reg):
        return self._xfer(1, reg)

    def write(self, reg, value):
        self._xfer(0, reg, value)


def log(role, epoch, cause):
    print(f"{time.time():.6f} standin role={role} epoch={epoch} cause={cause}", flush=True)


def note(text):
    print(f"{time.time():.6f} standin {text}", flush=True)


def parse(path):
    conf = {}
    for line in open(path):
        line = line.split("#", 1)[0].strip()
        if line:
            k, _, v = line.partition("=")
            conf[k.strip()] = v.strip()
    return conf


def duration(v):
    return float(v[:-2]) / 1000 if v.endswith("ms") else float(v.rstrip("s"))


def hostport(v):
    h, _, p = v.rpartition(":")
    return h, int(p)


class StandIn:
    def __init__(self, conf):
        self.me = int(conf["sc"][-1])
        self.fdt = duration(conf.get("fdt", "1s"))
        self.probe = self.fdt / 5
        self.lease = self.fdt / 2
        names = ["hb-out", "hb-in", "reset-out", "reset-in"]   # the chassis's line names (stand-in shortcut)

        def chip(key):
            c, _, line = conf[key].rpartition(":")
            return "/dev/" + c, None, names.index(line) if line in names else int(line)
        c, _, o = chip("heartbeat.out")
        self.hb_out = gpio_request(c, int(o), GPIO_V2_LINE_FLAG_OUTPUT, "standin-hb")
        c, _, o = chip("heartbeat.in")
        self.hb_in = gpio_request(c, int(o), GPIO_V2_LINE_FLAG_INPUT | GPIO_V2_LINE_FLAG_EDGE_RISING
                                  | GPIO_V2_LINE_FLAG_EDGE_FALLING, "standin-hbin")
        self.reset = None
        if "reset.out" in conf:
            c, _, o = chip("reset.out")
            self.reset = gpio_request(c, int(o), GPIO_V2_LINE_FLAG_OUTPUT, "standin-reset")
        fd = os.open(conf["gchip.device"], os.O_RDWR | os.O_SYNC)
        self.gchip = mmap.mmap(fd, 4096, offset=int(conf.get("gchip.offset", "0"), 0))
        os.close(fd)
        self.boards = []
        for n in range(int(conf["slots"])):
            self.boards.append(Board(int(conf[f"slot.{n}.bus"]), int(conf[f"slot.{n}.address"], 0)))
        self.links = []
        for name in ("primary", "fallback"):
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.bind(hostport(conf[f"peer.{name}.local"]))
            self.links.append((s, hostport(conf[f"peer.{name}.remote"])))
        path = conf["control.socket"]
        if os.path.exists(path):
            os.unlink(path)
        self.ctl = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.ctl.bind(path)
        self.ctl.listen(4)
        self.clients = []
        self.role, self.epoch = "UNKNOWN", 0
        self.failover_on = conf.get("failover.default", "on") == "on"
        self.start = time.monotonic()
        self.peer_seen = 0.0          # last heartbeat edge or link frame
        self.peer = {}                # last frame from the peer
        self.hb_level = 0
        self.last_loop = time.monotonic()
        self.force_requested = False
        self.refsel(False)   # a starting SC follows until it has authority
        log(self.role, self.epoch, "start")

    # ---- registers -------------------------------------------------------------------------------
    def refsel(self, leader):
        self.gchip[0:4] = struct.pack("<I", 1 if leader else 0)

    def phase_locked(self):
        return struct.unpack("<I", self.gchip[4:8])[0] & 1

    def peer_clock(self):
        return struct.unpack("<I", self.gchip[4:8])[0] & 2

    def set_role(self, role, cause):
        if role != self.role:
            self.role = role
            log(role, self.epoch, cause)
            if role == "SPARE" and BUG == "spare-writes":
                # at once, not only at the next probe: the scenario may kill this SPARE within a probe
                # period of its role line, and a bug that never showed proves nothing about the judge
                self.spare_writes()

    # ---- the loop -------------------------------------------------------------------------------------
    def run(self):
        next_probe = time.monotonic()
        while True:
            now = time.monotonic()
            if self.role == "MAIN" and now - self.last_loop > self.lease:
                # stalled (SIGSTOP, a pause) past the lease: authority lapsed, no write before re-checking
                note(f"lease lapsed after a {now - self.last_loop:.3f} s stall")
                self.set_role("UNKNOWN", "lease-lapsed")
                self.refsel(False)
            self.last_loop = now
            timeout = max(0.0, next_probe - now)
            r, _, _ = select.select([self.hb_in, self.ctl] + [s for s, _ in self.links] + self.clients, [], [], timeout)
            for fd in r:
                if fd == self.hb_in:
                    os.read(self.hb_in, 48 * 16)
                    self.peer_seen = time.monotonic()
                elif fd == self.ctl:
                    self.clients.append(self.ctl.accept()[0])
                elif isinstance(fd, socket.socket) and fd.type == socket.SOCK_DGRAM:
                    data = fd.recv(2048)
                    msg = json.loads(data)
                    if msg.get("sc") == 1 - self.me:
                        self.peer = msg
                        self.peer_seen = time.monotonic()
                        self.on_frame(msg)
                else:
                    self.on_client(fd)
            if time.monotonic() >= next_probe:
                next_probe += self.probe
                self.tick()

    def send(self, extra=None):
        msg = {"sc": self.me, "role": self.role, "epoch": self.epoch, "failover": self.failover_on}
        if extra:
            msg.update(extra)
        for s, dest in self.links:
            try:
                s.sendto(json.dumps(msg).encode(), dest)
            except OSError:
                pass

    def on_frame(self, msg):
        if msg.get("failover") is not None and msg.get("failover_set"):
            self.failover_on = msg["failover"]
        if msg.get("handover") and self.role == "SPARE":
            self.takeover("planned-switchover", fence=False)
        if msg["role"] in ("MAIN", "BECOMING_MAIN") and self.role in ("MAIN", "BECOMING_MAIN"):
            if msg["epoch"] > self.epoch or (msg["epoch"] == self.epoch and self.me == 1):
                self.refsel(False)
                self.epoch = msg["epoch"]
                self.set_role("SPARE", "peer-is-main")
        elif msg["role"] == "MAIN" and self.role == "UNKNOWN":
            self.epoch = msg["epoch"]
            self.set_role("SPARE", "peer-is-main")

    def on_client(self, c):
        data = c.recv(4096)
        if not data:
            self.clients.remove(c)
            c.close()
            return
        req = json.loads(data.decode().splitlines()[0])
        op, arg = req.get("op"), req.get("arg")
        if op == "failover" and arg in ("on", "off"):
            self.failover_on = arg == "on"
            self.send({"failover_set": True})
            note(f"failover {arg}")
        elif op == "failover" and arg == "force" and self.role == "MAIN":
            self.handover()
        c.sendall((json.dumps({"ok": True, "role": self.role, "epoch": self.epoch, "failover": self.failover_on})
                   + "\n").encode())

    def tick(self):
        self.hb_level ^= 1
        gpio_set(self.hb_out, self.hb_level)
        self.send()
        now = time.monotonic()
        peer_alive = now - self.peer_seen < self.fdt
        if self.role == "UNKNOWN" and now - self.start > self.fdt:
            if not peer_alive:
                self.takeover("peer-absent", fence=True)
            elif self.peer.get("role") in ("SPARE", "UNKNOWN") and self.me == 0:
                self.takeover("tie-sc0-wins", fence=False)
            elif self.peer.get("role") == "MAIN":
                self.set_role("SPARE", "peer-is-main")
        elif self.role == "SPARE" and not peer_alive and self.failover_on:
            self.takeover("peer-failed", fence=True)
        elif self.role == "MAIN":
            self.program()
        elif self.role == "SPARE" and BUG == "spare-writes":
            self.spare_writes()

    def spare_writes(self):
        """The bug spare-writes: a SPARE rewrites every board's select (with the value it holds)."""
        for b in self.boards:
            try:
                b.write(0x10, b.read(0x10) & 1)
            except OSError:
                pass

    def takeover(self, cause, fence):
        if BUG == "no-fence":
            fence = False
        if BUG == "unlocked-switch" and fence:
            # both followers after the fence: the lock drifts away within 0.3-3 s; switch after that
            if self.reset is not None:
                gpio_set(self.reset, 1)
                time.sleep(0.1)
                gpio_set(self.reset, 0)
            # the fenced peer is started again when released: keep heartbeat and link alive while
            # waiting, as BECOMING_MAIN, so that it neither fences this SC nor takes over (silent for
            # 3.5 s, this SC was fenced first and the bug never showed)
            self.epoch = max(self.epoch, self.peer.get("epoch", 0)) + 1
            self.set_role("BECOMING_MAIN", cause)
            until = time.monotonic() + 3.5
            while time.monotonic() < until:
                self.tick()
                time.sleep(0.05)
            for b in self.boards:
                try:
                    b.write(0x10, self.me)
                except OSError:
                    pass
            fence = False
        if fence:
            if self.reset is None and self.peer_clock():
                note("peer failed but cannot be fenced (no reset line): staying SPARE")
                return
            if self.reset is not None:
                gpio_set(self.reset, 1)
                time.sleep(0.1)
                gpio_set(self.reset, 0)
        self.epoch = max(self.epoch, self.peer.get("epoch", 0)) + 1
        self.set_role("BECOMING_MAIN", cause)
        self.refsel(True)
        self.set_role("MAIN", cause)
        self.program()

    def handover(self):
        note("planned switchover: handing over")
        self.refsel(False)
        self.set_role("SPARE", "planned-switchover")
        self.send({"handover": True})

    def program(self):
        deadline = time.monotonic() + 0.5
        while self.peer_clock() and not self.phase_locked() and time.monotonic() < deadline:
            time.sleep(0.005)
        for n, b in enumerate(self.boards):
            try:
                sel, status = b.read(0x10) & 1, b.read(0x11)
                if sel != self.me and (self.phase_locked() or not status & 4):
                    self.select(b)
                elif sel == self.me and not status & 4:
                    self.select(b)
            except OSError:
                pass   # NACK: an empty slot or a failing bus; retried next probe


    def select(self, b):
        if BUG == "stray-writer":
            # the write made by a child process (as a helper script or a service of the SC would): the
            # judge cannot attribute it to an SC whose authority it judges, and must say so
            pid = os.fork()
            if pid == 0:
                try:
                    b.write(0x10, self.me)
                finally:
                    os._exit(0)
            os.waitpid(pid, 0)
            return
        b.write(0x10, self.me)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", required=True)
    ap.add_argument("--foreground", action="store_true")
    a = ap.parse_args()
    global BUG
    bug_file = os.path.join(os.path.dirname(os.path.abspath(a.config)), "..", "standin.bug")
    if os.path.exists(bug_file):
        BUG = open(bug_file).read().strip()
        if BUG:
            note(f"running with the deliberate bug {BUG}")
    StandIn(parse(a.config)).run()


if __name__ == "__main__":
    sys.exit(main())

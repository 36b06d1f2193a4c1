"""The two-SC chassis inside the kernel VM: devices, namespaces, links, the backplane process.

One Chassis per VM boot. setup() loads kit-i2c-stub (10 boards on one adapter), creates a gpio-sim
device with one bank per SC (hb-out, hb-in, reset-out, reset-in), two network namespaces joined by
two veth pairs (primary and fallback peer link), and starts the backplane (backplane.c) that plays
the wires and the clock physics. The SC daemons are started by the backplane, one per namespace,
from the command lines given to configure_daemons(); the backplane kills an SC held in reset and
starts it again when released, as hardware would.

Everything this module creates carries the campaign's pid in its name and is removed by
teardown(), also after a failure.
"""
import os
import re
import secrets
import subprocess
import time

CHIP_ADDRS = [0x40 + i for i in range(10)]   # kit-i2c-stub's maximum: 10 chips on its one adapter
LINES = ["hb-out", "hb-in", "reset-out", "reset-in"]
GCHIP_OFFSETS = [0x0000, 0x1000]              # one 4 KiB window of the ivshmem BAR per SC
PRIMARY_NET, FALLBACK_NET = "10.70.1", "10.70.0"
PEER_PORT = 7440


def sh(*argv, check=True):
    r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if check and r.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {r.returncode}: {r.stderr.strip()}")
    return r.stdout


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def read(path):
    with open(path) as f:
        return f.read().strip()


class Chassis:
    def __init__(self, workdir, backplane_bin, stub_ko, seed=1, period_us=1000, rt_priority=50,
                 lock_ms=50, both_leaders_ms=(10, 100), both_followers_ms=(300, 3000), relock_ms=20):
        self.workdir = workdir
        self.backplane_bin = backplane_bin
        self.stub_ko = stub_ko
        self.seed = seed
        self.period_us = period_us
        self.rt_priority = rt_priority
        self.physics = dict(lock_ms=lock_ms, both_leaders_ms=both_leaders_ms, both_followers_ms=both_followers_ms,
                            relock_ms=relock_ms)
        self.tag = f"campaign-{os.getpid()}"
        self.netns = [f"{self.tag}-sc0", f"{self.tag}-sc1"]
        self.configfs = f"/sys/kernel/config/gpio-sim/{self.tag}"
        self.cleanups = []
        self.backplane = None
        self.events_path = os.path.join(workdir, "backplane.events")
        self.state_path = os.path.join(workdir, "backplane.state")
        self.control_path = os.path.join(workdir, "backplane.ctl")
        self.sc_dirs = [os.path.join(workdir, f"sc{s}") for s in (0, 1)]
        self.daemon_cmd = ["", ""]
        self.reset_wired = [1, 1]
        self.ctl = None

    # ---- devices ---------------------------------------------------------------------------
    def setup(self):
        os.makedirs(self.workdir, exist_ok=True)
        for d in self.sc_dirs:
            os.makedirs(d, exist_ok=True)
        self._i2c()
        self._gpio()
        self._bar()
        self._network()
        self._keys()

    def _i2c(self):
        sh("modprobe", "i2c-dev")
        if not os.path.isdir("/sys/module/kit_i2c_stub"):
            sh("insmod", self.stub_ko, "chip_addr=" + ",".join(f"0x{a:02x}" for a in CHIP_ADDRS))
            self.cleanups.append(lambda: sh("rmmod", "kit_i2c_stub", check=False))
        self.i2c_bus = None
        for d in sorted(os.listdir("/sys/bus/i2c/devices")):
            name = f"/sys/bus/i2c/devices/{d}/name"
            if d.startswith("i2c-") and os.path.exists(name) and read(name) == "SMBus stub driver (pairlock chassis)":
                self.i2c_bus = int(d[4:])
        if self.i2c_bus is None:
            raise RuntimeError("kit-i2c-stub loaded but no adapter 'SMBus stub driver (pairlock chassis)'")
        self.i2c_dev = f"/dev/i2c-{self.i2c_bus}"
        self.params = "/sys/module/kit_i2c_stub/parameters"

    def _gpio(self):
        if not os.path.isdir("/sys/kernel/config/gpio-sim"):
            raise RuntimeError("gpio-sim is not loaded (stage 2 loads it)")
        os.mkdir(self.configfs)
        self.cleanups.append(self._gpio_remove)
        for s in (0, 1):
            bank = f"{self.configfs}/bank{s}"
            os.mkdir(bank)
            write(f"{bank}/num_lines", "8")
            write(f"{bank}/label", f"pl-sc{s}")
            for i, name in enumerate(LINES):
                os.mkdir(f"{bank}/line{i}")
                write(f"{bank}/line{i}/name", name)
        write(f"{self.configfs}/live", "1")
        dev = read(f"{self.configfs}/dev_name")
        self.gpio_chip = []
        self.gpio_sysfs = []
        for s in (0, 1):
            chip = read(f"{self.configfs}/bank{s}/chip_name")
            self.gpio_chip.append(chip)
            self.gpio_sysfs.append(f"/sys/devices/platform/{dev}/{chip}")

    def _gpio_remove(self):
        try:
            write(f"{self.configfs}/live", "0")
        except OSError:
            pass
        for s in (0, 1):
            bank = f"{self.configfs}/bank{s}"
            for i in range(len(LINES)):
                if os.path.isdir(f"{bank}/line{i}"):
                    os.rmdir(f"{bank}/line{i}")
            if os.path.isdir(bank):
                os.rmdir(bank)
        if os.path.isdir(self.configfs):
            os.rmdir(self.configfs)

    def line_sysfs(self, sc, line, attr):
        return f"{self.gpio_sysfs[sc]}/sim_gpio{LINES.index(line)}/{attr}"

    def _bar(self):
        self.bar_resource = os.environ["KIT_IVSHMEM_RESOURCE"]
        self.bar_addr = int(os.environ["KIT_IVSHMEM_BAR_ADDR"], 16)
        self.bar_size = int(os.environ["KIT_IVSHMEM_BAR_SIZE"])

    def _network(self):
        sh("modprobe", "veth")
        for ns in self.netns:
            sh("ip", "netns", "add", ns)
            self.cleanups.append(lambda ns=ns: sh("ip", "netns", "del", ns, check=False))
            sh("ip", "-n", ns, "link", "set", "lo", "up")
        pid = os.getpid() % 100000
        for link, net in (("pri", PRIMARY_NET), ("fbk", FALLBACK_NET)):
            a, b = f"k{link}{pid}a", f"k{link}{pid}b"
            sh("ip", "link", "add", a, "type", "veth", "peer", "name", b)
            for s, ifname in ((0, a), (1, b)):
                sh("ip", "link", "set", ifname, "netns", self.netns[s], "name", link)
                sh("ip", "-n", self.netns[s], "addr", "add", f"{net}.{s + 1}/24", "dev", link)
                sh("ip", "-n", self.netns[s], "link", "set", link, "up")

    def link(self, sc, link, up):
        """Bring SC sc's end of the primary ("pri") or fallback ("fbk") link up or down."""
        sh("ip", "-n", self.netns[sc], "link", "set", link, "up" if up else "down")

    def _keys(self):
        key = secrets.token_hex(32)   # the pair key: one secret, one root-owned 0600 copy per SC
        self.key_files = []
        for d in self.sc_dirs:
            path = os.path.join(d, "pair.key")
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.write(fd, (key + "\n").encode())
            os.close(fd)
            os.chmod(path, 0o600)
            self.key_files.append(path)

    # ---- the backplane ---------------------------------------------------------------------
    def backplane_config(self):
        p = self.physics
        out = [f"events = {self.events_path}", f"state = {self.state_path}", f"control = {self.control_path}",
               f"bar = {self.bar_resource}", f"bar_size = {self.bar_size}",
               f"gchip.0.offset = {GCHIP_OFFSETS[0]:#x}", f"gchip.1.offset = {GCHIP_OFFSETS[1]:#x}",
               f"i2c = {self.i2c_dev}", f"nack_param = {self.params}/nack_mask",
               f"nack_exempt_param = {self.params}/nack_exempt_tgid",
               "gpio_log_param = /sys/module/gpio_sim/parameters/log_outputs",
               f"stub_params = {self.params}",
               f"period_us = {self.period_us}", f"rt_priority = {self.rt_priority}", "log_heartbeat = 1",
               f"seed = {self.seed}", f"lock_ms = {p['lock_ms']}", f"relock_ms = {p['relock_ms']}",
               f"both_leaders_ms = {p['both_leaders_ms'][0]}..{p['both_leaders_ms'][1]}",
               f"both_followers_ms = {p['both_followers_ms'][0]}..{p['both_followers_ms'][1]}"]
        out += [f"board.{i} = {a:#04x}" for i, a in enumerate(CHIP_ADDRS)]
        for s in (0, 1):
            out += [f"sc.{s}.hb_out = {self.line_sysfs(s, 'hb-out', 'value')}",
                    f"sc.{s}.hb_in = {self.line_sysfs(s, 'hb-in', 'pull')}",
                    f"sc.{s}.reset_out = {self.line_sysfs(s, 'reset-out', 'value')}",
                    f"sc.{s}.reset_in = {self.line_sysfs(s, 'reset-in', 'pull')}",
                    f"sc.{s}.label = pl-sc{s}",
                    f"sc.{s}.hb_out_line = {LINES.index('hb-out')}",
                    f"sc.{s}.reset_out_line = {LINES.index('reset-out')}",
                    f"sc.{s}.netns = /run/netns/{self.netns[s]}",
                    f"sc.{s}.log = {os.path.join(self.sc_dirs[s], 'daemon.log')}",
                    f"reset.{s} = {self.reset_wired[s]}"]
            if self.daemon_cmd[s]:
                out.append(f"sc.{s}.cmd = {self.daemon_cmd[s]}")
        return "\n".join(out) + "\n"

    def start_backplane(self):
        path = os.path.join(self.workdir, "backplane.conf")
        write(path, self.backplane_config())
        for p in (self.events_path, self.state_path):
            if os.path.exists(p):
                os.unlink(p)
        self.backplane_log = open(os.path.join(self.workdir, "backplane.stderr"), "w")
        self.backplane = subprocess.Popen([self.backplane_bin, path], stdout=self.backplane_log,
                                          stderr=subprocess.STDOUT)
        self.cleanups.append(self.stop_backplane)
        deadline = time.monotonic() + 10
        while not os.path.exists(self.state_path):
            if self.backplane.poll() is not None:
                raise RuntimeError(f"the backplane exited with {self.backplane.returncode}: "
                                   + open(os.path.join(self.workdir, "backplane.stderr")).read().strip())
            if time.monotonic() > deadline:
                raise RuntimeError("the backplane wrote no state within 10 s")
            time.sleep(0.01)
        self.ctl = open(self.control_path, "w", buffering=1)
        self.events = EventReader(self.events_path)

    def stop_backplane(self):
        if self.backplane and self.backplane.poll() is None:
            try:
                self.command("quit")
            except OSError:
                pass
            try:
                self.backplane.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.backplane.kill()
                self.backplane.wait()

    def command(self, line):
        self.ctl.write(line + "\n")

    def sync(self, timeout=5.0):
        """Wait until the backplane has handled every command sent so far; returns its time (s)."""
        token = secrets.token_hex(4)
        self.command(f"mark sync {token}")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for ev in self.events.poll():
                if ev.kind == "mark" and ev.text == f"sync {token}":
                    # the state file is rewritten each backplane tick: wait for one written after the
                    # mark, so that state() read after sync() shows what every command sent before did
                    # (a start whose pid still read 0 once made the runner take a daemon for "not running")
                    while time.monotonic() < deadline:
                        if int(self.state()["t"]) / 1e9 >= ev.t:
                            return ev.t
                        time.sleep(0.002)
            time.sleep(0.002)
        raise RuntimeError(f"the backplane did not answer within {timeout} s")

    def state(self):
        st = {}
        with open(self.state_path) as f:
            for line in f:
                k, _, v = line.strip().partition("=")
                st[k] = v
        boards = []
        for b in st.get("boards", "").split():
            slot, present, nack, inp, locked, running = (int(x) for x in b.split(":"))
            boards.append(dict(slot=slot, present=present, nack=nack, input=inp, locked=locked, running=running))
        st["boards"] = boards
        for k in ("pid", "powered", "in_reset", "leader", "stopped", "incarnation", "hb_cut"):
            st[k] = [int(x) for x in st[k].split(",")]
        for k in ("locked", "dstops", "losses", "both_leader_samples", "writes_in_reset", "samples", "max_gap_us",
                  "unlocked_selects"):
            st[k] = int(st[k])
        return st

    def teardown(self):
        errors = []
        for f in reversed(self.cleanups):
            try:
                f()
            except Exception as e:   # keep cleaning up; report at the end
                errors.append(str(e))
        self.cleanups = []
        if errors:
            raise RuntimeError("teardown: " + "; ".join(errors))


class Event:
    __slots__ = ("t", "kind", "text", "fields")

    def __init__(self, t, kind, text):
        self.t, self.kind, self.text = t, kind, text
        self.fields = dict(m.groups() for m in re.finditer(r"(\w+)=(\S+)", text))

    def __repr__(self):
        return f"{self.t:.6f} {self.kind} {self.text}"


class EventReader:
    """Reads the backplane's event log incrementally; times in seconds of CLOCK_MONOTONIC."""

    def __init__(self, path):
        self.f = open(path)
        self.partial = ""
        self.all = []

    def poll(self):
        new = []
        data = self.f.read()
        if not data:
            return new
        data = self.partial + data
        lines = data.split("\n")
        self.partial = lines.pop()
        for line in lines:
            t, _, rest = line.partition(" ")
            kind, _, text = rest.partition(" ")
            try:
                ev = Event(int(t) / 1e9, kind, text)
            except ValueError:
                continue
            new.append(ev)
        self.all.extend(new)
        return new


class KmsgReader:
    """The kernel log's kit-i2c-stub write records: (t, tgid, comm, addr, reg, value)."""
    PATTERN = re.compile(r"kit-i2c-stub: write t=(\d+) tgid=(\d+) comm=(\S*) addr=0x([0-9a-f]+) "
                         r"reg=0x([0-9a-f]+) val=0x([0-9a-f]+)")

    def __init__(self):
        self.fd = os.open("/dev/kmsg", os.O_RDONLY | os.O_NONBLOCK)
        os.lseek(self.fd, 0, os.SEEK_END)
        self.all = []

    def poll(self):
        new = []
        while True:
            try:
                rec = os.read(self.fd, 8192).decode(errors="replace")
            except BlockingIOError:
                break
            except OSError:   # EPIPE: records were overwritten before we read them
                new.append(("lost", None))
                continue
            m = self.PATTERN.search(rec)
            if m:
                new.append((int(m.group(1)) / 1e9, int(m.group(2)), m.group(3), int(m.group(4), 16),
                            int(m.group(5), 16), int(m.group(6), 16)))
        self.all.extend(new)
        return new

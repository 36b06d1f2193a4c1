/*
 * backplane — the chassis around two SCs inside the kernel VM, and the judge's eyes.
 *
 * Every period (default 1 ms) it samples both Gchips' REF_SEL (two windows of the ivshmem BAR)
 * and every board's SPLL select (an SMBus word read on kit-i2c-stub: low byte = the register,
 * high byte = how many writes it has had), runs the clock physics (physics.c) on what it saw,
 * writes the Gchips' PHASE_LOCK/PEER_CLOCK and the boards' SPLL status back, copies each SC's
 * heartbeat-out and reset-out lines (gpio-sim sysfs `value`) to the other SC's inputs (`pull`),
 * kills an SC held in reset and starts it again when released, and logs every change with its
 * CLOCK_MONOTONIC time. Commands arrive one per line on a FIFO (see README.md).
 *
 * It is deliberately not Java and shares no code with pairlock: a bug common to pairlock's
 * drivers and its checker cannot hide here.
 *
 * Usage: backplane CONFIG-FILE
 */
#define _GNU_SOURCE
#include "backplane.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct backplane bp;
static FILE *events;

int64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int64_t realtime_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec;
}

void die(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "backplane: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    if (events) {
        fprintf(events, "%lld fatal see stderr\n", (long long)now_ns());
        fflush(events);
    }
    exit(2);
}

void event(int64_t now, const char *kind, const char *fmt, ...) {
    va_list ap;
    fprintf(events, "%lld %s ", (long long)now, kind);
    va_start(ap, fmt);
    vfprintf(events, fmt, ap);
    va_end(ap);
    fputc('\n', events);
    bp.events_dirty = 1;
}

/* ---- devices ------------------------------------------------------------------------------ */

static int open_or_die(const char *path, int flags) {
    int fd = open(path, flags | O_CLOEXEC);
    if (fd < 0) {
        die("cannot open %s: %s", path, strerror(errno));
    }
    return fd;
}

static uint32_t bar_read(uint32_t off) {
    return __atomic_load_n((volatile uint32_t *)(bp.bar + off), __ATOMIC_ACQUIRE);
}

static void bar_write(uint32_t off, uint32_t v) {
    __atomic_store_n((volatile uint32_t *)(bp.bar + off), v, __ATOMIC_RELEASE);
}

static void open_devices(void) {
    int fd = open_or_die(bp.cfg.bar_path, O_RDWR | O_SYNC);
    bp.bar = mmap(NULL, bp.cfg.bar_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (bp.bar == MAP_FAILED) {
        die("cannot mmap %s (%ld bytes): %s", bp.cfg.bar_path, bp.cfg.bar_size, strerror(errno));
    }
    close(fd);
    for (int s = 0; s < 2; s++) {
        if (bp.cfg.gchip_off[s] + 8 > (uint32_t)bp.cfg.bar_size) {
            die("gchip.%d.offset 0x%x is beyond the BAR (%ld bytes)", s, bp.cfg.gchip_off[s], bp.cfg.bar_size);
        }
        struct sc_lines *l = &bp.cfg.sc[s];
        l->hb_out_fd = open_or_die(l->hb_out, O_RDONLY);
        l->hb_in_fd = open_or_die(l->hb_in, O_WRONLY);
        l->reset_out_fd = open_or_die(l->reset_out, O_RDONLY);
        l->reset_in_fd = open_or_die(l->reset_in, O_WRONLY);
    }
    for (int i = 0; i < bp.cfg.nboards; i++) {
        bp.board_fd[i] = i2c_open_board(bp.cfg.i2c_dev, bp.cfg.board_addr[i]);
    }
    if (bp.cfg.nack_exempt_param[0]) {
        int f = open_or_die(bp.cfg.nack_exempt_param, O_WRONLY);
        dprintf(f, "%d\n", getpid());
        close(f);
    }
    if (bp.cfg.nack_param[0]) {
        bp.nack_fd = open_or_die(bp.cfg.nack_param, O_WRONLY);
    } else {
        bp.nack_fd = -1;
    }
}

/* Power-on register state: REF_SEL follower on both, each board on SC0's clock with its ID. */
static void reset_registers(int64_t now) {
    for (int s = 0; s < 2; s++) {
        bar_write(bp.cfg.gchip_off[s], 0);
        bp.refsel_seen[s] = 0;
    }
    for (int i = 0; i < bp.cfg.nboards; i++) {
        i2c_write_byte(bp.board_fd[i], bp.cfg.id_reg, bp.cfg.board_id);
        i2c_write_byte(bp.board_fd[i], bp.cfg.select_reg, 0);
        int w = i2c_read_word(bp.board_fd[i], bp.cfg.select_reg);
        if (w < 0) {
            die("board slot %d (0x%02x): cannot read back its select register", i, bp.cfg.board_addr[i]);
        }
        bp.select_word[i] = w;
    }
    (void)now;
}

void set_nack_mask(void) {
    if (bp.nack_fd >= 0) {
        unsigned long m = bp.nack_mask | bp.removed_mask;
        dprintf(bp.nack_fd, "%lu\n", m);
        lseek(bp.nack_fd, 0, SEEK_SET);
    }
}

/* ---- SC processes --------------------------------------------------------------------------- */

void sc_start(int s, int64_t now) {
    struct sc_proc *p = &bp.proc[s];
    if (p->pid > 0) {
        p->restart_pending = 1; /* still being reaped: start when it is gone */
        return;
    }
    if (!bp.cfg.sc[s].cmd[0]) {
        event(now, "proc", "sc=%d start ignored: no sc.%d.cmd", s, s);
        return;
    }
    pid_t pid = fork();
    if (pid < 0) {
        event(now, "error", "fork for sc%d failed: %s", s, strerror(errno));
        return;
    }
    if (pid == 0) {
        setsid();
        struct sched_param sp = {0};
        sched_setscheduler(0, SCHED_OTHER, &sp);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        int log = open(bp.cfg.sc[s].log, O_WRONLY | O_APPEND | O_CREAT, 0644);
        if (log >= 0) {
            dprintf(log, "--- kit: sc%d incarnation pid %d started at mono %lld\n", s, getpid(), (long long)now_ns());
            dup2(log, 1);
            dup2(log, 2);
            close(log);
        }
        int nul = open("/dev/null", O_RDONLY);
        if (nul >= 0) {
            dup2(nul, 0);
            close(nul);
        }
        if (bp.cfg.sc[s].netns[0]) {
            int ns = open(bp.cfg.sc[s].netns, O_RDONLY);
            if (ns < 0 || setns(ns, CLONE_NEWNET) < 0) {
                dprintf(2, "kit: cannot enter netns %s: %s\n", bp.cfg.sc[s].netns, strerror(errno));
                _exit(127);
            }
            close(ns);
            /* as `ip netns exec` does: a private /sys, so that /sys/class/net shows this SC's links
               (the daemon reads its links' carrier there); sysfs mounted in the new netns */
            if (unshare(CLONE_NEWNS) < 0 || mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0) {
                dprintf(2, "kit: cannot make a private mount namespace: %s\n", strerror(errno));
                _exit(127);
            }
            umount2("/sys", MNT_DETACH);
            if (mount("sysfs", "/sys", "sysfs", 0, NULL) < 0) {
                dprintf(2, "kit: cannot mount sysfs for netns %s: %s\n", bp.cfg.sc[s].netns, strerror(errno));
                _exit(127);
            }
        }
        char idx[4];
        snprintf(idx, sizeof idx, "%d", s);
        setenv("KIT_SC", idx, 1);
        execl("/bin/sh", "sh", "-c", bp.cfg.sc[s].cmd, (char *)NULL);
        _exit(127);
    }
    p->pid = pid;
    p->stopped = 0;
    p->restart_pending = 0;
    p->incarnation++;
    event(now, "proc", "sc=%d start pid=%d incarnation=%d", s, pid, p->incarnation);
}

void sc_signal(int s, int sig, int64_t now) {
    struct sc_proc *p = &bp.proc[s];
    if (p->pid <= 0) {
        event(now, "proc", "sc=%d signal=%d ignored: not running", s, sig);
        return;
    }
    if (kill(-p->pid, sig) < 0) {
        event(now, "error", "kill(-%d, %d) failed: %s", p->pid, sig, strerror(errno));
        return;
    }
    if (sig == SIGSTOP) {
        p->stopped = 1;
    } else if (sig == SIGCONT) {
        p->stopped = 0;
    }
    event(now, "proc", "sc=%d signal=%d pid=%d", s, sig, p->pid);
}

static void reap(int64_t now) {
    int st;
    pid_t pid;
    while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
        for (int s = 0; s < 2; s++) {
            struct sc_proc *p = &bp.proc[s];
            if (p->pid != pid) {
                continue;
            }
            if (WIFSIGNALED(st)) {
                event(now, "proc", "sc=%d exit pid=%d signal=%d", s, pid, WTERMSIG(st));
            } else {
                event(now, "proc", "sc=%d exit pid=%d status=%d", s, pid, WEXITSTATUS(st));
            }
            p->pid = 0;
            p->stopped = 0;
            if (p->restart_pending && bp.ph.powered[s] && !bp.in_reset[s]) {
                sc_start(s, now);
            }
        }
    }
}

void hold_in_reset(int s, int held, int by, int64_t now) {
    if (held == bp.in_reset[s]) {
        return;
    }
    bp.in_reset[s] = held;
    if (held) {
        event(now, "reset", "sc=%d held=1 by=sc%d pid=%d", s, by, bp.proc[s].pid);
        if (bp.proc[s].pid > 0) {
            kill(-bp.proc[s].pid, SIGKILL);
        }
        bp.proc[s].restart_pending = 0;
        bar_write(bp.cfg.gchip_off[s], 0); /* REF_SEL's reset value: follower */
    } else {
        event(now, "reset", "sc=%d held=0 by=sc%d", s, by);
        if (bp.ph.powered[s]) {
            sc_start(s, now);
        }
    }
}

/* ---- sampling ----------------------------------------------------------------------------------- */

static void sample_gchips(int64_t now) {
    for (int s = 0; s < 2; s++) {
        int v = (int)(bar_read(bp.cfg.gchip_off[s]) & 1);
        if (bp.in_reset[s] && v) {
            /* nothing runs on an SC held in reset: a leader bit now is a write that must not be */
            bp.writes_in_reset++;
            event(now, "violation", "kind=refsel-write-in-reset sc=%d", s);
            bar_write(bp.cfg.gchip_off[s], 0);
            v = 0;
        }
        if (v != bp.refsel_seen[s]) {
            bp.refsel_seen[s] = v;
            event(now, "refsel", "sc=%d leader=%d", s, v);
            phys_set_refsel(&bp.ph, s, v, now);
        }
    }
    int both = phys_effective_leader(&bp.ph, 0) && phys_effective_leader(&bp.ph, 1);
    if (both) {
        bp.both_leader_samples++;
        if (!bp.both_since) {
            bp.both_since = now;
            event(now, "violation", "kind=both-leaders begin");
        }
    } else if (bp.both_since) {
        event(now, "violation", "kind=both-leaders end duration_us=%lld", (long long)((now - bp.both_since) / 1000));
        bp.both_since = 0;
    }
}

static void sample_boards(int64_t now) {
    for (int i = 0; i < bp.cfg.nboards; i++) {
        if (bp.removed_mask & (1UL << i)) {
            continue;
        }
        int w = i2c_read_word(bp.board_fd[i], bp.cfg.select_reg);
        if (w < 0) {
            if (!bp.read_error[i]) {
                event(now, "error", "slot=%d select read failed: %s", i, strerror(errno));
            }
            bp.read_error[i] = 1;
            continue;
        }
        bp.read_error[i] = 0;
        int writes = ((w >> 8) - (bp.select_word[i] >> 8)) & 0xff;
        if (writes || (w & 1) != (bp.select_word[i] & 1)) {
            bp.select_word[i] = w;
            phys_select(&bp.ph, i, w & 1, writes, now);
            if (bp.trigger_left > 0 && (w & 1) == bp.trigger_sc) {
                bp.trigger_left -= writes ? writes : 1;
                if (bp.trigger_left <= 0) {
                    event(now, "trigger", "sc=%d signal=%d after its select write on slot %d", bp.trigger_sc,
                          bp.trigger_sig, i);
                    sc_signal(bp.trigger_sc, bp.trigger_sig, now);
                }
            }
        }
    }
}

static void publish_status(int64_t now) {
    for (int s = 0; s < 2; s++) {
        uint32_t st = phys_gchip_status(&bp.ph, s);
        if (st != bp.gchip_status[s] || !bp.published) {
            bp.gchip_status[s] = st;
            bar_write(bp.cfg.gchip_off[s] + 4, st);
        }
    }
    for (int i = 0; i < bp.cfg.nboards; i++) {
        if (bp.removed_mask & (1UL << i)) {
            continue;
        }
        int st = phys_board_status(&bp.ph, i);
        if (st != bp.board_status[i] || !bp.published) {
            if (bp.published) {
                const struct phys_board *b = &bp.ph.b[i];
                event(now, "spll", "slot=%d status=0x%x input=sc%d locked=%d running=%d", i, st, b->input, b->locked,
                      b->running);
            }
            bp.board_status[i] = st;
            i2c_write_byte(bp.board_fd[i], bp.cfg.status_reg, st);
        }
    }
    bp.published = 1;
}

/* ---- main loop ------------------------------------------------------------------------------------ */

static volatile sig_atomic_t stop_requested;

static void on_term(int sig) {
    (void)sig;
    stop_requested = 1;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: backplane CONFIG-FILE\n");
        return 2;
    }
    load_config(argv[1]);
    events = fopen(bp.cfg.events_path, "a");
    if (!events) {
        die("cannot open the event log %s: %s", bp.cfg.events_path, strerror(errno));
    }
    setvbuf(events, NULL, _IOFBF, 1 << 16);
    open_devices();
    open_wires();
    open_control();
    signal(SIGTERM, on_term);
    signal(SIGINT, on_term);
    signal(SIGPIPE, SIG_IGN);
    if (bp.cfg.rt_priority > 0) {
        struct sched_param sp = {.sched_priority = bp.cfg.rt_priority};
        if (sched_setscheduler(0, SCHED_FIFO | SCHED_RESET_ON_FORK, &sp) < 0) {
            die("cannot run SCHED_FIFO %d: %s", bp.cfg.rt_priority, strerror(errno));
        }
        mlockall(MCL_CURRENT | MCL_FUTURE);
    }
    int64_t t0 = now_ns();
    event(t0, "clock", "realtime_ns=%lld pid=%d period_us=%d seed=%llu boards=%d", (long long)realtime_ns(), getpid(),
          bp.cfg.period_us, (unsigned long long)bp.cfg.seed, bp.cfg.nboards);
    phys_init(&bp.ph, &bp.cfg.phys, bp.cfg.nboards, bp.cfg.seed, event);
    reset_registers(t0);
    set_nack_mask();
    for (int s = 0; s < 2; s++) {
        bp.hb_seen[s] = bp.reset_seen[s] = -1;
        bp.hb_driven[s] = -1;
        if (bp.cfg.sc[s].autostart) {
            sc_start(s, t0);
        }
    }
    const int64_t period = (int64_t)bp.cfg.period_us * 1000;
    struct timespec next;
    clock_gettime(CLOCK_MONOTONIC, &next);
    int64_t last = t0, stats_at = t0 + 1000000000LL, state_at = t0;
    while (!stop_requested && !bp.quit) {
        next.tv_nsec += period;
        while (next.tv_nsec >= 1000000000L) {
            next.tv_nsec -= 1000000000L;
            next.tv_sec++;
        }
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
        int64_t now = now_ns();
        int64_t gap = now - last;
        last = now;
        sample_stats(gap);
        if (now - ((int64_t)next.tv_sec * 1000000000LL + next.tv_nsec) > period) {
            next.tv_sec = now / 1000000000LL; /* fell behind (TCG, host load): do not burst to catch up */
            next.tv_nsec = now % 1000000000LL;
        }
        read_commands(now);
        reap(now);
        copy_wires(now);
        sample_gchips(now);
        phys_tick(&bp.ph, now);
        sample_boards(now);
        phys_tick(&bp.ph, now);
        publish_status(now);
        if (now >= state_at) {
            write_state(now);
            state_at = now + 20000000LL;
        }
        if (now >= stats_at) {
            report_stats(now, 0);
            stats_at = now + 1000000000LL;
        }
        if (bp.events_dirty) {
            fflush(events);
            bp.events_dirty = 0;
        }
        int64_t busy = now_ns() - now;
        if (busy > bp.max_busy_window) {
            bp.max_busy_window = busy;
        }
        bp.busy_window += busy;
    }
    int64_t end = now_ns();
    for (int s = 0; s < 2; s++) {
        if (bp.proc[s].pid > 0) {
            kill(-bp.proc[s].pid, SIGKILL);
        }
    }
    close_wires();
    report_stats(end, 1);
    write_state(end);
    event(end, "exit", "both_leader_samples=%ld dstops=%ld losses=%ld", bp.both_leader_samples, bp.ph.dstops,
          bp.ph.losses);
    fflush(events);
    return 0;
}

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
#include "base.h"

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
        /* every write this read counted was logged by kit-i2c-stub before this instant: the judge
         * matches the write log to this sample by it (a select switched there and back between two
         * samples shows only in the log) */
        int64_t read_at = now_ns();
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
            phys_select(&bp.ph, i, w & 1, writes, now, read_at);
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
    open_events();
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
            flush_events();
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
    flush_events();
    return 0;
}

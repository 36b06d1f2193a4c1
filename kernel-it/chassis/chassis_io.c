/* The backplane's configuration file, command FIFO, state file and statistics. */
#define _GNU_SOURCE
#include "base.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/i2c-dev.h>
#include <linux/i2c.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- configuration: `key = value` lines, '#' comments -------------------------------------------- */

static long number(const char *file, int line, const char *key, const char *v, long lo, long hi) {
    char *end;
    errno = 0;
    long n = strtol(v, &end, 0);
    if (errno || end == v || *end || n < lo || n > hi) {
        die("%s:%d: %s: '%s' is not a number in %ld..%ld", file, line, key, v, lo, hi);
    }
    return n;
}

static void range_ms(const char *file, int line, const char *key, const char *v, int64_t *lo, int64_t *hi) {
    char buf[64];
    snprintf(buf, sizeof buf, "%s", v);
    char *dots = strstr(buf, "..");
    if (!dots) {
        die("%s:%d: %s: '%s' is not MIN..MAX (milliseconds)", file, line, key, v);
    }
    *dots = 0;
    *lo = number(file, line, key, buf, 0, 3600000) * 1000000LL;
    *hi = number(file, line, key, dots + 2, 0, 3600000) * 1000000LL;
    if (*hi < *lo) {
        die("%s:%d: %s: '%s': MAX is below MIN", file, line, key, v);
    }
}

static void copy_path(char *dst, const char *v) {
    snprintf(dst, PATH_LEN, "%s", v);
}

void load_config(const char *path) {
    struct config *c = &bp.cfg;
    memset(c, 0, sizeof *c);
    c->period_us = 1000;
    c->board_id = 0x5a;
    c->id_reg = 0x00;
    c->select_reg = 0x10;
    c->status_reg = 0x11;
    c->gchip_off[1] = 0x1000;
    c->reset_wired[0] = c->reset_wired[1] = 1;
    c->seed = 1;
    c->sc[0].hb_out_line = c->sc[1].hb_out_line = 0;
    c->sc[0].reset_out_line = c->sc[1].reset_out_line = 2;
    c->phys = (struct phys_params){.lock_ns = 50000000LL, .both_leaders_min_ns = 10000000LL,
                                   .both_leaders_max_ns = 100000000LL, .both_followers_min_ns = 300000000LL,
                                   .both_followers_max_ns = 3000000000LL, .relock_ns = 20000000LL};
    FILE *f = fopen(path, "r");
    if (!f) {
        die("cannot read %s: %s", path, strerror(errno));
    }
    char raw[8192];
    int line = 0;
    while (fgets(raw, sizeof raw, f)) {
        line++;
        char *hash = strchr(raw, '#');
        if (hash) {
            *hash = 0;
        }
        char *eq = strchr(raw, '=');
        char *k = raw;
        while (isspace((unsigned char)*k)) {
            k++;
        }
        if (!*k) {
            continue;
        }
        if (!eq) {
            die("%s:%d: '%s' is not key = value", path, line, k);
        }
        *eq = 0;
        char *v = eq + 1;
        for (char *e = eq - 1; e >= k && isspace((unsigned char)*e); e--) {
            *e = 0;
        }
        while (isspace((unsigned char)*v)) {
            v++;
        }
        for (char *e = v + strlen(v) - 1; e >= v && isspace((unsigned char)*e); e--) {
            *e = 0;
        }
        int n;
        char part[32];
        if (!strcmp(k, "events")) copy_path(c->events_path, v);
        else if (!strcmp(k, "state")) copy_path(c->state_path, v);
        else if (!strcmp(k, "control")) copy_path(c->control_path, v);
        else if (!strcmp(k, "bar")) copy_path(c->bar_path, v);
        else if (!strcmp(k, "bar_size")) c->bar_size = number(path, line, k, v, 4096, 1L << 30);
        else if (!strcmp(k, "i2c")) copy_path(c->i2c_dev, v);
        else if (!strcmp(k, "nack_param")) copy_path(c->nack_param, v);
        else if (!strcmp(k, "nack_exempt_param")) copy_path(c->nack_exempt_param, v);
        else if (!strcmp(k, "gpio_log_param")) copy_path(c->gpio_log_param, v);
        else if (!strcmp(k, "stub_params")) copy_path(c->stub_params, v);
        else if (!strcmp(k, "board_id")) c->board_id = (int)number(path, line, k, v, 0, 255);
        else if (!strcmp(k, "period_us")) c->period_us = (int)number(path, line, k, v, 100, 100000);
        else if (!strcmp(k, "rt_priority")) c->rt_priority = (int)number(path, line, k, v, 0, 99);
        else if (!strcmp(k, "log_heartbeat")) c->log_heartbeat = (int)number(path, line, k, v, 0, 1);
        else if (!strcmp(k, "seed")) c->seed = strtoull(v, NULL, 0);
        else if (!strcmp(k, "lock_ms")) c->phys.lock_ns = number(path, line, k, v, 1, 60000) * 1000000LL;
        else if (!strcmp(k, "relock_ms")) c->phys.relock_ns = number(path, line, k, v, 1, 60000) * 1000000LL;
        else if (!strcmp(k, "both_leaders_ms"))
            range_ms(path, line, k, v, &c->phys.both_leaders_min_ns, &c->phys.both_leaders_max_ns);
        else if (!strcmp(k, "both_followers_ms"))
            range_ms(path, line, k, v, &c->phys.both_followers_min_ns, &c->phys.both_followers_max_ns);
        else if (sscanf(k, "gchip.%d.%31s", &n, part) == 2 && (n == 0 || n == 1) && !strcmp(part, "offset"))
            c->gchip_off[n] = (uint32_t)number(path, line, k, v, 0, 1L << 30);
        else if (sscanf(k, "board.%d%31s", &n, part) == 1 && n >= 0 && n < PHYS_MAX_BOARDS) {
            if (n != c->nboards) {
                die("%s:%d: %s: boards must be listed in slot order 0, 1, ... (expected board.%d)", path, line, k,
                    c->nboards);
            }
            c->board_addr[c->nboards++] = (int)number(path, line, k, v, 3, 0x77);
        } else if (sscanf(k, "reset.%d", &n) == 1 && (n == 0 || n == 1)) {
            c->reset_wired[n] = (int)number(path, line, k, v, 0, 1);
        } else if (sscanf(k, "sc.%d.%31s", &n, part) == 2 && (n == 0 || n == 1)) {
            struct sc_lines *l = &c->sc[n];
            if (!strcmp(part, "hb_out")) copy_path(l->hb_out, v);
            else if (!strcmp(part, "hb_in")) copy_path(l->hb_in, v);
            else if (!strcmp(part, "reset_out")) copy_path(l->reset_out, v);
            else if (!strcmp(part, "reset_in")) copy_path(l->reset_in, v);
            else if (!strcmp(part, "cmd")) snprintf(l->cmd, sizeof l->cmd, "%s", v);
            else if (!strcmp(part, "netns")) copy_path(l->netns, v);
            else if (!strcmp(part, "log")) copy_path(l->log, v);
            else if (!strcmp(part, "autostart")) l->autostart = (int)number(path, line, k, v, 0, 1);
            else if (!strcmp(part, "label")) snprintf(l->label, sizeof l->label, "%s", v);
            else if (!strcmp(part, "hb_out_line")) l->hb_out_line = (int)number(path, line, k, v, 0, 63);
            else if (!strcmp(part, "reset_out_line")) l->reset_out_line = (int)number(path, line, k, v, 0, 63);
            else die("%s:%d: %s is not a known key", path, line, k);
        } else {
            die("%s:%d: %s is not a known key", path, line, k);
        }
    }
    fclose(f);
    const char *required[][2] = {{c->events_path, "events"}, {c->state_path, "state"}, {c->control_path, "control"},
                                 {c->bar_path, "bar"}, {c->i2c_dev, "i2c"}};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        if (!required[i][0][0]) {
            die("%s: %s is required", path, required[i][1]);
        }
    }
    if (!c->bar_size) {
        die("%s: bar_size is required", path);
    }
    if (!c->nboards) {
        die("%s: no board.0 = ADDRESS line: a chassis needs boards", path);
    }
    for (int s = 0; s < 2; s++) {
        struct sc_lines *l = &c->sc[s];
        if (!l->hb_out[0] || !l->hb_in[0] || !l->reset_out[0] || !l->reset_in[0]) {
            die("%s: sc.%d.hb_out, hb_in, reset_out and reset_in are all required", path, s);
        }
        if (!l->log[0]) {
            snprintf(l->log, PATH_LEN, "/dev/null");
        }
    }
}

/* ---- commands ------------------------------------------------------------------------------------ */

void open_control(void) {
    if (mkfifo(bp.cfg.control_path, 0600) < 0 && errno != EEXIST) {
        die("cannot create the command FIFO %s: %s", bp.cfg.control_path, strerror(errno));
    }
    bp.control_fd = open(bp.cfg.control_path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (bp.control_fd < 0) {
        die("cannot open %s: %s", bp.cfg.control_path, strerror(errno));
    }
    /* our own writer end: without it, every writer closing would make the FIFO read EOF forever */
    bp.control_keep_fd = open(bp.cfg.control_path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
}

static int parse_signal(const char *s) {
    static const struct { const char *name; int sig; } names[] = {
        {"KILL", SIGKILL}, {"STOP", SIGSTOP}, {"CONT", SIGCONT}, {"TERM", SIGTERM}, {"INT", SIGINT}, {"HUP", SIGHUP}};
    if (!strncmp(s, "SIG", 3)) {
        s += 3;
    }
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (!strcmp(s, names[i].name)) {
            return names[i].sig;
        }
    }
    int n = atoi(s);
    return n > 0 && n < 64 ? n : -1;
}

static int on_off(const char *v) {
    return !strcmp(v, "on") ? 1 : !strcmp(v, "off") ? 0 : -1;
}

static void command(char *line, int64_t now) {
    char verb[32] = "", a[64] = "", b[64] = "";
    int n = sscanf(line, "%31s %63s %63s", verb, a, b);
    if (n < 1) {
        return;
    }
    int sc = atoi(a);
    int ok_sc = (n >= 2 && (!strcmp(a, "0") || !strcmp(a, "1")));
    int slot = atoi(a);
    int ok_slot = n >= 2 && isdigit((unsigned char)a[0]) && slot >= 0 && slot < bp.cfg.nboards;
    if (!strcmp(verb, "mark")) {
        event(now, "mark", "%s", strlen(line) > 5 ? line + 5 : "");
    } else if (!strcmp(verb, "quit")) {
        bp.quit = 1;
    } else if (!strcmp(verb, "start") && ok_sc) {
        if (bp.proc[sc].pid > 0) {
            event(now, "proc", "sc=%d start ignored: already running (pid %d)", sc, bp.proc[sc].pid);
        } else if (bp.ph.powered[sc] && !bp.in_reset[sc]) {
            sc_start(sc, now);
        } else {
            event(now, "proc", "sc=%d start ignored: powered=%d in_reset=%d", sc, bp.ph.powered[sc], bp.in_reset[sc]);
        }
    } else if (!strcmp(verb, "signal") && ok_sc && n == 3 && parse_signal(b) > 0) {
        sc_signal(sc, parse_signal(b), now);
    } else if (!strcmp(verb, "power") && ok_sc && on_off(b) >= 0) {
        int on = on_off(b);
        event(now, "power", "sc=%d on=%d", sc, on);
        if (!on) {
            if (bp.proc[sc].pid > 0) {
                kill(-bp.proc[sc].pid, SIGKILL);
            }
            bp.proc[sc].restart_pending = 0;
            phys_set_power(&bp.ph, sc, 0, now);
        } else if (!bp.ph.powered[sc]) {
            *(volatile uint32_t *)(bp.bar + bp.cfg.gchip_off[sc]) = 0;
            bp.refsel_seen[sc] = 0;
            phys_set_power(&bp.ph, sc, 1, now); /* powered, REF_SEL follower; `start N` boots its daemon */
        }
    } else if (!strcmp(verb, "trigger") && ok_sc && n == 3 && parse_signal(b) > 0) {
        /* trigger SC SIGNAL [COUNT]: signal SC once COUNT (default 1) select writes onto its clock were seen */
        int count = 1;
        char extra[16];
        if (sscanf(line, "%*s %*s %*s %15s", extra) == 1) {
            count = atoi(extra) > 0 ? atoi(extra) : 1;
        }
        if (parse_signal(b) == SIGKILL && bp.cfg.stub_params[0] && bp.proc[sc].pid > 0) {
            /* exact: kit-i2c-stub kills the process inside its count-th write (sampling would be late) */
            char path[PATH_LEN + 32];
            const char *names[] = {"kill_reg", "kill_after", "kill_tgid"};
            int values[] = {bp.cfg.select_reg, count, bp.proc[sc].pid};
            for (int i = 0; i < 3; i++) {
                snprintf(path, sizeof path, "%s/%s", bp.cfg.stub_params, names[i]);
                int f = open(path, O_WRONLY | O_CLOEXEC);
                if (f < 0 || dprintf(f, "%d\n", values[i]) < 0) {
                    event(now, "error", "cannot arm the kill in %s: %s", path, strerror(errno));
                }
                if (f >= 0) {
                    close(f);
                }
            }
            event(now, "trigger", "armed sc=%d pid=%d kill in its select write %d (kit-i2c-stub)", sc, bp.proc[sc].pid,
                  count);
        } else {
            bp.trigger_sc = sc;
            bp.trigger_sig = parse_signal(b);
            bp.trigger_left = count;
            event(now, "trigger", "armed sc=%d signal=%d count=%d (sampled)", sc, bp.trigger_sig, count);
        }
    } else if (!strcmp(verb, "cut") && ok_sc && on_off(b) >= 0) {
        bp.hb_cut[sc] = on_off(b);
        event(now, "wire", "heartbeat from sc=%d cut=%d", sc, bp.hb_cut[sc]);
    } else if (!strcmp(verb, "reset-wire") && ok_sc && on_off(b) >= 0) {
        bp.cfg.reset_wired[sc] = on_off(b);
        event(now, "wire", "reset from sc=%d wired=%d", sc, bp.cfg.reset_wired[sc]);
    } else if (!strcmp(verb, "nack") && ok_slot && on_off(b) >= 0) {
        if (on_off(b)) {
            bp.nack_mask |= 1UL << slot;
        } else {
            bp.nack_mask &= ~(1UL << slot);
        }
        set_nack_mask();
        event(now, "board", "slot=%d nack=%d", slot, on_off(b));
    } else if (!strcmp(verb, "remove") && ok_slot) {
        bp.removed_mask |= 1UL << slot;
        set_nack_mask();
        phys_remove(&bp.ph, slot, now);
    } else if (!strcmp(verb, "insert") && ok_slot) {
        bp.removed_mask &= ~(1UL << slot);
        i2c_write_byte(bp.board_fd[slot], bp.cfg.select_reg, 0);
        bp.select_word[slot] = i2c_read_word(bp.board_fd[slot], bp.cfg.select_reg);
        phys_insert(&bp.ph, slot, now);
        bp.board_status[slot] = -1;
        set_nack_mask();
    } else {
        event(now, "error", "unknown or malformed command: %s", line);
    }
}

void read_commands(int64_t now) {
    for (;;) {
        ssize_t n = read(bp.control_fd, bp.control_buf + bp.control_len, sizeof bp.control_buf - 1 - bp.control_len);
        if (n <= 0) {
            break;
        }
        bp.control_len += (size_t)n;
        bp.control_buf[bp.control_len] = 0;
        char *start = bp.control_buf, *nl;
        while ((nl = strchr(start, '\n'))) {
            *nl = 0;
            command(start, now);
            start = nl + 1;
        }
        bp.control_len = strlen(start);
        memmove(bp.control_buf, start, bp.control_len + 1);
        if (bp.control_len == sizeof bp.control_buf - 1) {
            bp.control_len = 0; /* an overlong line: drop it */
        }
    }
}

/* ---- state snapshot (read by the campaign runner), statistics --------------------------------------- */

void write_state(int64_t now) {
    char tmp[PATH_LEN + 8];
    snprintf(tmp, sizeof tmp, "%s.tmp", bp.cfg.state_path);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        return;
    }
    const struct phys *ph = &bp.ph;
    fprintf(f, "t=%lld\npowered=%d,%d\nin_reset=%d,%d\nleader=%d,%d\nlocked=%d\nmode=%s\n", (long long)now,
            ph->powered[0], ph->powered[1], bp.in_reset[0], bp.in_reset[1], phys_effective_leader(ph, 0),
            phys_effective_leader(ph, 1), ph->locked, phys_mode_name(ph->mode));
    fprintf(f, "pid=%d,%d\nstopped=%d,%d\nincarnation=%d,%d\nhb_cut=%d,%d\nhb_edges=%ld,%ld\n", bp.proc[0].pid,
            bp.proc[1].pid, bp.proc[0].stopped, bp.proc[1].stopped, bp.proc[0].incarnation, bp.proc[1].incarnation,
            bp.hb_cut[0], bp.hb_cut[1], bp.hb_edges[0], bp.hb_edges[1]);
    fprintf(f, "boards=");
    for (int i = 0; i < ph->nboards; i++) {
        const struct phys_board *b = &ph->b[i];
        /* slot:present:nack:input:locked:running */
        fprintf(f, "%s%d:%d:%d:%d:%d:%d", i ? " " : "", i, b->present, (int)((bp.nack_mask >> i) & 1), b->input,
                b->locked, b->running);
    }
    fprintf(f, "\ndstops=%ld\nlosses=%ld\nunlocked_selects=%ld\nboth_leader_samples=%ld\nwrites_in_reset=%ld\n",
            ph->dstops, ph->losses, ph->unlocked_selects, bp.both_leader_samples, bp.writes_in_reset);
    fprintf(f, "kmsg_lost=%ld\nwire_resyncs=%ld\n", bp.kmsg_lost, bp.wire_resyncs);
    fprintf(f, "samples=%ld\nmax_gap_us=%lld\ngaps_over_2ms=%ld\ngaps_over_5ms=%ld\ngaps_over_20ms=%ld\n", bp.samples,
            (long long)(bp.max_gap / 1000), bp.gaps_over_2ms, bp.gaps_over_5ms, bp.gaps_over_20ms);
    fclose(f);
    rename(tmp, bp.cfg.state_path);
}

void sample_stats(int64_t gap) {
    bp.samples++;
    bp.samples_window++;
    if (bp.samples == 1) {
        return; /* the first "gap" is the start-up */
    }
    if (gap > bp.max_gap) bp.max_gap = gap;
    if (gap > bp.max_gap_window) bp.max_gap_window = gap;
    if (gap > 2000000) bp.gaps_over_2ms++;
    if (gap > 5000000) bp.gaps_over_5ms++;
    if (gap > 20000000) bp.gaps_over_20ms++;
}

void report_stats(int64_t now, int final) {
    if (final) {
        event(now, "stats", "final samples=%ld max_gap_us=%lld gaps_over_2ms=%ld gaps_over_5ms=%ld gaps_over_20ms=%ld",
              bp.samples, (long long)(bp.max_gap / 1000), bp.gaps_over_2ms, bp.gaps_over_5ms, bp.gaps_over_20ms);
    } else {
        event(now, "stats", "samples=%ld max_gap_us=%lld busy_avg_us=%lld busy_max_us=%lld", bp.samples_window,
              (long long)(bp.max_gap_window / 1000),
              (long long)(bp.samples_window ? bp.busy_window / bp.samples_window / 1000 : 0),
              (long long)(bp.max_busy_window / 1000));
    }
    bp.busy_window = bp.max_busy_window = 0;
    bp.samples_window = 0;
    bp.max_gap_window = 0;
}

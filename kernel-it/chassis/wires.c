/*
 * The backplane's wires: each SC's heartbeat-out to the other's heartbeat-in, and each SC's
 * reset-out holding the other in reset.
 *
 * gpio-sim cannot wire two lines, so the backplane plays the cable: it learns an output's changes
 * from the kernel log (kernel-it's gpio-sim logs every output change with log_outputs=1, see
 * vm/gpio-sim-outlog.patch) and drives the input's `pull`, which gives the daemon on the other side
 * real GPIO v2 edge events. The log is a queue: an edge or a short reset pulse is never lost,
 * however late the backplane gets to run on a loaded TCG guest; it is at worst delivered late, and
 * in order. The sysfs `value` of each output is read as well every period, as a cross-check and a
 * fallback (logged as `wire-resync` when the log missed something).
 */
#define _GNU_SOURCE
#include "base.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int kmsg_fd = -1;

/*
 * Edges for each SC's heartbeat-in, delivered one per period: gpio-sim raises its edge interrupt
 * through irq_sim's irq_work, and two pull changes before that runs would make one event. A burst
 * (the backplane ran late and found several edges in the log) is spread out, in order.
 */
#define EDGE_QUEUE 256
static struct {
    uint8_t level[EDGE_QUEUE];
    unsigned head, tail;
} edges[2];

static void queue_edge(int to, int level) {
    unsigned n = edges[to].tail - edges[to].head;
    int last = n ? edges[to].level[(edges[to].tail - 1) % EDGE_QUEUE] : bp.hb_driven[to];
    if (level == last) {
        return;
    }
    if (n == EDGE_QUEUE) {
        bp.edges_dropped++;
        return;
    }
    edges[to].level[edges[to].tail++ % EDGE_QUEUE] = (uint8_t)level;
}

static void deliver_edges(void) {
    for (int to = 0; to < 2; to++) {
        if (edges[to].tail != edges[to].head) {
            int level = edges[to].level[edges[to].head++ % EDGE_QUEUE];
            bp.hb_driven[to] = level;
            write_pull(bp.cfg.sc[to].hb_in_fd, level);
        }
    }
}

int read_level(int fd) {
    char c[4];
    ssize_t n = pread(fd, c, sizeof c, 0);
    return n >= 1 ? (c[0] == '1') : -1;
}

void write_pull(int fd, int level) {
    const char *v = level ? "pull-up" : "pull-down";
    if (pwrite(fd, v, strlen(v), 0) < 0) {
        event(now_ns(), "error", "gpio pull write failed: %s", strerror(errno));
    }
}

void open_wires(void) {
    if (!bp.cfg.gpio_log_param[0]) {
        return; /* sysfs sampling only */
    }
    int p = open(bp.cfg.gpio_log_param, O_WRONLY | O_CLOEXEC);
    if (p < 0 || write(p, "1\n", 2) != 2) {
        die("cannot enable gpio-sim's output log through %s: %s (is kernel-it's gpio-sim loaded?)",
            bp.cfg.gpio_log_param, strerror(errno));
    }
    close(p);
    kmsg_fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (kmsg_fd < 0) {
        die("cannot read /dev/kmsg: %s", strerror(errno));
    }
    lseek(kmsg_fd, 0, SEEK_END);
}

void close_wires(void) {
    if (bp.cfg.gpio_log_param[0]) {
        int p = open(bp.cfg.gpio_log_param, O_WRONLY | O_CLOEXEC);
        if (p >= 0) {
            if (write(p, "0\n", 2) < 0) {
                /* best effort on the way out */
            }
            close(p);
        }
    }
}

static void heartbeat(int s, int level, int64_t t) {
    int peer = 1 - s;
    if (level != bp.hb_seen[s]) {
        bp.hb_seen[s] = level;
        bp.hb_edges[s]++;
        if (bp.cfg.log_heartbeat) {
            event(t, "hb", "sc=%d level=%d", s, level);
        }
    }
    queue_edge(peer, bp.hb_cut[s] ? 0 : level);
}

static void reset_line(int s, int level, int64_t t, int64_t now) {
    if (level == bp.reset_seen[s]) {
        return;
    }
    bp.reset_seen[s] = level;
    event(t, "reset-line", "sc=%d level=%d wired=%d", s, level, bp.cfg.reset_wired[s]);
    if (bp.cfg.reset_wired[s]) {
        write_pull(bp.cfg.sc[1 - s].reset_in_fd, level);
        hold_in_reset(1 - s, level, s, now);
    }
}

/* One record: "6,1234,56789,-;gpio_sim: out label=pl-sc0 line=0 value=1 t=123456789" */
static void kmsg_record(const char *rec, int64_t now) {
    const char *msg = strchr(rec, ';');
    if (!msg || strncmp(msg + 1, "gpio_sim: out ", 14)) {
        return;
    }
    char label[64];
    unsigned line;
    int value;
    long long t;
    if (sscanf(msg + 15, "label=%63s line=%u value=%d t=%lld", label, &line, &value, &t) != 4) {
        return;
    }
    for (int s = 0; s < 2; s++) {
        if (strcmp(label, bp.cfg.sc[s].label)) {
            continue;
        }
        if ((int)line == bp.cfg.sc[s].hb_out_line) {
            heartbeat(s, value, t);
        } else if ((int)line == bp.cfg.sc[s].reset_out_line) {
            reset_line(s, value, t, now);
        }
    }
}

static void read_kmsg(int64_t now) {
    char rec[1024];
    for (;;) {
        ssize_t n = read(kmsg_fd, rec, sizeof rec - 1);
        if (n < 0) {
            if (errno == EPIPE) {
                bp.kmsg_lost++;
                event(now, "error", "kernel log records overwritten before the backplane read them");
                continue;
            }
            return; /* EAGAIN: nothing more */
        }
        rec[n] = 0;
        kmsg_record(rec, now);
    }
}

void copy_wires(int64_t now) {
    static int64_t reassert_at;
    if (kmsg_fd >= 0) {
        read_kmsg(now);
    }
    for (int s = 0; s < 2; s++) {
        struct sc_lines *l = &bp.cfg.sc[s];
        int hb = read_level(l->hb_out_fd);
        int rs = read_level(l->reset_out_fd);
        if (kmsg_fd >= 0 && bp.hb_seen[s] >= 0 && ((hb >= 0 && hb != bp.hb_seen[s]) || (rs >= 0 && rs != bp.reset_seen[s]))) {
            /* the log should have said so first: a change is in flight (set between our kmsg read
               and this read) or was lost; act on the line as it is */
            bp.wire_resyncs++;
        }
        if (hb >= 0) {
            heartbeat(s, hb, now);
        }
        if (rs >= 0) {
            reset_line(s, rs, now, now);
        }
    }
    deliver_edges();
    /* re-assert now and then: a daemon requesting its input with a bias sets gpio-sim's pull */
    if (now >= reassert_at) {
        reassert_at = now + 50000000LL;
        for (int s = 0; s < 2; s++) {
            if (bp.hb_driven[s] >= 0 && edges[s].tail == edges[s].head) {
                write_pull(bp.cfg.sc[s].hb_in_fd, bp.hb_driven[s]);
            }
            if (bp.cfg.reset_wired[1 - s] && bp.reset_seen[1 - s] >= 0) {
                write_pull(bp.cfg.sc[s].reset_in_fd, bp.reset_seen[1 - s]);
            }
        }
    }
}

/*
 * The SCs' processes: started (in the SC's network namespace, as `ip netns exec` would), signalled,
 * reaped and restarted, and killed while held in reset — as a reset stops a real SC's CPU.
 */
#define _GNU_SOURCE
#include "base.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <dirent.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

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

/* Whether process `pid` was started under SC s: sc_start sets KIT_SC in the daemon's environment, and
   its descendants inherit it (a harness tool run in the SC's netns with `ip -n` has none). */
static int started_by_sc(long pid, int s) {
    static char buf[65536];
    char path[64], want[16];
    snprintf(path, sizeof path, "/proc/%ld/environ", pid);
    snprintf(want, sizeof want, "KIT_SC=%d", s);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return 0;
    }
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) {
        return 0;
    }
    buf[n] = 0;
    for (char *p = buf; p < buf + n; p += strlen(p) + 1) {
        if (!strcmp(p, want)) {
            return 1;
        }
    }
    return 0;
}

/*
 * Kills what the SC's daemon left running: its supervised services run in sessions of their own
 * (setsid), so the signal to the daemon's process group misses them. On a real SC, systemd kills what
 * is left in pairlockd.service's cgroup when its main process exits (SIGTERM, then SIGKILL: here at
 * once, as a reset or power-off would), and a reset or power-off stops everything; without this,
 * every killed MAIN left its services running into the next incarnations (two instances of a
 * main-only service, and a guest slowly filling up). A process counts as the SC's when it runs in the
 * SC's network namespace and inherited KIT_SC; the scan repeats until it finds nothing (a leftover
 * may fork while it runs).
 */
static void kill_leftovers(int s, int64_t now) {
    struct stat ns, st;
    if (!bp.cfg.sc[s].netns[0] || stat(bp.cfg.sc[s].netns, &ns) < 0) {
        return;
    }
    int killed = 0;
    for (int pass = 0; pass < 5; pass++) {
        DIR *d = opendir("/proc");
        if (!d) {
            event(now, "error", "sc=%d: cannot list /proc for its leftover processes: %s", s, strerror(errno));
            return;
        }
        int found = 0;
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            char *end;
            long pid = strtol(e->d_name, &end, 10);
            if (*end || pid <= 1 || pid == getpid()) {
                continue;
            }
            char path[64];
            snprintf(path, sizeof path, "/proc/%ld/ns/net", pid);
            if (stat(path, &st) == 0 && st.st_ino == ns.st_ino && st.st_dev == ns.st_dev && started_by_sc(pid, s)
                && kill((pid_t)pid, SIGKILL) == 0) {
                found++;
            }
        }
        closedir(d);
        killed += found;
        if (!found) {
            break;
        }
    }
    if (killed) {
        event(now, "proc", "sc=%d leftovers killed=%d (processes its daemon left in its netns)", s, killed);
    }
}

void reap(int64_t now) {
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
            kill_leftovers(s, now);
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

/* The backplane's shared state, clock, fatal errors and event log: what every other unit uses. */
#define _GNU_SOURCE
#include "base.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct backplane bp;
static FILE *events;

int64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec;
}

int64_t realtime_ns(void) {
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

/* The event log: opened once the configuration names it; flushed by the loop once per period. */
void open_events(void) {
    events = fopen(bp.cfg.events_path, "a");
    if (!events) {
        die("cannot open the event log %s: %s", bp.cfg.events_path, strerror(errno));
    }
    setvbuf(events, NULL, _IOFBF, 1 << 16);
}

void flush_events(void) {
    fflush(events);
}

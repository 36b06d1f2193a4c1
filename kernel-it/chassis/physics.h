/*
 * The chassis's clock physics (DOMAIN.md §2, the same rules as mock-hw's PhaseLock and
 * BoardModel), written again in C so that the judge shares no code with the judged.
 *
 * Pure: no I/O, no clock. The backplane feeds it what it sampled from the devices and the
 * current CLOCK_MONOTONIC time in nanoseconds, and writes back what it reports.
 */
#ifndef KIT_PHYSICS_H
#define KIT_PHYSICS_H

#include <stdint.h>

#define PHYS_MAX_BOARDS 10

enum lock_mode { MODE_NO_CLOCK, MODE_SC0_LEADS, MODE_SC1_LEADS, MODE_BOTH_LEADERS, MODE_BOTH_FOLLOWERS };

struct phys_params {
    int64_t lock_ns;                  /* phase lock acquired this long after exactly one SC leads */
    int64_t both_leaders_min_ns, both_leaders_max_ns;     /* lock survives two leaders this long */
    int64_t both_followers_min_ns, both_followers_max_ns; /* ... and two followers (drift) */
    int64_t relock_ns;                /* an SPLL relocks onto a live clock this long after a switch */
};

struct phys_board {
    int present;        /* seated (a NACKing bus does not change this) */
    int input;          /* SPLL select: 0 = SC0's clock, 1 = SC1's */
    int locked;         /* the SPLL is locked to a live input */
    int running;        /* the domain is clocked */
    int64_t relock_at;  /* 0 = no relock pending */
    int relock_restarts;/* the pending relock restarts a stopped domain */
};

/* What happened, for the event log: called synchronously from the functions below. */
typedef void (*phys_event_fn)(int64_t now, const char *kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

struct phys {
    struct phys_params p;
    phys_event_fn emit;
    uint64_t rng;
    int powered[2];
    int leader[2];      /* REF_SEL bit as written (an unpowered SC's clock does not lead) */
    enum lock_mode mode;
    int locked;         /* the two SC clocks are phase locked */
    int64_t lock_at;    /* pending acquisition, 0 = none */
    int64_t lose_at;    /* pending loss, 0 = none */
    const char *lose_cause;
    int nboards;
    struct phys_board b[PHYS_MAX_BOARDS];
    /* counters the verdict is made of */
    long dstops;        /* a running domain's SPLL switched while the clocks were not locked */
    long losses;        /* a running domain stopped because its clock's SC lost power (physical) */
    long unlocked_selects; /* any select change while not phase locked (stopped domains included) */
};

void phys_init(struct phys *ph, const struct phys_params *p, int nboards, uint64_t seed, phys_event_fn ev);
/* REF_SEL or power changed (or may have): recompute the lock mode and arm/cancel timers. */
void phys_set_refsel(struct phys *ph, int sc, int leader, int64_t now);
void phys_set_power(struct phys *ph, int sc, int on, int64_t now);
/* Fire due timers (lock acquisition/loss, SPLL relocks). */
void phys_tick(struct phys *ph, int64_t now);
/* A board's select register was written (`writes` byte writes since the last sample): `to` is its value
 * now; `read_at` is when the read that saw them completed (only the select event carries it). */
void phys_select(struct phys *ph, int slot, int to, int writes, int64_t now, int64_t read_at);
void phys_remove(struct phys *ph, int slot, int64_t now);
/* A newly seated board powers up on SC0's clock (its reset value) with its domain stopped. */
void phys_insert(struct phys *ph, int slot, int64_t now);
int phys_effective_leader(const struct phys *ph, int sc);
/* Register images: the Gchip status word of an SC, a board's SPLL status byte. */
uint32_t phys_gchip_status(const struct phys *ph, int sc);
uint8_t phys_board_status(const struct phys *ph, int slot);
const char *phys_mode_name(enum lock_mode m);

#endif

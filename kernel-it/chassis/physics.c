/* The chassis's clock physics; see physics.h. */
#include "physics.h"

#include <string.h>

static const char *const MODE_NAMES[] = {"no-clock", "sc0-leads", "sc1-leads", "both-leaders", "both-followers"};

const char *phys_mode_name(enum lock_mode m) {
    return MODE_NAMES[m];
}

static uint64_t next_random(struct phys *ph) {
    /* xorshift64*: reproducible from the seed the campaign logs */
    uint64_t x = ph->rng;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    ph->rng = x;
    return x * 0x2545F4914F6CDD1DULL;
}

static int64_t draw(struct phys *ph, int64_t lo, int64_t hi) {
    if (hi <= lo) {
        return lo;
    }
    return lo + (int64_t)(next_random(ph) % (uint64_t)(hi - lo + 1));
}

void phys_init(struct phys *ph, const struct phys_params *p, int nboards, uint64_t seed, phys_event_fn ev) {
    memset(ph, 0, sizeof *ph);
    ph->p = *p;
    ph->emit = ev;
    ph->rng = seed ? seed : 0x9E3779B97F4A7C15ULL;
    ph->powered[0] = ph->powered[1] = 1;
    ph->mode = MODE_BOTH_FOLLOWERS; /* power-on: REF_SEL resets to follower on both */
    ph->nboards = nboards > PHYS_MAX_BOARDS ? PHYS_MAX_BOARDS : nboards;
    for (int i = 0; i < ph->nboards; i++) {
        ph->b[i].present = 1; /* cold chassis: SPLL locked to SC0's clock, domain not yet programmed */
        ph->b[i].locked = 1;
    }
}

int phys_effective_leader(const struct phys *ph, int sc) {
    return ph->powered[sc] && ph->leader[sc];
}

static enum lock_mode compute_mode(const struct phys *ph) {
    if (!ph->powered[0] || !ph->powered[1]) {
        return MODE_NO_CLOCK;
    }
    int l0 = ph->leader[0], l1 = ph->leader[1];
    if (l0 && l1) {
        return MODE_BOTH_LEADERS;
    }
    if (!l0 && !l1) {
        return MODE_BOTH_FOLLOWERS;
    }
    return l0 ? MODE_SC0_LEADS : MODE_SC1_LEADS;
}

static void lose_lock(struct phys *ph, const char *cause, int64_t now) {
    ph->locked = 0;
    ph->emit(now, "lock", "locked=0 cause=%s", cause);
}

static void reevaluate(struct phys *ph, int64_t now) {
    enum lock_mode m = compute_mode(ph);
    if (m == ph->mode) {
        return;
    }
    ph->emit(now, "mode", "from=%s to=%s", phys_mode_name(ph->mode), phys_mode_name(m));
    ph->mode = m;
    ph->lock_at = ph->lose_at = 0;
    switch (m) {
    case MODE_NO_CLOCK:
        if (ph->locked) {
            lose_lock(ph, "clock-gone", now);
        }
        break;
    case MODE_SC0_LEADS:
    case MODE_SC1_LEADS:
        if (!ph->locked) {
            ph->lock_at = now + ph->p.lock_ns;
        }
        break;
    case MODE_BOTH_LEADERS:
        if (ph->locked) {
            ph->lose_at = now + draw(ph, ph->p.both_leaders_min_ns, ph->p.both_leaders_max_ns);
            ph->lose_cause = "both-leaders";
        }
        break;
    case MODE_BOTH_FOLLOWERS:
        if (ph->locked) {
            ph->lose_at = now + draw(ph, ph->p.both_followers_min_ns, ph->p.both_followers_max_ns);
            ph->lose_cause = "both-followers";
        }
        break;
    }
}

void phys_set_refsel(struct phys *ph, int sc, int leader, int64_t now) {
    ph->leader[sc] = leader ? 1 : 0;
    reevaluate(ph, now);
}

static void start_relock(struct phys *ph, int slot, int restarts, int64_t now) {
    ph->b[slot].relock_at = now + ph->p.relock_ns;
    ph->b[slot].relock_restarts = restarts;
}

void phys_set_power(struct phys *ph, int sc, int on, int64_t now) {
    on = on ? 1 : 0;
    if (ph->powered[sc] == on) {
        return;
    }
    ph->powered[sc] = on;
    if (on) {
        ph->leader[sc] = 0; /* power-on value of REF_SEL */
    }
    reevaluate(ph, now);
    for (int i = 0; i < ph->nboards; i++) {
        struct phys_board *b = &ph->b[i];
        if (!b->present || b->input != sc) {
            continue;
        }
        if (!on) {
            b->relock_at = 0;
            b->locked = 0;
            if (b->running) {
                b->running = 0;
                ph->losses++;
                ph->emit(now, "loss", "slot=%d clock=sc%d", i, sc);
            }
        } else if (!b->locked && !b->relock_at) {
            start_relock(ph, i, 0, now); /* relocks, but the domain waits to be programmed */
        }
    }
}

void phys_tick(struct phys *ph, int64_t now) {
    if (ph->lock_at && now >= ph->lock_at) {
        ph->lock_at = 0;
        ph->locked = 1;
        ph->emit(now, "lock", "locked=1 mode=%s", phys_mode_name(ph->mode));
    }
    if (ph->lose_at && now >= ph->lose_at) {
        ph->lose_at = 0;
        lose_lock(ph, ph->lose_cause, now);
    }
    for (int i = 0; i < ph->nboards; i++) {
        struct phys_board *b = &ph->b[i];
        if (b->relock_at && now >= b->relock_at) {
            b->relock_at = 0;
            b->locked = 1;
            if (b->relock_restarts && !b->running) {
                b->running = 1;
                ph->emit(now, "domain", "slot=%d running=1 input=sc%d", i, b->input);
            }
        }
    }
}

void phys_select(struct phys *ph, int slot, int to, int writes, int64_t now, int64_t read_at) {
    struct phys_board *b = &ph->b[slot];
    int from = b->input;
    to &= 1;
    ph->emit(now, "select", "slot=%d from=sc%d to=sc%d writes=%d phase_locked=%d running=%d read_at=%lld", slot, from,
              to, writes, ph->locked, b->running, (long long)read_at);
    if (!b->present) {
        return;
    }
    if (to == from) {
        /* programming a stopped board's SPLL onto a live clock is what starts its domain */
        if (!b->running && !b->relock_at && ph->powered[to]) {
            start_relock(ph, slot, 1, now);
        }
        return;
    }
    b->input = to;
    b->relock_at = 0;
    if (!ph->locked) {
        ph->unlocked_selects++;
    }
    if (b->running) {
        if (ph->locked) {
            return; /* glitch-free: the two clocks are in phase */
        }
        b->running = 0;
        b->locked = 0;
        ph->dstops++;
        ph->emit(now, "dstop", "slot=%d from=sc%d to=sc%d mode=%s", slot, from, to, phys_mode_name(ph->mode));
    }
    b->locked = 0;
    if (ph->powered[to]) {
        start_relock(ph, slot, 1, now);
    }
}

void phys_remove(struct phys *ph, int slot, int64_t now) {
    struct phys_board *b = &ph->b[slot];
    b->present = b->running = b->locked = 0;
    b->relock_at = 0;
    ph->emit(now, "board", "slot=%d removed", slot);
}

void phys_insert(struct phys *ph, int slot, int64_t now) {
    struct phys_board *b = &ph->b[slot];
    b->present = 1;
    b->input = 0;
    b->running = b->locked = 0;
    b->relock_at = 0;
    ph->emit(now, "board", "slot=%d inserted", slot);
    if (ph->powered[0]) {
        start_relock(ph, slot, 0, now);
    }
}

uint32_t phys_gchip_status(const struct phys *ph, int sc) {
    uint32_t s = 0;
    if (ph->locked && ph->powered[sc]) {
        s |= 1u; /* PHASE_LOCK */
    }
    if (ph->powered[1 - sc]) {
        s |= 2u; /* PEER_CLOCK */
    }
    return s;
}

uint8_t phys_board_status(const struct phys *ph, int slot) {
    const struct phys_board *b = &ph->b[slot];
    if (!b->present) {
        return 0;
    }
    return (uint8_t)((b->locked ? 1 : 0) | (ph->powered[b->input] ? 2 : 0) | (b->running ? 4 : 0));
}

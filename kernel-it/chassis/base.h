/* The backplane's shared state and every unit's entry points: base.c (state, clock, log), devices.c,
   procs.c, wires.c, chassis_io.c (config, commands, state file), backplane.c (the loop). */
#ifndef KIT_BASE_H
#define KIT_BASE_H

#include "physics.h"

#include <stdint.h>
#include <sys/types.h>

#define PATH_LEN 512

struct sc_lines {
    char hb_out[PATH_LEN], hb_in[PATH_LEN], reset_out[PATH_LEN], reset_in[PATH_LEN]; /* sysfs value/pull */
    int hb_out_fd, hb_in_fd, reset_out_fd, reset_in_fd;
    char cmd[4096];       /* how to start this SC's daemon (sh -c) */
    char netns[PATH_LEN]; /* /run/netns/NAME the daemon runs in */
    char log[PATH_LEN];   /* its stdout and stderr */
    int autostart;
    char label[64];       /* its gpio-sim bank's label, as the kernel log names it */
    int hb_out_line, reset_out_line;
};

struct config {
    char events_path[PATH_LEN], state_path[PATH_LEN], control_path[PATH_LEN];
    char bar_path[PATH_LEN];
    long bar_size;
    uint32_t gchip_off[2];
    char i2c_dev[PATH_LEN];
    int nboards;
    int board_addr[PHYS_MAX_BOARDS];
    int board_id, id_reg, select_reg, status_reg;
    char nack_param[PATH_LEN], nack_exempt_param[PATH_LEN];
    char gpio_log_param[PATH_LEN]; /* gpio-sim's log_outputs: wires from the kernel log */
    char stub_params[PATH_LEN];    /* kit-i2c-stub's parameter directory (kill mid-programming) */
    struct sc_lines sc[2];
    int reset_wired[2]; /* SC n's reset-out reaches the other SC */
    int period_us;
    int rt_priority;
    int log_heartbeat;
    uint64_t seed;
    struct phys_params phys;
};

struct sc_proc {
    pid_t pid; /* also its process group */
    int stopped, restart_pending, incarnation;
};

struct backplane {
    struct config cfg;
    struct phys ph;
    volatile uint8_t *bar;
    int board_fd[PHYS_MAX_BOARDS];
    int select_word[PHYS_MAX_BOARDS]; /* last word read at the select register: count << 8 | value */
    int board_status[PHYS_MAX_BOARDS];
    int read_error[PHYS_MAX_BOARDS];
    uint32_t gchip_status[2];
    int published;
    int refsel_seen[2];
    int hb_seen[2], hb_driven[2], hb_cut[2];
    long hb_edges[2];
    int reset_seen[2], in_reset[2];
    struct sc_proc proc[2];
    unsigned long nack_mask, removed_mask;
    int nack_fd, control_fd, control_keep_fd;
    char control_buf[8192];
    size_t control_len;
    long both_leader_samples, writes_in_reset;
    long kmsg_lost, wire_resyncs, edges_dropped;
    int64_t both_since;
    int events_dirty, quit;
    int trigger_sc, trigger_sig, trigger_left; /* signal an SC after its Nth select write (kill mid-programming) */
    /* sampling statistics: all-time and since the last report */
    long samples, samples_window;
    int64_t max_gap, max_gap_window;
    long gaps_over_2ms, gaps_over_5ms, gaps_over_20ms;
    int64_t busy_window, max_busy_window; /* time spent working per period, since the last report */
};

/* base.c */
extern struct backplane bp;

int64_t now_ns(void);
int64_t realtime_ns(void);
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void event(int64_t now, const char *kind, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void open_events(void);
void flush_events(void);

/* devices.c */
uint32_t bar_read(uint32_t off);
void bar_write(uint32_t off, uint32_t v);
void open_devices(void);
void reset_registers(int64_t now);
void set_nack_mask(void);
int i2c_open_board(const char *dev, int addr);
int i2c_read_word(int fd, int reg);
int i2c_write_byte(int fd, int reg, int value);

/* chassis_io.c */
void load_config(const char *path);
void open_control(void);
void read_commands(int64_t now);
void write_state(int64_t now);
void sample_stats(int64_t gap);
void report_stats(int64_t now, int final);

/* wires.c */
int read_level(int fd);
void write_pull(int fd, int level);
void open_wires(void);
void close_wires(void);
void copy_wires(int64_t now);

/* procs.c */
void sc_start(int s, int64_t now);
void sc_signal(int s, int sig, int64_t now);
void reap(int64_t now);
void hold_in_reset(int s, int held, int by, int64_t now);

#endif

/*
 * The devices the backplane drives: the ivshmem BAR holding both Gchips' registers, the SC lines'
 * sysfs files, the boards on kit-i2c-stub through i2c-dev ioctls (not i2c-tools, not pairlock's
 * code), and the stub's nack mask (empty slots, failing buses).
 */
#define _GNU_SOURCE
#include "base.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/i2c-dev.h>
#include <linux/i2c.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

/* ---- devices ------------------------------------------------------------------------------ */

static int open_or_die(const char *path, int flags) {
    int fd = open(path, flags | O_CLOEXEC);
    if (fd < 0) {
        die("cannot open %s: %s", path, strerror(errno));
    }
    return fd;
}

uint32_t bar_read(uint32_t off) {
    return __atomic_load_n((volatile uint32_t *)(bp.bar + off), __ATOMIC_ACQUIRE);
}

void bar_write(uint32_t off, uint32_t v) {
    __atomic_store_n((volatile uint32_t *)(bp.bar + off), v, __ATOMIC_RELEASE);
}

void open_devices(void) {
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
void reset_registers(int64_t now) {
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

/* ---- I2C through i2c-dev ioctls (not i2c-tools, not pairlock's code) ------------------------------- */

int i2c_open_board(const char *dev, int addr) {
    int fd = open(dev, O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        die("cannot open %s: %s", dev, strerror(errno));
    }
    if (ioctl(fd, I2C_SLAVE, addr) < 0) {
        die("%s: I2C_SLAVE 0x%02x: %s", dev, addr, strerror(errno));
    }
    return fd;
}

static int smbus(int fd, char rw, int reg, int size, union i2c_smbus_data *d) {
    struct i2c_smbus_ioctl_data a = {.read_write = rw, .command = (uint8_t)reg, .size = size, .data = d};
    return ioctl(fd, I2C_SMBUS, &a);
}

int i2c_read_word(int fd, int reg) {
    union i2c_smbus_data d;
    if (smbus(fd, I2C_SMBUS_READ, reg, I2C_SMBUS_WORD_DATA, &d) < 0) {
        return -1;
    }
    return d.word;
}

int i2c_write_byte(int fd, int reg, int value) {
    union i2c_smbus_data d = {.byte = (uint8_t)value};
    int r = smbus(fd, I2C_SMBUS_WRITE, reg, I2C_SMBUS_BYTE_DATA, &d);
    if (r < 0) {
        event(now_ns(), "error", "i2c write reg 0x%02x failed: %s", reg, strerror(errno));
    }
    return r;
}

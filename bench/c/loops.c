/*
 * C baselines as a shared library, for the interleaved measurements (dev.pairlock.bench.interleaved):
 * the same C loops as regbench.c / vmbench.c, called once per batch from Java through one FFM
 * downcall, so that a C batch and a Java batch run back to back in the same process and the same
 * machine conditions. Each function times itself (CLOCK_MONOTONIC, or the thread's CPU clock, see
 * loops_use_thread_cpu_clock) and returns the elapsed nanoseconds of its loop (the one downcall
 * around it is not included), or -1 on a failed call.
 *
 *   gcc -O2 -Wall -Wextra -shared -fPIC -o libbenchloops.so loops.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/i2c-dev.h>
#include <linux/i2c.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <time.h>

static volatile int sink;
static clockid_t clock_id = CLOCK_MONOTONIC;

/* 1: time with the calling thread's CPU clock (CLOCK_THREAD_CPUTIME_ID), as the Java side does
 * with -Dbench.clock=cpu; 0: CLOCK_MONOTONIC (wall) */
void loops_use_thread_cpu_clock(int on) {
    clock_id = on ? CLOCK_THREAD_CPUTIME_ID : CLOCK_MONOTONIC;
}

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(clock_id, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* ioctl(fd, FIONREAD, &count) n times, errno read on failure as regbench.c does */
long long loops_fionread(int fd, long n) {
    int count = 0;
    long long t0 = now_ns();
    for (long i = 0; i < n; i++) {
        if (ioctl(fd, FIONREAD, &count) < 0 && errno != 0) {
            return -1;
        }
    }
    long long t1 = now_ns();
    sink = count;
    return t1 - t0;
}

/* SMBus read-byte-data (I2C_SMBUS ioctl, as i2c_smbus_read_byte_data and vmbench.c do it) n times */
long long loops_smbus_read_byte_data(int fd, int reg, long n) {
    union i2c_smbus_data data;
    int sum = 0;
    long long t0 = now_ns();
    for (long i = 0; i < n; i++) {
        struct i2c_smbus_ioctl_data args = {.read_write = I2C_SMBUS_READ, .command = (uint8_t)reg,
                                            .size = I2C_SMBUS_BYTE_DATA, .data = &data};
        if (ioctl(fd, I2C_SMBUS, &args) < 0) {
            return -1;
        }
        sum += data.byte;
    }
    long long t1 = now_ns();
    sink = sum;
    return t1 - t0;
}

/* n volatile 32-bit loads of *reg (regbench.c's read loop) */
long long loops_read32(volatile uint32_t *reg, long n) {
    uint32_t sum = 0;
    long long t0 = now_ns();
    for (long i = 0; i < n; i++) {
        sum += *reg;
    }
    long long t1 = now_ns();
    sink = (int)sum;
    return t1 - t0;
}

/* n volatile 32-bit stores to *reg (regbench.c's write loop) */
long long loops_write32(volatile uint32_t *reg, long n) {
    long long t0 = now_ns();
    for (long i = 0; i < n; i++) {
        *reg = (uint32_t)i;
    }
    return now_ns() - t0;
}

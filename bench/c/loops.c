/*
 * C baselines as a shared library, for the interleaved measurements (dev.pairlock.bench.interleaved):
 * the same C loops as regbench.c / vmbench.c, called once per batch from Java through one FFM
 * downcall, so that a C batch and a Java batch run back to back in the same process and the same
 * machine conditions. Each function times itself (CLOCK_MONOTONIC, or the thread's CPU clock, see
 * loops_use_thread_cpu_clock) and returns the elapsed nanoseconds of its loop (the one downcall
 * around it is not included), or -1 on a failed call.
 *
 * loops_edge_reader_* is the heartbeat's C reader for the interleaved edge-to-listener measurement
 * (dev.pairlock.bench.InterleavedHeartbeat): vmbench.c's reader thread, started in the JVM's process.
 *
 *   gcc -O2 -Wall -Wextra -pthread -shared -fPIC -o libbenchloops.so loops.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <fcntl.h>
#include <linux/gpio.h>
#include <linux/i2c-dev.h>
#include <linux/i2c.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

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

/*
 * The C edge reader: requests <offset> of <chip> as an input with both edges (GPIO v2 uAPI) and starts
 * a thread blocked in poll() on the line request fd that read()s each gpio_v2_line_event — vmbench.c's
 * reader, the shape of pairlock's event thread plus a listener. For event k it stores the kernel's
 * edge timestamp to the moment the read returned (CLOCK_MONOTONIC, ns) in samples[k % capacity], then
 * publishes k + 1 in *count with a release store, so a reader that loads *count with acquire sees the
 * sample. With cpu >= 0 the thread runs on that CPU only (set before it starts: a CPU it cannot have
 * fails the start). One reader at a time. Returns 0, or -errno of the call that failed.
 */
static int edge_line_fd = -1;
static int edge_stop;
static pthread_t edge_thread;
static long long *edge_samples;
static long edge_capacity;
static long long *edge_count;

static long long monotonic_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Pins thread tid (0: the calling thread) to one CPU; 0, or -errno. */
int loops_pin(int tid, int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return sched_setaffinity(tid, sizeof set, &set) == 0 ? 0 : -errno;
}

static void *edge_reader(void *arg) {
    (void)arg;
    struct pollfd p = {.fd = edge_line_fd, .events = POLLIN};
    struct gpio_v2_line_event ev;
    while (!__atomic_load_n(&edge_stop, __ATOMIC_ACQUIRE)) {
        int r = poll(&p, 1, 100);
        if ((r < 0 && errno != EINTR) || (r > 0 && (p.revents & (POLLERR | POLLHUP | POLLNVAL)))) {
            break; /* the line is gone: stop, and the writer's 5 s timeout says so, rather than spin */
        }
        if (r > 0 && read(edge_line_fd, &ev, sizeof ev) == (ssize_t)sizeof ev) {
            long long took = monotonic_ns() - (long long)ev.timestamp_ns;
            long long k = __atomic_load_n(edge_count, __ATOMIC_RELAXED);
            edge_samples[k % edge_capacity] = took;
            __atomic_store_n(edge_count, k + 1, __ATOMIC_RELEASE);
        }
    }
    return NULL;
}

int loops_edge_reader_start(const char *chip, int offset, long long *samples, long capacity, long long *count,
                            int cpu) {
    if (edge_line_fd >= 0) {
        return -EBUSY;
    }
    if (capacity <= 0 || cpu >= CPU_SETSIZE) {
        return -EINVAL;
    }
    int chip_fd = open(chip, O_RDWR | O_CLOEXEC);
    if (chip_fd < 0) {
        return -errno;
    }
    struct gpio_v2_line_request req;
    memset(&req, 0, sizeof req);
    req.offsets[0] = (uint32_t)offset;
    req.num_lines = 1;
    strcpy(req.consumer, "benchloops");
    req.config.flags = GPIO_V2_LINE_FLAG_INPUT | GPIO_V2_LINE_FLAG_EDGE_RISING | GPIO_V2_LINE_FLAG_EDGE_FALLING;
    int r = ioctl(chip_fd, GPIO_V2_GET_LINE_IOCTL, &req);
    int saved = errno;
    close(chip_fd);
    if (r < 0) {
        return -saved;
    }
    edge_line_fd = req.fd;
    edge_samples = samples;
    edge_capacity = capacity;
    edge_count = count;
    __atomic_store_n(&edge_stop, 0, __ATOMIC_RELEASE);
    /* the affinity is the new thread's from its first instruction, and a CPU it cannot have fails here */
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    if (cpu >= 0) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(cpu, &set);
        pthread_attr_setaffinity_np(&attr, sizeof set, &set);
    }
    int e = pthread_create(&edge_thread, &attr, edge_reader, NULL);
    pthread_attr_destroy(&attr);
    if (e != 0) {
        close(edge_line_fd);
        edge_line_fd = -1;
        return -e;
    }
    return 0;
}

/* stops the reader thread (within its 100 ms poll timeout) and releases the line */
void loops_edge_reader_stop(void) {
    if (edge_line_fd < 0) {
        return;
    }
    __atomic_store_n(&edge_stop, 1, __ATOMIC_RELEASE);
    pthread_join(edge_thread, NULL);
    close(edge_line_fd);
    edge_line_fd = -1;
}

/*
 * C baselines for the in-VM benchmarks (bench/run-vm, inside the kernel-it VM):
 *
 *   vmbench i2c <bus> <addr> <register> [iterations] [repetitions]
 *       SMBus read-byte-data (the I2C_SMBUS ioctl, as i2c_smbus_read_byte_data does) in a timed
 *       loop on /dev/i2c-<bus>, I2C_SLAVE <addr>; ns per call for each repetition.
 *   vmbench heartbeat <gpiochip> <offset> <pull-file> [samples]
 *       Edge-to-reader latency: requests <offset> as an input with both edges (GPIO v2 uAPI), a
 *       reader thread blocks in poll() on the line request fd and read()s each edge event; the
 *       main thread writes "pull-up"/"pull-down" to the gpio-sim sysfs pull file and spins until
 *       the reader has the event ("thread", the shape of pairlock's event thread + listener).
 *       Also the same with poll()+read() in the writing thread ("same_thread", no wake-up).
 *
 * Prints one JSON object. Timing with CLOCK_MONOTONIC.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/gpio.h>
#include <linux/i2c-dev.h>
#include <linux/i2c.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void die(const char *what) {
    fprintf(stderr, "vmbench: %s: %s\n", what, strerror(errno));
    exit(1);
}

static int smbus_read_byte_data(int fd, uint8_t reg) {
    union i2c_smbus_data data;
    struct i2c_smbus_ioctl_data args = {.read_write = I2C_SMBUS_READ, .command = reg,
                                        .size = I2C_SMBUS_BYTE_DATA, .data = &data};
    if (ioctl(fd, I2C_SMBUS, &args) < 0) {
        return -1;
    }
    return data.byte;
}

static int run_i2c(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: vmbench i2c <bus> <addr> <register> [iterations] [repetitions]\n");
        return 2;
    }
    char path[64];
    snprintf(path, sizeof path, "/dev/i2c-%s", argv[2]);
    long addr = strtol(argv[3], NULL, 0), reg = strtol(argv[4], NULL, 0);
    long n = argc > 5 ? atol(argv[5]) : 20000;
    int reps = argc > 6 ? atoi(argv[6]) : 5;
    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0) die(path);
    if (ioctl(fd, I2C_SLAVE, addr) < 0) die("ioctl I2C_SLAVE");
    int first = smbus_read_byte_data(fd, (uint8_t)reg);
    if (first < 0) die("I2C_SMBUS read byte data");
    printf("{\n  \"i2c_value\": %d,\n  \"i2c_iterations\": %ld,\n  \"i2c_smbus_read_byte_data\": [", first, n);
    long failures = 0;
    for (int r = 0; r < reps; r++) {
        long long t0 = now_ns();
        for (long i = 0; i < n; i++) {
            if (smbus_read_byte_data(fd, (uint8_t)reg) != first) failures++;
        }
        long long t1 = now_ns();
        printf("%s%.1f", r ? ", " : "", (double)(t1 - t0) / (double)n);
    }
    printf("],\n  \"i2c_failures\": %ld\n}\n", failures);
    close(fd);
    return failures ? 1 : 0;
}

static int line_fd;
static atomic_long events_seen;
static atomic_int stop_reader;
/* kernel edge timestamp (CLOCK_MONOTONIC, the v2 uAPI default) to the reader having read it, per event */
static long long *edge_to_reader;
static long edge_capacity;

static void *reader(void *arg) {
    (void)arg;
    struct pollfd p = {.fd = line_fd, .events = POLLIN};
    struct gpio_v2_line_event ev;
    while (!atomic_load(&stop_reader)) {
        int r = poll(&p, 1, 100);
        if (r < 0 && errno != EINTR) die("poll");
        if (r > 0) {
            if (read(line_fd, &ev, sizeof ev) != (ssize_t)sizeof ev) die("read edge event");
            long k = atomic_load(&events_seen);
            if (k < edge_capacity) edge_to_reader[k] = now_ns() - (long long)ev.timestamp_ns;
            atomic_fetch_add(&events_seen, 1);
        }
    }
    return NULL;
}

static int cmp_ll(const void *a, const void *b) {
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

static void print_stats(const char *name, long long *v, int n, int last) {
    double sum = 0;
    for (int i = 0; i < n; i++) sum += (double)v[i];
    qsort(v, (size_t)n, sizeof *v, cmp_ll);
    printf("  \"%s\": {\"samples\": %d, \"mean_us\": %.2f, \"p50_us\": %.2f, \"p90_us\": %.2f, \"p99_us\": %.2f, "
           "\"min_us\": %.2f, \"max_us\": %.2f}%s\n",
           name, n, sum / n / 1000.0, v[n / 2] / 1000.0, v[(int)(n * 0.9)] / 1000.0, v[(int)(n * 0.99)] / 1000.0,
           v[0] / 1000.0, v[n - 1] / 1000.0, last ? "" : ",");
}

static int pull_fd;
static int high;

static void toggle_pull(void) {
    high = !high;
    const char *s = high ? "pull-up" : "pull-down";
    if (pwrite(pull_fd, s, strlen(s), 0) < 0) die("write pull");
}

static int run_heartbeat(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: vmbench heartbeat <gpiochip> <offset> <pull-file> [samples]\n");
        return 2;
    }
    int samples = argc > 5 ? atoi(argv[5]) : 2000;
    int chip = open(argv[2], O_RDWR | O_CLOEXEC);
    if (chip < 0) die(argv[2]);
    pull_fd = open(argv[4], O_WRONLY | O_CLOEXEC);
    if (pull_fd < 0) die(argv[4]);
    high = 1;
    toggle_pull(); /* pull-down before requesting */
    struct gpio_v2_line_request req;
    memset(&req, 0, sizeof req);
    req.offsets[0] = (uint32_t)atoi(argv[3]);
    req.num_lines = 1;
    strcpy(req.consumer, "vmbench");
    req.config.flags = GPIO_V2_LINE_FLAG_INPUT | GPIO_V2_LINE_FLAG_EDGE_RISING | GPIO_V2_LINE_FLAG_EDGE_FALLING;
    if (ioctl(chip, GPIO_V2_GET_LINE_IOCTL, &req) < 0) die("GPIO_V2_GET_LINE_IOCTL");
    line_fd = req.fd;
    long long *v = malloc(sizeof(long long) * (size_t)samples);

    /* reader thread: the shape of an event thread plus a listener */
    pthread_t t;
    if (pthread_create(&t, NULL, reader, NULL) != 0) die("pthread_create");
    int warm = samples / 10 + 10;
    edge_capacity = warm + samples;
    edge_to_reader = calloc((size_t)edge_capacity, sizeof(long long));
    if (!edge_to_reader) die("calloc");
    for (int i = -warm; i < samples; i++) {
        long before = atomic_load(&events_seen);
        long long t0 = now_ns();
        toggle_pull();
        while (atomic_load(&events_seen) == before) {
            if (now_ns() - t0 > 5000000000LL) { errno = ETIMEDOUT; die("no edge event within 5 s"); }
            __builtin_ia32_pause();
        }
        if (i >= 0) v[i] = now_ns() - t0;
    }
    atomic_store(&stop_reader, 1);
    pthread_join(t, NULL);
    printf("{\n");
    print_stats("heartbeat_thread", v, samples, 0);
    print_stats("heartbeat_thread_edge_to_reader", edge_to_reader + warm, samples, 0);

    /* same thread: write, then poll + read the event (no thread wake-up) */
    struct pollfd p = {.fd = line_fd, .events = POLLIN};
    struct gpio_v2_line_event ev;
    for (int i = -warm; i < samples; i++) {
        long long t0 = now_ns();
        toggle_pull();
        if (poll(&p, 1, 5000) != 1) die("poll (same thread)");
        if (read(line_fd, &ev, sizeof ev) != (ssize_t)sizeof ev) die("read edge event (same thread)");
        if (i >= 0) v[i] = now_ns() - t0;
    }
    print_stats("heartbeat_same_thread", v, samples, 1);
    printf("}\n");
    if (high) toggle_pull();
    close(line_fd);
    close(chip);
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "i2c") == 0) return run_i2c(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "heartbeat") == 0) return run_heartbeat(argc, argv);
    fprintf(stderr, "usage: vmbench i2c|heartbeat ... (see the comment at the top of vmbench.c)\n");
    return 2;
}

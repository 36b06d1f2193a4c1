/*
 * C baseline for pairlock's JMH benchmarks: the same access patterns as the loop_* register
 * benchmarks and the FIONREAD ioctl benchmark, timed with CLOCK_MONOTONIC.
 *
 * The ioctl runs twice per repetition: in this process alone, and with a second (idle) thread in
 * it. The kernel looks a descriptor up without touching its reference count only while the
 * descriptor table is not shared (fs/file.c, __fget_light: "no refcnt increment if fd table isn't
 * shared"); with a second thread every call pays an atomic increment and decrement of the file's
 * count. A JVM always has more than one thread, so the second figure is the C baseline a Java
 * call can be held to; the first is the single-threaded program's.
 *
 *   regbench <register-file> [iterations] [repetitions]
 *
 * Prints one JSON object: for each case, the ns/op of every repetition. The register file is
 * mapped MAP_SHARED like the Java techniques map it; the register is a volatile uint32_t, so every
 * iteration is one real 32-bit load or store (gcc -O2 keeps them, and cannot merge or hoist them).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define WINDOW_BYTES 4096
#define REGISTER_OFFSET 0x40

static volatile uint32_t sink;

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static double read_loop(volatile uint32_t *reg, long n) {
    uint32_t sum = 0;
    double t0 = now_ns();
    for (long i = 0; i < n; i++) {
        sum += *reg;
    }
    double t1 = now_ns();
    sink = sum;
    return (t1 - t0) / (double)n;
}

static double write_loop(volatile uint32_t *reg, long n) {
    double t0 = now_ns();
    for (long i = 0; i < n; i++) {
        *reg = (uint32_t)i;
    }
    double t1 = now_ns();
    return (t1 - t0) / (double)n;
}

/* errno is read on failure, as pairlock's try* calls leave it for the caller */
static double ioctl_loop(int fd, long n, long *failures) {
    int count = 0;
    double t0 = now_ns();
    for (long i = 0; i < n; i++) {
        if (ioctl(fd, FIONREAD, &count) < 0 && errno != 0) {
            (*failures)++;
        }
    }
    double t1 = now_ns();
    sink = (uint32_t)count;
    return (t1 - t0) / (double)n;
}

/* The second thread: it only waits on a pipe, so that the descriptor table is shared while it lives. */
static void *idle_thread(void *arg) {
    char c;
    while (read(*(int *)arg, &c, 1) < 0 && errno == EINTR) {
    }
    return NULL;
}

/* The ioctl loop with a second thread in the process; the thread is joined before it returns. */
static double ioctl_loop_threaded(int fd, long n, long *failures) {
    int wake[2];
    pthread_t t;
    if (pipe2(wake, O_CLOEXEC) < 0 || pthread_create(&t, NULL, idle_thread, &wake[0]) != 0) {
        fprintf(stderr, "cannot start the second thread: %s\n", strerror(errno));
        exit(1);
    }
    double ns = ioctl_loop(fd, n, failures);
    if (write(wake[1], "x", 1) != 1 || pthread_join(t, NULL) != 0) {
        fprintf(stderr, "cannot stop the second thread: %s\n", strerror(errno));
        exit(1);
    }
    close(wake[0]);
    close(wake[1]);
    return ns;
}

static void print_case(const char *name, const double *v, int reps, int last) {
    printf("  \"%s\": [", name);
    for (int r = 0; r < reps; r++) {
        printf("%s%.4f", r ? ", " : "", v[r]);
    }
    printf("]%s\n", last ? "" : ",");
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s <register-file> [iterations] [repetitions]\n", argv[0]);
        return 2;
    }
    long iterations = argc > 2 ? atol(argv[2]) : 100000000L;
    int reps = argc > 3 ? atoi(argv[3]) : 10;
    if (iterations <= 0 || reps < 2 || reps > 100) {
        fprintf(stderr, "iterations must be > 0 and repetitions 2..100\n");
        return 2;
    }
    int fd = open(argv[1], O_RDWR | O_CREAT, 0600);
    if (fd < 0 || ftruncate(fd, WINDOW_BYTES) < 0) {
        fprintf(stderr, "cannot open %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    uint8_t *base = mmap(NULL, WINDOW_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (base == MAP_FAILED) {
        fprintf(stderr, "cannot mmap %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    volatile uint32_t *reg = (volatile uint32_t *)(base + REGISTER_OFFSET);
    int pipefd[2];
    if (pipe2(pipefd, O_CLOEXEC) < 0) {
        fprintf(stderr, "pipe2: %s\n", strerror(errno));
        return 1;
    }
    /* a syscall costs ~100x a load: fewer iterations give the same relative precision */
    long ioctl_iterations = iterations / 100 > 0 ? iterations / 100 : 1;

    double rd[100], wr[100], io[100], iot[100];
    long failures = 0;
    read_loop(reg, iterations); /* warm caches, TLB and frequency */
    write_loop(reg, iterations);
    ioctl_loop(pipefd[0], ioctl_iterations, &failures);
    ioctl_loop_threaded(pipefd[0], ioctl_iterations, &failures);
    for (int r = 0; r < reps; r++) {
        /* the read and write loops between a join and the next single-threaded loop give the
           joined thread time to release the table (its exit_files runs after the join wakes us) */
        rd[r] = read_loop(reg, iterations);
        wr[r] = write_loop(reg, iterations);
        io[r] = ioctl_loop(pipefd[0], ioctl_iterations, &failures);
        iot[r] = ioctl_loop_threaded(pipefd[0], ioctl_iterations, &failures);
    }
    printf("{\n  \"iterations\": %ld,\n  \"ioctl_iterations\": %ld,\n  \"ioctl_failures\": %ld,\n",
           iterations, ioctl_iterations, failures);
    print_case("read", rd, reps, 0);
    print_case("write", wr, reps, 0);
    print_case("ioctl_fionread", io, reps, 0);
    print_case("ioctl_fionread_threaded", iot, reps, 1);
    printf("}\n");
    munmap(base, WINDOW_BYTES);
    close(fd);
    return failures ? 1 : 0;
}

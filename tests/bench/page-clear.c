/* tests/bench/page-clear.c: what the first touch of a fresh page costs on this machine, 2 MiB and 4 KiB pages, after the machine was idle and right after a release. */
/*
** Why: a charte run takes its memory in 2 MiB pages (base/pages.c, the
** evaluation's heap in base/gc.c), and the kernel clears each one at its
** first touch. On the virtual machine of the twenty-first run that clearing
** cost either about 0.1 ms or 3 to 10 ms a page, from one run to the next,
** with the same code: its balloon reports free 2 MiB blocks to the host
** (virtio-balloon's free page reporting), which takes them back, and the
** next first touch of such a block waits while the host supplies it again.
** This program shows which of the two a machine gives:
**
**   page-clear [PAGES [GAP_SECONDS]]     (16 pages, a gap of 3 s by default)
**
** 1. sleeps GAP_SECONDS (the free memory left alone for that long: reported
**    by then, where reporting is on), then touches PAGES fresh 2 MiB pages;
** 2. gives them back and at once touches PAGES fresh 2 MiB pages again (the
**    kernel hands out the blocks just freed, not reported yet);
** 3. the same two rounds in 4 KiB pages (MADV_NOHUGEPAGE), per 2 MiB.
** Each line gives the mean, least and most milliseconds per 2 MiB.
** A measurement, not a test: nothing is asserted. Build and run:
**   cc -O2 -o build/page-clear tests/bench/page-clear.c && build/page-clear
*/
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

enum { HUGE = 2 << 20, SMALL = 4096 };

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* Maps n 2 MiB-aligned blocks, touches each (every 4 KiB page of it unless
** huge), prints the time per block, and unmaps. false: no mapping. */
static int touch_round(const char *what, int n, int huge)
{
    size_t len = (size_t)(n + 1) * HUGE;
    char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return 0;
    char *p = (char *)(((uintptr_t)m + HUGE - 1) & ~(uintptr_t)(HUGE - 1));
    (void)madvise(p, (size_t)n * HUGE, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
    double sum = 0, least = 1e9, most = 0;
    for (int i = 0; i < n; i++) {
        double t0 = now_ms();
        for (size_t k = 0; k < HUGE; k += huge ? HUGE : SMALL)
            p[(size_t)i * HUGE + k] = 1;
        double t = now_ms() - t0;
        sum += t;
        least = t < least ? t : least;
        most = t > most ? t : most;
    }
    printf("%-44s %7.3f ms per 2 MiB (least %.3f, most %.3f)\n", what, sum / n, least, most);
    (void)munmap(m, len);
    return 1;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 16;
    int gap = argc > 2 ? atoi(argv[2]) : 3;
    if (n <= 0 || gap < 0) {
        fputs("usage: page-clear [PAGES [GAP_SECONDS]]\n", stderr);
        return 2;
    }
    char label[64];
    (void)sleep((unsigned)gap);
    snprintf(label, sizeof label, "2 MiB pages, after %d s idle:", gap);
    if (!touch_round(label, n, 1))
        return 1;
    touch_round("2 MiB pages, right after a release:", n, 1);
    (void)sleep((unsigned)gap);
    snprintf(label, sizeof label, "4 KiB pages, after %d s idle:", gap);
    touch_round(label, n, 0);
    touch_round("4 KiB pages, right after a release:", n, 0);
    return 0;
}

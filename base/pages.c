/* base/pages.c: byte regions of a mapping of their own, in 2 MiB pages where the kernel gives them on request (pages.h). */
#include "pages.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#ifdef CHARTE_NO_GC

void *pages_map(size_t bytes, bool huge)
{
    (void)huge;
    return malloc(bytes ? bytes : 1);
}

void *pages_map_resident(size_t bytes)
{
    return malloc(bytes ? bytes : 1);
}

void pages_make_resident(void *p, size_t bytes)
{
    (void)p;
    (void)bytes;
}

void pages_unmap(void *p, size_t bytes)
{
    (void)bytes;
    free(p);
}

#else

enum { PAGES_HUGE = 2 << 20, PAGES_SMALL = 4096 };

/* The mapping is one huge page longer than asked, so that an aligned start
** lies inside it; what lies before that start and after the region's end is
** given back at once. */
void *pages_map(size_t bytes, bool huge)
{
    size_t slack = huge ? PAGES_HUGE : 0;
    if (bytes == 0 || bytes > SIZE_MAX - slack)
        return NULL;
    char *m = mmap(NULL, bytes + slack, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return NULL;
    if (!huge)
        return m;
    char *p = (char *)(((uintptr_t)m + PAGES_HUGE - 1) & ~(uintptr_t)(PAGES_HUGE - 1));
    if (p > m)
        (void)munmap(m, (size_t)(p - m));
    char *end = (char *)(((uintptr_t)p + bytes + PAGES_SMALL - 1) & ~(uintptr_t)(PAGES_SMALL - 1));
    if (end < m + bytes + slack)
        (void)munmap(end, (size_t)(m + bytes + slack - end));
    (void)madvise(p, bytes, MADV_HUGEPAGE);
    return p;
}

void *pages_map_resident(size_t bytes)
{
    void *p = pages_map(bytes, false);
    if (p)
        (void)madvise(p, bytes, MADV_POPULATE_WRITE);
    return p;
}

/* madvise takes a page-aligned start; the region's own start is one. */
void pages_make_resident(void *p, size_t bytes)
{
    uintptr_t start = (uintptr_t)p & ~(uintptr_t)(PAGES_SMALL - 1);
    if (p && bytes)
        (void)madvise((void *)start, bytes + ((uintptr_t)p - start), MADV_POPULATE_WRITE);
}

void pages_unmap(void *p, size_t bytes)
{
    if (p)
        (void)munmap(p, bytes);
}

#endif

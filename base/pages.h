/* base/pages.h: byte regions of a mapping of their own, in 2 MiB pages where the kernel gives them on request. */
#ifndef CHARTE_PAGES_H
#define CHARTE_PAGES_H

#include <stdbool.h>
#include <stddef.h>

/*
** A region of `bytes` for bytes only (it is not collected memory, and holds
** no pointer to it), or NULL when it cannot be mapped. With `huge`, its
** start is aligned to 2 MiB and the kernel is asked for 2 MiB pages (the
** "madvise" mode of transparent huge pages, the usual default): the first
** touch of each 2 MiB costs one fault and one clearing instead of 512 of
** each, but makes the whole 2 MiB resident; without huge pages nothing
** changes. The sanitizer build (CHARTE_NO_GC) takes the region from malloc,
** so that its bounds are checked. pages_unmap takes the same size.
*/
void *pages_map(size_t bytes, bool huge);
/*
** A region of `bytes` in small pages, made resident at once by one call
** (MADV_POPULATE_WRITE), or NULL. Where a page fault is dear (on the
** virtual machine of the ninth run's bench, 10 to 16 µs a fault against
** 0.7 to 1.2 µs a page populated), a buffer that a read() or a decoder
** fills whole page after page costs a tenth to a twentieth of its
** faults' time this way.
** Only for a buffer that will be written whole: every page becomes
** resident. Without the call (an older kernel) the faults come as before.
*/
void *pages_map_resident(size_t bytes);
/*
** Makes the pages under p[0..bytes) of a pages_map region resident by one
** call, as pages_map_resident does for a whole region: for a buffer whose
** first part only will be written (a file's first chunk, shorter than the
** buffer when the file is). No byte changes. Nothing in the sanitizer build.
*/
void pages_make_resident(void *p, size_t bytes);
void pages_unmap(void *p, size_t bytes);

#endif

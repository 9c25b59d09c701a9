/* tests/bench/inflate-floor.c: the floor of a workbook's reading: every part of a zip inflated (ISA-L, as charte does) and its CRC checked, nothing else, for `make bench`'s table. */

/*
** A workbook's hour sheet is one deflate stream: whatever reads it must inflate every
** byte of it, one after another, and check its CRC.  This program does that and nothing
** more, calling ISA-L as charte's reader of a sliced sheet does: raw bytes handed over a
** MiB at a time (runtime/table_inflate.c's buffer, filled by a copy as zip_fread fills
** it), and the inflated bytes written a MiB at a time (the bound of a slice of
** runtime/eval_threads.c, into which the cutting thread inflates), each window's CRC
** then computed, so that `make bench` can show beside charte's workbook rows what the
** inflation alone costs: the part of the gap to plain CSV that no tokenizer can remove.
** Every isal_inflate call that does not end a stream copies 64 KiB of window in and out
** of ISA-L's state: the calls' sizes are part of the floor (docs/performance-journal.md, `gonfle`).
**
**   build/inflate-floor [-w BYTES] [-n] FILE.xlsx|FILE.ods
**
** Prints the parts, their inflated bytes and "crc ok"; exit 1 when a CRC or a stream is
** wrong, 2 on a usage or I/O error or a zip it does not read (ZIP64, encryption).
** -w sets the output window (a MiB by default), -n leaves the CRCs out (only a broken
** stream fails): what a call's size and the CRC cost, measured apart (`gonfle`).
*/

#include <errno.h>
#include <fcntl.h>
#include <isa-l.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

enum { FLOOR_WINDOW = 1024 * 1024, FLOOR_WINDOW_MIN = 4096, FLOOR_INPUT = 1024 * 1024, EOCD_SIZE = 22, CDIR_SIZE = 46, LOCAL_SIZE = 30 };

static unsigned le16(const unsigned char *p) { return (unsigned)p[0] | (unsigned)p[1] << 8; }
static uint32_t le32(const unsigned char *p) { return (uint32_t)le16(p) | (uint32_t)le16(p + 2) << 16; }

static int floor_fail(const char *what, const char *file) {
    fprintf(stderr, "inflate-floor: %s: %s\n", file, what);
    return 2;
}

/* The end-of-central-directory record: the last signature in the file's last 64 KiB. */
static const unsigned char *floor_eocd(const unsigned char *zip, size_t size) {
    if (size < EOCD_SIZE) return NULL;
    size_t stop = size > 65535 + EOCD_SIZE ? size - 65535 - EOCD_SIZE : 0;
    for (size_t i = size - EOCD_SIZE + 1; i-- > stop;)
        if (le32(zip + i) == 0x06054b50) return zip + i;
    return NULL;
}

/* How the parts are inflated: the output window, and whether the CRCs are computed. */
typedef struct {
    unsigned char *window;
    uint32_t window_size;
    int check_crc;
} FloorHow;

/* Inflates one raw deflate stream of IN_SIZE bytes; its CRC-32 and length come back. */
static int floor_inflate(const FloorHow *how, const unsigned char *in, size_t in_size, uint32_t *crc, uint64_t *length) {
    static unsigned char raw[FLOOR_INPUT];
    unsigned char *window = how->window;
    struct inflate_state st;
    isal_inflate_init(&st);
    st.crc_flag = ISAL_DEFLATE;
    st.avail_in = 0;
    size_t fed = 0;
    *crc = 0;
    *length = 0;
    for (;;) {
        st.next_out = window;
        st.avail_out = how->window_size;
        /* A window filled as a slice is: calls until it is full, more raw bytes when spent. */
        while (st.avail_out > 0 && st.block_state != ISAL_BLOCK_FINISH) {
            if (st.avail_in == 0 && fed < in_size) {
                size_t n = in_size - fed < sizeof raw ? in_size - fed : sizeof raw;
                memcpy(raw, in + fed, n);
                fed += n;
                st.next_in = raw;
                st.avail_in = (uint32_t)n;
            }
            uint32_t room = st.avail_out;
            if (isal_inflate(&st) != ISAL_DECOMP_OK) return -1;
            if (st.avail_out == room && st.avail_in == 0 && fed == in_size) break;
        }
        uint32_t made = how->window_size - st.avail_out;
        if (how->check_crc) *crc = crc32_gzip_refl(*crc, window, made);
        *length += made;
        if (st.block_state == ISAL_BLOCK_FINISH) return 0;
        if (made == 0) return -1;
    }
}

/* One part named by its central directory entry at CD; 0, 1 (bad data) or 2 (unreadable). */
static int floor_part(const FloorHow *how, const unsigned char *zip, size_t size, const unsigned char *cd, const char *file) {
    unsigned flags = le16(cd + 8), method = le16(cd + 10);
    uint32_t want_crc = le32(cd + 16), csize = le32(cd + 20), usize = le32(cd + 24);
    uint32_t at = le32(cd + 42);
    if (flags & 1) return floor_fail("an encrypted part", file);
    if (csize == 0xffffffffu || usize == 0xffffffffu || at == 0xffffffffu) return floor_fail("a ZIP64 part", file);
    if ((size_t)at + LOCAL_SIZE > size || le32(zip + at) != 0x04034b50) return floor_fail("a part's header is not where the directory says", file);
    size_t data = (size_t)at + LOCAL_SIZE + le16(zip + at + 26) + le16(zip + at + 28);
    if (data > size || csize > size - data) return floor_fail("a part runs past the end of the file", file);
    uint32_t crc;
    uint64_t length;
    if (method == 0) {
        crc = how->check_crc ? crc32_gzip_refl(0, zip + data, csize) : 0;
        length = csize;
    } else if (method == 8) {
        if (floor_inflate(how, zip + data, csize, &crc, &length) != 0) {
            fprintf(stderr, "inflate-floor: %s: a part's deflate stream is broken\n", file);
            return 1;
        }
    } else {
        return floor_fail("a part compressed by neither store nor deflate", file);
    }
    if (!how->check_crc) crc = want_crc;
    printf("%.*s: %llu bytes, %s\n", (int)le16(cd + 28), (const char *)cd + CDIR_SIZE, (unsigned long long)length,
           length != usize ? "SIZE WRONG" : !how->check_crc ? "crc not checked" : crc == want_crc ? "crc ok" : "CRC WRONG");
    return crc == want_crc && length == usize ? 0 : 1;
}

static int floor_zip(const FloorHow *how, const unsigned char *zip, size_t size, const char *file) {
    const unsigned char *eocd = floor_eocd(zip, size);
    if (!eocd) return floor_fail("not a zip file", file);
    unsigned parts = le16(eocd + 10);
    size_t cd = le32(eocd + 16);
    int worst = 0;
    for (unsigned i = 0; i < parts; i++) {
        if (cd + CDIR_SIZE > size || le32(zip + cd) != 0x02014b50) return floor_fail("a broken central directory", file);
        int rc = floor_part(how, zip, size, zip + cd, file);
        if (rc == 2) return 2;
        if (rc > worst) worst = rc;
        cd += CDIR_SIZE + le16(zip + cd + 28) + le16(zip + cd + 30) + le16(zip + cd + 32);
    }
    return worst;
}

static int floor_usage(void) {
    fprintf(stderr, "usage: inflate-floor [-w BYTES] [-n] FILE.xlsx|FILE.ods\n");
    return 2;
}

int main(int argc, char **argv) {
    FloorHow how = { NULL, FLOOR_WINDOW, 1 };
    int i = 1;
    for (; i < argc - 1 && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-n") == 0) {
            how.check_crc = 0;
        } else if (strcmp(argv[i], "-w") == 0 && i + 1 < argc - 1) {
            char *end;
            unsigned long w = strtoul(argv[++i], &end, 10);
            if (*end || w < FLOOR_WINDOW_MIN || w > UINT32_MAX / 2) return floor_usage();
            how.window_size = (uint32_t)w;
        } else {
            return floor_usage();
        }
    }
    if (i != argc - 1) return floor_usage();
    const char *file = argv[i];
    how.window = malloc(how.window_size);
    if (!how.window) return floor_fail("out of memory", file);
    int fd = open(file, O_RDONLY);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0) return floor_fail(strerror(errno), file);
    if (!S_ISREG(sb.st_mode) || sb.st_size == 0) return floor_fail("not a regular, non-empty file", file);
    const unsigned char *zip = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (zip == MAP_FAILED) return floor_fail(strerror(errno), file);
    int rc = floor_zip(&how, zip, (size_t)sb.st_size, file);
    munmap((void *)zip, (size_t)sb.st_size);
    close(fd);
    free(how.window);
    return rc;
}

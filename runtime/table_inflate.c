/* runtime/table_inflate.c: a workbook part read as a stream: a deflated part inflated by ISA-L and its CRC-32 checked here, any other through libzip. */
#include "table_impl.h"

#include <stdlib.h>
#include <string.h>

#include "pages.h"
#include "zip_errors.h"

#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>

/*
** Why: libzip inflates with zlib and checks the CRC with zlib's crc32, 1.2.13,
** which has no SIMD: 0.26 s for the 198 MB of the bench workbook's hour sheet,
** more than the whole CSV run. ISA-L (Debian's libisal) does the same work
** with SIMD, inflating in a third of the time and checking the CRC with
** carry-less multiplication. libzip still reads the container: the part's raw
** deflate bytes (ZIP_FL_COMPRESSED) and its CRC from the central
** directory. The stream reads as libzip's did: the inflated bytes, then, at
** the end, the CRC check, whose failure is the error of the read that would
** have returned 0; a damaged stream fails with libzip's wording, and a
** stream cut short ends where libzip ended it, so the messages stay the same.
** At the end the size is checked too, after the CRC: libzip 1.7.3 checks a
** stored part's size against the central directory's ("Zip archive
** inconsistent") but not a deflated one's; here both are. A part that is not
** deflated (stored, or another method) is read by libzip as before. A sheet cut into slices
** (table_sheet_crc.c) defers the CRC: each slice's reader computes its
** slice's, the cutter joins them in order and gives the sum back before the
** end is said, so that the inflating thread only inflates. Memory: one buffer of raw
** bytes and ISA-L's state with its 32 KiB window, malloc'd, no collector
** pointer: the read-ahead thread may own the stream.
**
** The raw buffer holds up to a MiB, and no more than the part's raw bytes.
** Every isal_inflate call that does not end the stream copies its last
** 32 KiB into the state (the next call's window), and the next call
** decodes its first 32 KiB there and copies them out: 64 KiB of copies a
** call. A call stops where the caller's room ends or where the raw bytes
** do; at 256 KiB of raw bytes, the bench sheet's 20 MB of raw bytes ended
** 78 of its 362 calls (docs/performance-journal.md, `gonfle`).
*/

#define TABLE_INFLATE_INPUT (1024 * 1024)

struct TableInflate {
    zip_file_t *zf;             /* raw deflate bytes, or the inflated part (plain) */
    bool plain;                 /* libzip inflates (not a deflated part) */
    struct inflate_state st;
    unsigned char *in;
    size_t in_cap;              /* in's bytes: the part's raw size, at most TABLE_INFLATE_INPUT */
    bool input_end;             /* zip_fread gave its last raw byte */
    bool finished;              /* the final block is read, or the raw bytes are spent */
    uint32_t crc, want_crc;
    bool size_known;            /* the central directory gives the inflated size, want_size */
    unsigned long long want_size;
    int error;                  /* why the stream failed (ZIP_ER_…, 0: it has not), */
    int error_sys;              /* the system's errno with it, */
    const char *error_text;     /* libzip's English wording (zip_errors_say) */
    unsigned long long made;    /* inflated bytes given so far */
    /* Deferred (table_inflate_defer_crc): crc is of the first crc_len bytes;
    ** the later ones' is the caller's, given back by table_inflate_resume_crc. */
    bool deferred, ended;
    unsigned long long crc_len;
};

/*
** The raw buffer was malloc'd: a MiB, or a part's raw size, past malloc's
** threshold for a mapping of its own, so each page of it faulted when the
** first zip_fread wrote it (the kernel's copy to user space). On the
** ninth run's machine a fault costs 10 to 16 µs: medium.xlsx's opening took
** some 530 of them on the main thread (the participants' sheet's 916 KiB
** right after the check, the other core idle; the hour sheet's MiB and the
** hires' beside the participants), 6 ms. Such a buffer is now made resident
** in one call (pages_map_resident); a small one stays malloc's.
*/
enum { TABLE_INFLATE_INPUT_MAPPED = 128 * 1024 };
/*
** Resident small pages still cost the kernel's first write into each from
** its own side (the copy to user space: about 5 us a page through this
** machine's hypervisor, 1.5 ms a MiB, against 0.07 once written). A raw
** buffer of half a MiB or more (a sheet's MiB) is read into 2 MiB pages of
** its own instead: one fault and one clearing, about 0.2 ms a MiB, for at
** most 1.5 MiB more of peak memory a part open.
*/
enum { TABLE_INFLATE_INPUT_HUGE = 512 * 1024, TABLE_INFLATE_HUGE_PAGE = 2 << 20 };

static size_t table_inflate_input_mapping(size_t cap)
{
    return (cap + TABLE_INFLATE_HUGE_PAGE - 1) & ~(size_t)(TABLE_INFLATE_HUGE_PAGE - 1);
}

static unsigned char *table_inflate_input_new(size_t cap)
{
    if (cap >= TABLE_INFLATE_INPUT_HUGE)
        return pages_map(table_inflate_input_mapping(cap), true);
    return cap >= TABLE_INFLATE_INPUT_MAPPED ? pages_map_resident(cap) : malloc(cap);
}

static void table_inflate_input_free(unsigned char *in, size_t cap)
{
    if (cap >= TABLE_INFLATE_INPUT_HUGE)
        pages_unmap(in, table_inflate_input_mapping(cap));
    else if (cap >= TABLE_INFLATE_INPUT_MAPPED)
        pages_unmap(in, cap);
    else
        free(in);
}

TableInflate *table_inflate_open(zip_t *zip, const char *entry, const zip_stat_t *st)
{
    TableInflate *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    bool deflated = (st->valid & ZIP_STAT_COMP_METHOD) && st->comp_method == ZIP_CM_DEFLATE &&
                    (st->valid & ZIP_STAT_CRC);
    f->plain = !deflated;
    if (deflated) {
        /* One byte more than the raw size: never a buffer of none. */
        bool small = (st->valid & ZIP_STAT_COMP_SIZE) && st->comp_size < TABLE_INFLATE_INPUT;
        f->in_cap = small ? (size_t)st->comp_size + 1 : TABLE_INFLATE_INPUT;
        f->in = table_inflate_input_new(f->in_cap);
        f->want_crc = st->crc;
        f->size_known = (st->valid & ZIP_STAT_SIZE) != 0;
        f->want_size = st->size;
        isal_inflate_init(&f->st);
        f->st.crc_flag = ISAL_DEFLATE;
    }
    f->zf = deflated && f->in ? zip_fopen(zip, entry, ZIP_FL_COMPRESSED) : zip_fopen(zip, entry, 0);
    if (!f->zf || (deflated && !f->in)) {
        table_inflate_close(f);
        return NULL;
    }
    return f;
}

void table_inflate_close(TableInflate *f)
{
    if (!f)
        return;
    if (f->zf)
        zip_fclose(f->zf);
    table_inflate_input_free(f->in, f->in_cap);
    free(f);
}

static zip_int64_t inflate_fail(TableInflate *f, int code)
{
    f->error = code;
    return -1;
}

/* zip_fread failed: libzip's error kept, said by table_inflate_error. */
static void inflate_libzip_failed(TableInflate *f)
{
    zip_error_t *e = zip_file_get_error(f->zf);
    f->error = zip_error_code_zip(e);
    f->error_sys = zip_error_code_system(e);
    f->error_text = zip_file_strerror(f->zf);
    if (f->error == ZIP_ER_OK)
        f->error = ZIP_ER_READ;
}

/* The end of the stream: the CRC, then the size, as libzip checks a stored part's. */
static zip_int64_t inflate_end(TableInflate *f)
{
    if (f->crc != f->want_crc)
        return inflate_fail(f, ZIP_ER_CRC);
    return !f->size_known || f->made == f->want_size ? 0 : inflate_fail(f, ZIP_ER_INCONS);
}

/* More raw bytes for ISA-L; false when zip_fread failed. */
static bool inflate_refill(TableInflate *f)
{
    zip_int64_t n = zip_fread(f->zf, f->in, f->in_cap);
    if (n < 0) {
        inflate_libzip_failed(f);
        return false;
    }
    f->input_end = n == 0;
    f->st.next_in = f->in;
    f->st.avail_in = (uint32_t)n;
    return true;
}

zip_int64_t table_inflate_read(TableInflate *f, char *buf, size_t cap)
{
    if (f->plain) {
        zip_int64_t n = zip_fread(f->zf, buf, cap);
        if (n < 0)
            inflate_libzip_failed(f);
        return n;
    }
    if (f->error)
        return -1;
    if (cap > UINT32_MAX)
        cap = UINT32_MAX;
    size_t out = 0;
    while (out < cap && !f->finished) {
        if (f->st.avail_in == 0 && !f->input_end && !inflate_refill(f))
            return -1;
        f->st.next_out = (uint8_t *)buf + out;
        f->st.avail_out = (uint32_t)(cap - out);
        int rc = isal_inflate(&f->st);
        size_t made = (size_t)(cap - out) - f->st.avail_out;
        out += made;
        if (rc < 0)
            return inflate_fail(f, ZIP_ER_ZLIB);
        /* Raw bytes spent without the final block: libzip ends the stream
        ** there too, and the CRC tells whether anything is missing. */
        f->finished = f->st.block_state == ISAL_BLOCK_FINISH || (f->input_end && f->st.avail_in == 0 && made == 0);
    }
    f->made += out;
    if (!f->deferred)
        f->crc = crc32_gzip_refl(f->crc, (const unsigned char *)buf, out);
    if (out > 0)
        return (zip_int64_t)out;
    f->ended = true;
    return f->deferred ? 0 : inflate_end(f);   /* deferred: checked once the CRC is given back */
}

bool table_inflate_defer_crc(TableInflate *f, unsigned long long *from)
{
    if (f->plain || f->error || f->finished || f->deferred)
        return false;
    f->deferred = true;
    f->crc_len = f->made;
    *from = f->made;
    return true;
}

void table_inflate_resume_crc(TableInflate *f, uint32_t crc, unsigned long long upto)
{
    if (!f->deferred)
        return;
    f->deferred = false;
    f->crc = table_inflate_crc_join(f->crc, crc, upto - f->crc_len);
    /* Bytes left out or counted twice: the check cannot pass; say it as a CRC error. */
    if (upto != f->made)
        f->crc = ~f->want_crc;
}

uint32_t table_inflate_crc_of(uint32_t crc, const void *bytes, size_t n)
{
    return crc32_gzip_refl(crc, (const unsigned char *)bytes, n);
}

/* a times b modulo the CRC-32 polynomial, both reflected (zlib's multmodp). */
static uint32_t crc_multmodp(uint32_t a, uint32_t b)
{
    uint32_t m = (uint32_t)1 << 31, p = 0;
    for (;;) {
        if (a & m) {
            p ^= b;
            if ((a & (m - 1)) == 0)
                break;
        }
        m >>= 1;
        b = b & 1 ? (b >> 1) ^ 0xedb88320u : b >> 1;
    }
    return p;
}

/* x^(8 * 2^k) modulo the CRC-32 polynomial, reflected, for k = 0 to 31 (x^8,
** x^16, x^32…): zlib's x2n_table. Squaring them one by one at every join
** cost some 11 000 instructions a slice (20 M on medium.ods's 1 853 slices,
** on the cutting thread); with the squares written out, a join multiplies
** once per bit set in the length. x^(2^32) is x modulo the polynomial, so the
** squares repeat after 32 and the index wraps. */
static const uint32_t crc_x8_squares[32] = {
    0x00800000u, 0x00008000u, 0xedb88320u, 0xb1e6b092u, 0xa06a2517u, 0xed627daeu, 0x88d14467u, 0xd7bbfe6au,
    0xec447f11u, 0x8e7ea170u, 0x6427800eu, 0x4d47bae0u, 0x09fe548fu, 0x83852d0fu, 0x30362f1au, 0x7b5a9cc3u,
    0x31fec169u, 0x9fec022au, 0x6c8dedc4u, 0x15d6874du, 0x5fde7a4eu, 0xbad90e37u, 0x2e4e5eefu, 0x4eaba214u,
    0xa8a472c0u, 0x429a969eu, 0x148d302au, 0xc40ba6d0u, 0xc4e22c3cu, 0x40000000u, 0x20000000u, 0x08000000u,
};

uint32_t table_inflate_crc_join(uint32_t a, uint32_t b, unsigned long long blen)
{
    uint32_t shift = (uint32_t)1 << 31;   /* x^0, reflected; then x^(8 blen) */
    for (unsigned k = 0; blen; blen >>= 1, k++)
        if (blen & 1)
            shift = crc_multmodp(crc_x8_squares[k & 31], shift);
    return crc_multmodp(shift, a) ^ b;
}

Say table_inflate_error(const TableInflate *f)
{
    return zip_errors_say(f->error ? f->error : ZIP_ER_READ, f->error_sys, f->error_text);
}

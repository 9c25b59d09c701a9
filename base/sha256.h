/* base/sha256.h: SHA-256 (FIPS 180-4), for the digest that names a charter's version in reports. */
#ifndef CHARTE_SHA256_H
#define CHARTE_SHA256_H

#include <nettle/sha2.h>
#include <stddef.h>

/* nettle also defines these short names as macros for its own functions: ours
** are the project's interface, nettle's are called by their nettle_ names. */
#undef sha256_init
#undef sha256_update
#undef sha256_digest

/*
** Incremental: init, any number of updates, then final. The compression is
** nettle's: every charter checked is hashed whole, and nettle picks the CPU's
** SHA instructions when it has them (a 3.6 MB charter: ≈ 2 ms against 40 ms
** for portable C), its own assembly otherwise.
*/
typedef struct Sha256 {
    struct sha256_ctx ctx;
} Sha256;

void sha256_init(Sha256 *h);
void sha256_update(Sha256 *h, const void *data, size_t len);
/* The digest as 64 lowercase hex digits and a NUL; h is spent. */
void sha256_final_hex(Sha256 *h, char out[65]);

#endif

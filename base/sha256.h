/* base/sha256.h: SHA-256 (FIPS 180-4), for the digest that names a charter's version in reports. */
#ifndef CHARTE_SHA256_H
#define CHARTE_SHA256_H

#include <stddef.h>
#include <stdint.h>

/* Incremental: init, any number of updates, then final. */
typedef struct Sha256 {
    uint32_t state[8];
    uint64_t bytes;          /* message length so far */
    unsigned char block[64];
    size_t used;             /* bytes waiting in block */
} Sha256;

void sha256_init(Sha256 *h);
void sha256_update(Sha256 *h, const void *data, size_t len);
/* The digest as 64 lowercase hex digits and a NUL; h is spent. */
void sha256_final_hex(Sha256 *h, char out[65]);

#endif

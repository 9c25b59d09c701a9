/* base/sha256.c: SHA-256 (FIPS 180-4) through nettle, and its digest as hex text. */
#include "sha256.h"

void sha256_init(Sha256 *h)
{
    nettle_sha256_init(&h->ctx);
}

void sha256_update(Sha256 *h, const void *data, size_t len)
{
    nettle_sha256_update(&h->ctx, len, data);
}

void sha256_final_hex(Sha256 *h, char out[65])
{
    uint8_t digest[SHA256_DIGEST_SIZE];
    nettle_sha256_digest(&h->ctx, sizeof digest, digest);
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
        out[2 * i] = hex[digest[i] >> 4];
        out[2 * i + 1] = hex[digest[i] & 15];
    }
    out[64] = '\0';
}

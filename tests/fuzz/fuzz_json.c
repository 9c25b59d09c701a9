/* tests/fuzz/fuzz_json.c: libFuzzer harness for the JSON loader: bytes written to x.json, then every row read. */
#include "fuzz.h"

#include "gc.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    rt_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[4352];
    fuzz_read_table(fuzz_write_temp("x.json", data, size, path, sizeof path));
    fuzz_alloc_release();
    return 0;
}

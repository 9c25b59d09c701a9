/* cli/version.c: the digest of the embedded standard library, written by the Makefile. */
#include "version.h"

const char *version_stdlib(void)
{
    return
#include "stdlib_version.inc"
        ;
}

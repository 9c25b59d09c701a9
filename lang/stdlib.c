/* lang/stdlib.c: lookup of the standard library modules embedded from stdlib/NAME.charte. */
#include "stdlib.h"

#include <string.h>

typedef struct StdlibModule {
    const char *name;
    const unsigned char *text;   /* NUL-terminated */
    size_t len;
} StdlibModule;

static const StdlibModule stdlib_modules[] = {
#include "stdlib_data.inc"
    { NULL, NULL, 0 }
};

const char *stdlib_lookup(const char *name, size_t *len)
{
    for (const StdlibModule *m = stdlib_modules; m->name; m++)
        if (strcmp(m->name, name) == 0) {
            *len = m->len;
            return (const char *)m->text;
        }
    return NULL;
}

const char *const *stdlib_names(void)
{
    static const char *const names[] = {
#include "stdlib_names.inc"
        NULL
    };
    return names;
}

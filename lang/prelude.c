/* lang/prelude.c: lookup of the standard library modules (stdlib/NAME.charte) embedded in the binary at build time. */
#include "prelude.h"

#include <string.h>

typedef struct PreludeModule {
    const char *name;
    const unsigned char *text;   /* NUL-terminated */
    size_t len;
} PreludeModule;

static const PreludeModule prelude_modules[] = {
#include "stdlib_data.inc"
    { NULL, NULL, 0 }
};

const char *prelude_lookup(const char *name, size_t *len)
{
    for (const PreludeModule *m = prelude_modules; m->name; m++)
        if (strcmp(m->name, name) == 0) {
            *len = m->len;
            return (const char *)m->text;
        }
    return NULL;
}

const char *const *prelude_names(void)
{
    static const char *const names[] = {
#include "stdlib_names.inc"
        NULL
    };
    return names;
}

/* lang/stdlib.h: the standard library modules (stdlib/NAME.charte), embedded in the binary at build time. */
#ifndef CHARTE_STDLIB_H
#define CHARTE_STDLIB_H

#include <stddef.h>

/* The text of stdlib module `name` ("anru"), or NULL when there is none. */
const char *stdlib_lookup(const char *name, size_t *len);
/* Module names, NULL-terminated (for messages: "modules connus : anru"). */
const char *const *stdlib_names(void);

#endif

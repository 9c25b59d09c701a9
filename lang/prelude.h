/* lang/prelude.h: the standard library modules (stdlib/NAME.charte), embedded in the binary at build time; named so as not to be read as <stdlib.h>. */
#ifndef CHARTE_PRELUDE_H
#define CHARTE_PRELUDE_H

#include <stddef.h>

/* The text of stdlib module `name` ("anru"), or NULL when there is none. */
const char *prelude_lookup(const char *name, size_t *len);
/* Module names, NULL-terminated (for messages: "modules connus : anru"). */
const char *const *prelude_names(void);

#endif
